import { useCallback, useState } from 'react';
import type { Ack, MyQuestion, ModQuestion, Session, UpvoteResult } from '@agora/shared';
import {
  applyAudienceDelta,
  applyMine,
  applyUpvote,
  audienceFromSnapshot,
  type DeltaOutcome,
} from '../state/audience.state.ts';
import {
  applyModerationDelta,
  applyModQuestion,
  applyOnScreen,
  moderationFromSnapshot,
} from '../state/moderation.state.ts';
import { useServerEvent } from './hooks.ts';
import { useSnapshotSync } from './snapshot-sync.ts';
import { command, type AgoraSocket } from './socket.ts';

const joinAudience = (socket: AgoraSocket, sessionId: string) =>
  command(socket, 'session:join', { sessionId });
const joinModeration = (socket: AgoraSocket, sessionId: string) =>
  command(socket, 'moderation:join', { sessionId });

/**
 * A session's questions kept in sync: snapshot on join and after every reconnect, deltas applied
 * in seq order (the audience's deltas are coalesced ranges: see `coverage`), a fresh snapshot
 * whenever a gap shows that one was missed.
 */
function useSeqSession<S, D>(
  socket: AgoraSocket | null,
  sessionId: string,
  join: (socket: AgoraSocket, sessionId: string) => Promise<Ack<D>>,
  fromSnapshot: (data: D) => S,
) {
  const { state, ref, set, status, resync, update } = useSnapshotSync(socket, sessionId, join, fromSnapshot);
  const [session, setSession] = useState<Session | null>(null);

  useServerEvent(socket, 'session:updated', (s) => {
    if (s.id === sessionId) setSession(s);
  });
  // The session was wiped (go-live) or anonymised (an erasure): only a fresh snapshot is right.
  useServerEvent(socket, 'session:reset', (e) => {
    if (e.sessionId === sessionId) void resync();
  });

  const offerDelta = <E extends { sessionId: string }>(
    delta: E,
    apply: (s: S, delta: E) => DeltaOutcome<S>,
  ) => {
    const current = ref.current;
    if (!current || delta.sessionId !== sessionId) return;
    const outcome = apply(current, delta);
    if (outcome.kind === 'applied') set(outcome.state);
    else if (outcome.kind === 'gap') void resync();
  };

  return { state, status, updatedSession: session, resync, update, offerDelta };
}

/** A session's audience view, with the seq discipline of `useSeqSession`. */
export function useAudienceSession(socket: AgoraSocket | null, sessionId: string) {
  const { state, status, updatedSession, resync, update, offerDelta } = useSeqSession(
    socket,
    sessionId,
    joinAudience,
    audienceFromSnapshot,
  );

  useServerEvent(socket, 'qa:audience', (delta) => offerDelta(delta, applyAudienceDelta));
  useServerEvent(socket, 'question:mine', (q) => {
    if (q.sessionId === sessionId) update((s) => applyMine(s, q));
  });

  const addMine = useCallback((q: MyQuestion) => update((s) => applyMine(s, q)), [update]);
  const addUpvote = useCallback((r: UpvoteResult) => update((s) => applyUpvote(s, r)), [update]);

  return { state, status, updatedSession, addMine, addUpvote, resync };
}

/** The moderator console's view of a session, with the same seq discipline as the audience's. */
export function useModerationSession(socket: AgoraSocket | null, sessionId: string) {
  const { state, status, updatedSession, resync, update, offerDelta } = useSeqSession(
    socket,
    sessionId,
    joinModeration,
    moderationFromSnapshot,
  );

  useServerEvent(socket, 'qa:moderation', (delta) => offerDelta(delta, applyModerationDelta));

  const applyQuestion = useCallback((q: ModQuestion) => update((s) => applyModQuestion(s, q)), [update]);
  const setOnScreen = useCallback((id: string | null) => update((s) => applyOnScreen(s, id)), [update]);

  return { state, status, updatedSession, applyQuestion, setOnScreen, resync };
}
