import { useCallback, useEffect, useRef, useState } from 'react';
import type { Ack, AppErrorBody, MyBallot, MyWord } from '@agora/shared';
import { loadOutbox, saveOutbox, useFlushWhenReady } from '../../realtime/outbox.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';
import { newClientId } from '../../state/outbox.ts';
import {
  dequeueSubmission,
  enqueueSubmission,
  isFinalSubmissionError,
  parseInteractionOutbox,
  type InteractionOutboxItem,
} from '../../state/interaction-outbox.ts';

const RETRY_MS = 3_000;

/** The last error per poll or cloud id, for the card that shows it. */
export type SubmissionErrors = ReadonlyMap<string, AppErrorBody>;

/**
 * Ballots and words follow the same discipline as questions (see `use-outbox.ts`): stored before
 * the first send, re-sent with the same client id after every reconnection until the server
 * acknowledges them, dropped only on an answer that a retry could not change.
 */
export function useInteractionOutbox(
  storageKey: string,
  socket: AgoraSocket | null,
  sessionId: string,
  ready: boolean,
  handlers: { onBallot: (b: MyBallot) => void; onWord: (w: MyWord) => void },
) {
  const [items, setItems] = useState<InteractionOutboxItem[]>(() =>
    loadOutbox(storageKey, parseInteractionOutbox),
  );
  const [errors, setErrors] = useState<SubmissionErrors>(new Map());
  const itemsRef = useRef(items);
  const inFlight = useRef(new Set<string>());
  // Two ballots of one poll may be answered out of order: only the latest one sent is shown as mine.
  const latestBallot = useRef(new Map<string, string>());
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });

  const update = useCallback(
    (f: (items: InteractionOutboxItem[]) => InteractionOutboxItem[]) => {
      const next = f(itemsRef.current);
      itemsRef.current = next;
      saveOutbox(storageKey, next);
      setItems(next);
    },
    [storageKey],
  );

  const setError = useCallback((targetId: string, error: AppErrorBody | null) => {
    setErrors((m) => {
      if (!error && !m.has(targetId)) return m;
      const n = new Map(m);
      if (error) n.set(targetId, error);
      else n.delete(targetId);
      return n;
    });
  }, []);

  const send = useCallback(
    async (item: InteractionOutboxItem) => {
      if (!socket || !socket.connected || inFlight.current.has(item.clientId)) return;
      inFlight.current.add(item.clientId);
      const settle = <T>(targetId: string, ack: Ack<T>, onOk: (data: T) => void) => {
        inFlight.current.delete(item.clientId);
        if (ack.ok) {
          update((list) => dequeueSubmission(list, item.clientId));
          setError(targetId, null);
          onOk(ack.data);
        } else {
          if (isFinalSubmissionError(ack.error.code))
            update((list) => dequeueSubmission(list, item.clientId));
          setError(targetId, ack.error);
        }
      };
      if (item.kind === 'ballot') {
        const { pollId, clientId, choices } = item;
        const ack = await command(socket, 'poll:vote', { pollId, clientId, choices });
        settle(pollId, ack, (ballot) => {
          const latest = latestBallot.current.get(pollId);
          if (!latest || latest === clientId) handlersRef.current.onBallot(ballot);
        });
      } else {
        const { cloudId, clientId, text } = item;
        const ack = await command(socket, 'cloud:submit', { cloudId, clientId, text });
        settle(cloudId, ack, (word) => handlersRef.current.onWord(word));
      }
    },
    [socket, update, setError],
  );

  useFlushWhenReady(ready, sessionId, itemsRef, send, RETRY_MS);

  const vote = useCallback(
    (pollId: string, choices: string[]) => {
      const item: InteractionOutboxItem = {
        kind: 'ballot',
        clientId: newClientId(),
        sessionId,
        pollId,
        choices,
        createdAt: Date.now(),
      };
      latestBallot.current.set(pollId, item.clientId);
      setError(pollId, null);
      update((list) => enqueueSubmission(list, item));
      void send(item);
    },
    [sessionId, send, update, setError],
  );

  const submitWord = useCallback(
    (cloudId: string, text: string) => {
      const item: InteractionOutboxItem = {
        kind: 'word',
        clientId: newClientId(),
        sessionId,
        cloudId,
        text,
        createdAt: Date.now(),
      };
      setError(cloudId, null);
      update((list) => enqueueSubmission(list, item));
      void send(item);
    },
    [sessionId, send, update, setError],
  );

  return { items: items.filter((i) => i.sessionId === sessionId), vote, submitWord, errors };
}
