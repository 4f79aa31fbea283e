import { useCallback, useRef, useState } from 'react';
import type { AppErrorBody, MyQuestion, ModQuestion, Session, UpvoteResult } from '@agora/shared';
import {
  applyAudienceDelta,
  applyMine,
  applyUpvote,
  audienceFromSnapshot,
  type AudienceState,
} from '../state/audience.state.ts';
import {
  applyModerationDelta,
  applyModQuestion,
  applyOnScreen,
  moderationFromSnapshot,
  type ModerationState,
} from '../state/moderation.state.ts';
import { useOnConnect, useServerEvent } from './hooks.ts';
import { command, type AgoraSocket } from './socket.ts';

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
 * A session's audience view kept in sync: snapshot on join and after every reconnect,
 * deltas applied in seq order, a fresh snapshot whenever a gap shows that one was missed.
 */
export function useAudienceSession(socket: AgoraSocket | null, sessionId: string) {
  const [state, ref, set] = useRefState<AudienceState | null>(null);
  const [status, setStatus] = useState<SyncStatus>({ kind: 'loading' });
  const [session, setSession] = useState<Session | null>(null);
  const joining = useRef(0);

  const resync = useCallback(async () => {
    if (!socket) return;
    const attempt = ++joining.current;
    const ack = await command(socket, 'session:join', { sessionId });
    if (attempt !== joining.current) return;
    if (ack.ok) {
      set(audienceFromSnapshot(ack.data));
      setStatus({ kind: 'ready' });
    } else {
      setStatus({ kind: 'error', error: ack.error });
    }
  }, [socket, sessionId, set]);

  useOnConnect(socket, () => void resync());

  useServerEvent(socket, 'qa:audience', (delta) => {
    const current = ref.current;
    if (!current || delta.sessionId !== sessionId) return;
    const outcome = applyAudienceDelta(current, delta);
    if (outcome.kind === 'applied') set(outcome.state);
    else if (outcome.kind === 'gap') void resync();
  });

  useServerEvent(socket, 'question:mine', (q) => {
    if (ref.current && q.sessionId === sessionId) set(applyMine(ref.current, q));
  });

  useServerEvent(socket, 'session:updated', (s) => {
    if (s.id === sessionId) setSession(s);
  });

  const addMine = useCallback(
    (q: MyQuestion) => {
      if (ref.current) set(applyMine(ref.current, q));
    },
    [ref, set],
  );
  const addUpvote = useCallback(
    (r: UpvoteResult) => {
      if (ref.current) set(applyUpvote(ref.current, r));
    },
    [ref, set],
  );

  return { state, status, updatedSession: session, addMine, addUpvote, resync };
}

/** The moderator console's view of a session, with the same seq discipline as the audience's. */
export function useModerationSession(socket: AgoraSocket | null, sessionId: string) {
  const [state, ref, set] = useRefState<ModerationState | null>(null);
  const [status, setStatus] = useState<SyncStatus>({ kind: 'loading' });
  const [session, setSession] = useState<Session | null>(null);
  const joining = useRef(0);

  const resync = useCallback(async () => {
    if (!socket) return;
    const attempt = ++joining.current;
    const ack = await command(socket, 'moderation:join', { sessionId });
    if (attempt !== joining.current) return;
    if (ack.ok) {
      set(moderationFromSnapshot(ack.data));
      setStatus({ kind: 'ready' });
    } else {
      setStatus({ kind: 'error', error: ack.error });
    }
  }, [socket, sessionId, set]);

  useOnConnect(socket, () => void resync());

  useServerEvent(socket, 'qa:moderation', (delta) => {
    const current = ref.current;
    if (!current || delta.sessionId !== sessionId) return;
    const outcome = applyModerationDelta(current, delta);
    if (outcome.kind === 'applied') set(outcome.state);
    else if (outcome.kind === 'gap') void resync();
  });

  useServerEvent(socket, 'session:updated', (s) => {
    if (s.id === sessionId) setSession(s);
  });

  const applyQuestion = useCallback(
    (q: ModQuestion) => {
      if (ref.current) set(applyModQuestion(ref.current, q));
    },
    [ref, set],
  );
  const setOnScreen = useCallback(
    (id: string | null) => {
      if (ref.current) set(applyOnScreen(ref.current, id));
    },
    [ref, set],
  );

  return { state, status, updatedSession: session, applyQuestion, setOnScreen, resync };
}
