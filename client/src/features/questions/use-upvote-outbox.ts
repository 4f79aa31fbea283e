import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppErrorBody, UpvoteResult } from '@agora/shared';
import { loadOutbox, saveOutbox, useFlushWhenReady } from '../../realtime/outbox.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';
import { newClientId } from '../../state/outbox.ts';
import {
  dequeueUpvote,
  enqueueUpvote,
  isFinalUpvoteError,
  parseUpvoteOutbox,
  pendingUpvotes,
  type PendingUpvote,
} from '../../state/upvote-outbox.ts';

const RETRY_MS = 3_000;

/**
 * Upvotes follow the same discipline as questions (see `use-outbox.ts`): stored before the first
 * send, re-sent after every reconnection until the server acknowledges them, dropped only on an
 * answer that a retry could not change. The server applies a desired state rather than a toggle,
 * so a re-send after a lost ack never counts a vote twice.
 */
export function useUpvoteOutbox(
  storageKey: string,
  socket: AgoraSocket | null,
  sessionId: string,
  ready: boolean,
  onAcked: (result: UpvoteResult) => void,
) {
  const [items, setItems] = useState<PendingUpvote[]>(() => loadOutbox(storageKey, parseUpvoteOutbox));
  const [lastError, setLastError] = useState<AppErrorBody | null>(null);
  const itemsRef = useRef(items);
  const inFlight = useRef(new Set<string>());
  const ackRef = useRef(onAcked);
  useEffect(() => {
    ackRef.current = onAcked;
  });

  const update = useCallback(
    (f: (items: PendingUpvote[]) => PendingUpvote[]) => {
      const next = f(itemsRef.current);
      itemsRef.current = next;
      saveOutbox(storageKey, next);
      setItems(next);
    },
    [storageKey],
  );

  const send = useCallback(
    async (item: PendingUpvote) => {
      if (!socket || !socket.connected || inFlight.current.has(item.clientId)) return;
      inFlight.current.add(item.clientId);
      const ack = await command(socket, 'question:upvote', { questionId: item.questionId, up: item.up });
      inFlight.current.delete(item.clientId);
      if (ack.ok) {
        update((list) => dequeueUpvote(list, item.clientId));
        // Acks of one connection arrive in the order the server applied the toggles, so the last
        // one applied is the server's current state, even when an older toggle is answered first.
        ackRef.current(ack.data);
        setLastError(null);
      } else {
        if (isFinalUpvoteError(ack.error.code)) update((list) => dequeueUpvote(list, item.clientId));
        setLastError(ack.error);
      }
    },
    [socket, update],
  );

  useFlushWhenReady(ready, sessionId, itemsRef, send, RETRY_MS);

  const setUpvote = useCallback(
    (questionId: string, up: boolean) => {
      const item: PendingUpvote = {
        clientId: newClientId(),
        sessionId,
        questionId,
        up,
        createdAt: Date.now(),
      };
      setLastError(null);
      update((list) => enqueueUpvote(list, item));
      void send(item);
    },
    [sessionId, send, update],
  );

  const pending = useMemo(() => pendingUpvotes(items, sessionId), [items, sessionId]);
  return { pending, setUpvote, lastError };
}
