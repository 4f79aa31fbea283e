import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorBody, MyQuestion } from '@agora/shared';
import { loadOutbox, saveOutbox, useFlushWhenReady } from '../../realtime/outbox.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';
import {
  dequeue,
  enqueue,
  isFinalError,
  newClientId,
  parseOutbox,
  type OutboxItem,
} from '../../state/outbox.ts';

const RETRY_MS = 5_000;

/**
 * Questions are written to localStorage before any send, and leave it only when the server
 * acknowledged them (or refused them for good). Every retry carries the same clientId, so the
 * server answers a retry with the original question instead of creating a second one.
 */
export function useOutbox(
  storageKey: string,
  socket: AgoraSocket | null,
  sessionId: string,
  ready: boolean,
  onAcked: (q: MyQuestion) => void,
) {
  const [items, setItems] = useState<OutboxItem[]>(() => loadOutbox(storageKey, parseOutbox));
  const [lastError, setLastError] = useState<AppErrorBody | null>(null);
  const itemsRef = useRef(items);
  const inFlight = useRef(new Set<string>());
  const ackRef = useRef(onAcked);
  useEffect(() => {
    ackRef.current = onAcked;
  });

  const update = useCallback(
    (f: (items: OutboxItem[]) => OutboxItem[]) => {
      // Re-read storage first: another tab of the same participant may have changed it.
      const stored = loadOutbox(storageKey, parseOutbox);
      const next = f(stored.length ? mergeItems(stored, itemsRef.current) : itemsRef.current);
      itemsRef.current = next;
      saveOutbox(storageKey, next);
      setItems(next);
    },
    [storageKey],
  );

  const send = useCallback(
    async (item: OutboxItem) => {
      if (!socket || !socket.connected || inFlight.current.has(item.clientId)) return;
      inFlight.current.add(item.clientId);
      const ack = await command(socket, 'question:ask', {
        sessionId: item.sessionId,
        clientId: item.clientId,
        text: item.text,
        anonymous: item.anonymous,
      });
      inFlight.current.delete(item.clientId);
      if (ack.ok) {
        update((list) => dequeue(list, item.clientId));
        ackRef.current(ack.data);
        setLastError(null);
      } else if (isFinalError(ack.error.code)) {
        update((list) => dequeue(list, item.clientId));
        setLastError(ack.error);
      } else {
        setLastError(ack.error);
      }
    },
    [socket, update],
  );

  useFlushWhenReady(ready, sessionId, itemsRef, send, RETRY_MS);

  const ask = useCallback(
    (text: string, anonymous: boolean) => {
      const item: OutboxItem = { clientId: newClientId(), sessionId, text, anonymous, createdAt: Date.now() };
      update((list) => enqueue(list, item));
      void send(item);
    },
    [sessionId, send, update],
  );

  return { pending: items.filter((i) => i.sessionId === sessionId), ask, lastError };
}

function mergeItems(stored: OutboxItem[], memory: OutboxItem[]): OutboxItem[] {
  let out = stored;
  for (const m of memory) out = enqueue(out, m);
  return out;
}
