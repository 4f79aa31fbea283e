import { useEffect, useRef, type RefObject } from 'react';
import { newClientId } from '../../state/outbox.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';
import type { PlayerHandle } from './player-handle.ts';
import { beatTick, initialBeatState, type BeatState } from './player-clock.ts';

/**
 * This tab's id in heartbeats: two tabs of one person are told apart (and counted once by the
 * server); a reload is a new tab, which changes nothing to what is counted.
 */
const tabId = newClientId();

/** How often the player's state is looked at; a beat still goes at most every `beatSeconds`. */
const TICK_MS = 1_000;

/**
 * Sends `watch:beat` while a player is mounted: the first when the video first plays, then at most
 * one every `beatSeconds` (see `beatDue`), with the position, whether it played since the last
 * beat and, live, the distance from the live edge. A beat that fails (offline) is not retried: the
 * next one carries the state then, and attendance is counted from the beats that arrived.
 */
export function useWatchBeat(
  socket: AgoraSocket | null,
  sessionId: string,
  mode: 'live' | 'replay' | null,
  player: RefObject<PlayerHandle | null>,
) {
  const state = useRef<BeatState>(initialBeatState);
  useEffect(() => {
    if (!socket || !mode) return;
    state.current = initialBeatState;
    const tick = () => {
      const snap = player.current?.snapshot();
      // Offline, the beat would only fail and hold the next one back a whole period.
      if (!snap || !socket.connected) return;
      const next = beatTick(state.current, snap, mode, Date.now());
      state.current = next.state;
      if (next.beat) void command(socket, 'watch:beat', { sessionId, tabId, ...next.beat });
    };
    const timer = setInterval(tick, TICK_MS);
    return () => clearInterval(timer);
  }, [socket, sessionId, mode, player]);
}
