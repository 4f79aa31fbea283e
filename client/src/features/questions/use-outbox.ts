import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorBody, MyQuestion } from '@agora/shared';
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

function load(key: string): OutboxItem[] {
  try {
    return parseOutbox(localStorage.getItem(key));
  } catch {
    return [];
  }
}

function save(key: string, items: OutboxItem[]) {
  try {
    if (items.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(items));
  } catch {
    // Storage refused (private mode, quota): the outbox still lives in memory for this page.
  }
}

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
  const [items, setItems] = useState<OutboxItem[]>(() => load(storageKey));
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
      const next = f(
        load(storageKey).length ? mergeItems(load(storageKey), itemsRef.current) : itemsRef.current,
      );
      itemsRef.current = next;
      save(storageKey, next);
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

  const flush = useCallback(() => {
    for (const item of itemsRef.current) if (item.sessionId === sessionId) void send(item);
  }, [send, sessionId]);

  // Every (re)connection ends with a fresh snapshot (`ready`); flush then, and keep retrying while items remain.
  useEffect(() => {
    if (!ready) return;
    flush();
    const timer = setInterval(() => {
      if (itemsRef.current.some((i) => i.sessionId === sessionId)) flush();
    }, RETRY_MS);
    return () => clearInterval(timer);
  }, [ready, flush, sessionId]);

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
