import { useCallback, useRef, useState } from 'react';
import type { Ack, AppErrorBody } from '@agora/shared';
import { useOnConnect } from './hooks.ts';
import type { AgoraSocket } from './socket.ts';

export type SyncStatus = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; error: AppErrorBody };

/**
 * State held in a ref as well as in React state: deltas arrive between renders and must be
 * checked against the latest seq, not the one of the last render.
 */
export function useRefState<S>(initial: S) {
  const ref = useRef(initial);
  const [state, setState] = useState(initial);
  const set = useCallback((next: S) => {
    ref.current = next;
    setState(next);
  }, []);
  return [state, ref, set] as const;
}

/**
 * State that a join command fills with a snapshot on every (re)connection and on `resync`.
 * Only the answer to the latest join is kept: an older one may hold a state the events since
 * have already moved past. `join` and `fromSnapshot` should be stable (module-level) functions.
 */
export function useSnapshotSync<S, D>(
  socket: AgoraSocket | null,
  sessionId: string,
  join: (socket: AgoraSocket, sessionId: string) => Promise<Ack<D>>,
  fromSnapshot: (data: D, current: S | null) => S,
) {
  const [state, ref, set] = useRefState<S | null>(null);
  const [status, setStatus] = useState<SyncStatus>({ kind: 'loading' });
  const joining = useRef(0);

  const resync = useCallback(async () => {
    if (!socket) return;
    const attempt = ++joining.current;
    const ack = await join(socket, sessionId);
    if (attempt !== joining.current) return;
    if (ack.ok) {
      set(fromSnapshot(ack.data, ref.current));
      setStatus({ kind: 'ready' });
    } else {
      setStatus({ kind: 'error', error: ack.error });
    }
  }, [socket, sessionId, join, fromSnapshot, set, ref]);

  useOnConnect(socket, () => void resync());

  /** Applies `f` to the state held, once there is one. */
  const update = useCallback(
    (f: (s: S) => S) => {
      if (ref.current) set(f(ref.current));
    },
    [ref, set],
  );

  return { state, ref, set, status, resync, update };
}
