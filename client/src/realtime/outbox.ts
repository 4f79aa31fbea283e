import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CommandInput, CommandOutput } from '@agora/shared';
import {
  emptyOutbox,
  errorKey,
  isNewestAnswer,
  mergeItems,
  newItem,
  outboxCommands,
  outboxReducer,
  retryDelay,
  type OutboxCommand,
  type OutboxEvent,
  type OutboxItem,
  type OutboxState,
} from '../state/outbox.ts';
import { readOutbox, writeOutbox, type KeyValueStore } from '../state/outbox-storage.ts';
import { command, type AgoraSocket } from './socket.ts';

/** How often unanswered items are looked at; each is re-sent after its command's own delay. */
const TICK_MS = 1_000;

/** Read lazily: merely touching `localStorage` throws where storage is blocked. */
const browserStorage: KeyValueStore = {
  getItem: (key) => localStorage.getItem(key),
  setItem: (key, value) => localStorage.setItem(key, value),
  removeItem: (key) => localStorage.removeItem(key),
};

/**
 * Per command: whether the state its answer lands in is ready (the snapshot of this connection
 * arrived, so the answer is applied on top of it, not overwritten by it), and where it lands.
 */
export type OutboxSinks = {
  [N in OutboxCommand]: { ready: boolean; onAcked: (data: CommandOutput<N>) => void };
};

function deliver(sinks: OutboxSinks, item: OutboxItem, data: unknown) {
  // `item.command` and `data` come from the same command, which the union types cannot follow.
  (sinks[item.command].onAcked as (data: unknown) => void)(data);
}

/**
 * The participant's one outbox. Every command is written to storage before any send and leaves it
 * only when the server answered it for good; every retry carries the same item, so the server
 * answers a retry with the original result instead of acting twice. Items are sent in the order
 * they were made, after each (re)connection's snapshot, and again while unanswered.
 */
export function useOutbox(
  slug: string,
  participantId: string,
  socket: AgoraSocket | null,
  sessionId: string,
  sinks: OutboxSinks,
) {
  const [state, setState] = useState<OutboxState>(() => ({
    ...emptyOutbox,
    items: readOutbox(browserStorage, slug, participantId),
  }));
  const stateRef = useRef(state);
  const persisted = useRef(new Set<string>());
  const inFlight = useRef(new Set<string>());
  const lastSent = useRef(new Map<string, number>());
  const lastStamp = useRef(0);
  const sinksRef = useRef(sinks);
  useEffect(() => {
    sinksRef.current = sinks;
  });

  const apply = useCallback(
    (event: OutboxEvent | null) => {
      // Re-read storage first: another tab of the same participant may have changed it.
      const current = stateRef.current;
      const stored = readOutbox(browserStorage, slug, participantId);
      const merged = { ...current, items: mergeItems(stored, current.items, persisted.current) };
      const next = event ? outboxReducer(merged, event) : merged;
      stateRef.current = next;
      if (writeOutbox(browserStorage, slug, participantId, next.items))
        persisted.current = new Set(next.items.map((i) => i.clientId));
      setState(next);
    },
    [slug, participantId],
  );

  // The first load moves what the old keys held into the one key.
  useEffect(() => apply(null), [apply]);

  const send = useCallback(
    async (item: OutboxItem) => {
      if (!socket || !socket.connected || inFlight.current.has(item.clientId)) return;
      inFlight.current.add(item.clientId);
      lastSent.current.set(item.clientId, Date.now());
      const ack = await command<OutboxCommand>(socket, item.command, item.input);
      inFlight.current.delete(item.clientId);
      const report = ack.ok && isNewestAnswer(stateRef.current, item);
      apply({ type: 'answered', item, ack });
      if (ack.ok && report) deliver(sinksRef.current, item, ack.data);
    },
    [socket, apply],
  );

  const readyKey = outboxCommands.filter((c) => sinks[c].ready).join(' ');
  useEffect(() => {
    if (!readyKey) return;
    const ready = new Set(readyKey.split(' '));
    const flush = (onlyDue: boolean) => {
      const now = Date.now();
      for (const item of stateRef.current.items) {
        if (item.sessionId !== sessionId || !ready.has(item.command)) continue;
        if (onlyDue && now - (lastSent.current.get(item.clientId) ?? 0) < retryDelay(item)) continue;
        void send(item);
      }
    };
    flush(false);
    const timer = setInterval(() => flush(true), TICK_MS);
    return () => clearInterval(timer);
  }, [readyKey, sessionId, send]);

  const submit = useCallback(
    <N extends OutboxCommand>(name: N, input: (clientId: string) => CommandInput<N>) => {
      // Strictly increasing, so the newest of two items made in one millisecond is still known.
      const createdAt = Math.max(Date.now(), lastStamp.current + 1);
      lastStamp.current = createdAt;
      const item: OutboxItem = newItem(name, sessionId, input, createdAt);
      apply({ type: 'enqueued', item });
      void send(item);
    },
    [sessionId, apply, send],
  );

  const items = useMemo(() => state.items.filter((i) => i.sessionId === sessionId), [state.items, sessionId]);
  const errors = state.errors;
  const errorOf = useCallback(
    (name: OutboxCommand, target: string) => errors.get(errorKey(name, target)) ?? null,
    [errors],
  );
  return { items, submit, errorOf };
}

export type Outbox = ReturnType<typeof useOutbox>;
