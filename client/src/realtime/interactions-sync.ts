import { useCallback } from 'react';
import type {
  Cloud,
  CloudResults,
  InteractionsSnapshot,
  ModInteractionsSnapshot,
  MyBallot,
  MyWord,
  Poll,
  ScreenItem,
} from '@agora/shared';
import {
  applyCloud,
  applyCloudResults,
  applyMyBallot,
  applyMyWord,
  applyPoll,
  applyPollResults,
  applyPresence,
  applyRemoteDelay,
  applyScreen,
  interactionsFromSnapshot,
  moderationInteractionsFromSnapshot,
  type InteractionsState,
  type ModInteractionsState,
} from '../state/interactions.state.ts';
import { useServerEvent } from './hooks.ts';
import { useSnapshotSync } from './snapshot-sync.ts';
import { command, type AgoraSocket } from './socket.ts';

/**
 * Results already held may be newer than a snapshot that was answered while they arrived:
 * a fresh snapshot keeps the higher version of each.
 */
function keepNewerResults<C extends CloudResults>(
  fresh: InteractionsState<C>,
  old: InteractionsState<C> | null,
): InteractionsState<C> {
  if (!old || old.sessionId !== fresh.sessionId) return fresh;
  let next = fresh;
  for (const r of old.pollResults.values()) next = applyPollResults(next, r);
  for (const r of old.cloudResults.values()) next = applyCloudResults(next, r);
  return next;
}

/** Listeners shared by the audience and the moderator views; `C` is what cloud results hold. */
function useCommonEvents<C extends CloudResults>(
  socket: AgoraSocket | null,
  sessionId: string,
  update: (f: (s: InteractionsState<C>) => InteractionsState<C>) => void,
) {
  useServerEvent(socket, 'poll:updated', (p) => update((s) => applyPoll(s, p)));
  useServerEvent(socket, 'poll:results', (r) => update((s) => applyPollResults(s, r)));
  useServerEvent(socket, 'cloud:updated', (c) => update((s) => applyCloud(s, c)));
  useServerEvent(socket, 'screen:changed', (e) => update((s) => applyScreen(s, e)));
  useServerEvent(socket, 'session:updated', (session) => {
    if (session.id === sessionId) update((s) => applyRemoteDelay(s, session.remoteDelaySeconds));
  });

  // Command answers are applied at once; the event carrying the same change follows.
  const ownPoll = useCallback((p: Poll) => update((s) => applyPoll(s, p)), [update]);
  const ownCloud = useCallback((c: Cloud) => update((s) => applyCloud(s, c)), [update]);
  const ownScreen = useCallback(
    (screen: ScreenItem | null) => update((s) => applyScreen(s, { sessionId, screen })),
    [update, sessionId],
  );
  return { applyPoll: ownPoll, applyCloud: ownCloud, applyScreen: ownScreen };
}

/**
 * The session was reset (the go-live wipe): nothing held is worth keeping, not even results with a
 * higher version, so the state is dropped and a fresh snapshot replaces it whole.
 */
function useResetEvent<S>(
  socket: AgoraSocket | null,
  sessionId: string,
  sync: { set: (s: S | null) => void; resync: () => Promise<void> },
) {
  useServerEvent(socket, 'session:reset', (e) => {
    if (e.sessionId !== sessionId) return;
    sync.set(null);
    void sync.resync();
  });
}

const joinInteractions = (socket: AgoraSocket, sessionId: string) =>
  command(socket, 'interactions:join', { sessionId });
const joinModeration = (socket: AgoraSocket, sessionId: string) =>
  command(socket, 'interactions:moderate', { sessionId });
const interactionsFrom = (data: InteractionsSnapshot, current: InteractionsState | null) =>
  keepNewerResults(interactionsFromSnapshot(data, Date.now()), current);
const moderationFrom = (data: ModInteractionsSnapshot, current: ModInteractionsState | null) =>
  keepNewerResults(moderationInteractionsFromSnapshot(data, Date.now()), current);

/**
 * A session's polls and clouds as a participant or a projector sees them: snapshot from
 * `interactions:join` on every (re)connection, then events. Results carry versions, so no
 * sequence gap can go unnoticed: each results message is whole.
 */
export function useInteractions(socket: AgoraSocket | null, sessionId: string) {
  const { state, status, resync, update, set } = useSnapshotSync(
    socket,
    sessionId,
    joinInteractions,
    interactionsFrom,
  );
  useCommonEvents(socket, sessionId, update);
  useResetEvent(socket, sessionId, { set, resync });
  useServerEvent(socket, 'cloud:results', (r) => update((s) => applyCloudResults(s, r)));

  const addBallot = useCallback((b: MyBallot) => update((s) => applyMyBallot(s, b)), [update]);
  const addWord = useCallback((w: MyWord) => update((s) => applyMyWord(s, w)), [update]);

  return { state, status, resync, addBallot, addWord };
}

/** The moderator console's polls and clouds: drafts, every result and word, presence counts. */
export function useModerationInteractions(socket: AgoraSocket | null, sessionId: string) {
  const { state, status, resync, update, set } = useSnapshotSync(
    socket,
    sessionId,
    joinModeration,
    moderationFrom,
  );
  const common = useCommonEvents(socket, sessionId, update);
  useResetEvent(socket, sessionId, { set, resync });
  useServerEvent(socket, 'cloud:moderation', (r) => update((s) => applyCloudResults(s, r)));
  useServerEvent(socket, 'presence:counts', (e) => update((s) => applyPresence(s, e)));
  const setDelay = useCallback((seconds: number) => update((s) => applyRemoteDelay(s, seconds)), [update]);

  return { state, status, resync, setDelay, update, ...common };
}
