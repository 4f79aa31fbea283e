import { useCallback, useEffect } from 'react';

/** Reads a stored outbox; storage that cannot be read (private mode, blocked) counts as empty. */
export function loadOutbox<T>(key: string, parse: (raw: string | null) => T[]): T[] {
  try {
    return parse(localStorage.getItem(key));
  } catch {
    return [];
  }
}

/** Stores an outbox, removing the key once it is empty. */
export function saveOutbox(key: string, items: readonly unknown[]): void {
  try {
    if (items.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(items));
  } catch {
    // Storage refused (private mode, quota): the outbox still lives in memory for this page.
  }
}

/**
 * Sends the session's unacknowledged items when `ready` turns true, which it does after each
 * (re)connection's snapshot, and again every `retryMs` while any remain.
 */
export function useFlushWhenReady<T extends { sessionId: string }>(
  ready: boolean,
  sessionId: string,
  itemsRef: { readonly current: readonly T[] },
  send: (item: T) => Promise<void>,
  retryMs: number,
): void {
  const flush = useCallback(() => {
    for (const item of itemsRef.current) if (item.sessionId === sessionId) void send(item);
  }, [itemsRef, send, sessionId]);

  useEffect(() => {
    if (!ready) return;
    flush();
    const timer = setInterval(() => {
      if (itemsRef.current.some((i) => i.sessionId === sessionId)) flush();
    }, retryMs);
    return () => clearInterval(timer);
  }, [ready, flush, itemsRef, sessionId, retryMs]);
}
