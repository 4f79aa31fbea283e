import { beatSeconds } from '@agora/shared';

/**
 * The player's arithmetic, kept out of the components so it is tested without a browser: how far
 * behind the live edge it plays, when a heartbeat is due, where a timeline item seeks to.
 */

/** The most a heartbeat may carry (`WatchBeat.behindLiveSeconds`). */
const MAX_BEHIND = 3_600;

function rounded(seconds: number): number {
  return Math.round(Math.min(MAX_BEHIND, Math.max(0, seconds)) * 10) / 10;
}

/** What a player knows about the live edge, by engine. */
export type LiveEdge =
  /** hls.js: its own estimate (`latency`, else `liveSyncPosition` minus the position). */
  | { engine: 'hls.js'; latency: number | null; liveSyncPosition: number | null; position: number }
  /** The browser's HLS: the end of the seekable range is the edge. */
  | { engine: 'native'; seekableEnd: number | null; position: number }
  /**
   * A plain file played as a live stream (the demo's): position 0 is the session's start, so the
   * edge is the time since the start, no later than the file's end.
   */
  | { engine: 'file'; startsAt: number; now: number; duration: number | null; position: number }
  /** YouTube and Vimeo embeds do not tell. */
  | { engine: 'embed' };

/** Seconds behind the live edge (to a tenth), or null when the player cannot tell. */
export function behindLive(edge: LiveEdge): number | null {
  switch (edge.engine) {
    case 'hls.js':
      if (edge.latency !== null && Number.isFinite(edge.latency)) return rounded(edge.latency);
      if (edge.liveSyncPosition !== null && Number.isFinite(edge.liveSyncPosition))
        return rounded(edge.liveSyncPosition - edge.position);
      return null;
    case 'native':
      return edge.seekableEnd !== null && Number.isFinite(edge.seekableEnd)
        ? rounded(edge.seekableEnd - edge.position)
        : null;
    case 'file': {
      const edgeAt = fileLiveEdge(edge.startsAt, edge.now, edge.duration);
      if (edgeAt === null || edge.duration === null) return null;
      // The file loops: an edge that wrapped round is ahead of a position near the end.
      const behind = edgeAt - edge.position;
      return rounded(behind < 0 ? behind + edge.duration : behind);
    }
    case 'embed':
      return null;
  }
}

/**
 * Where the live edge of a file played as a live stream is (seconds into the file): the time since
 * the session started, round the file again and again (such a file loops: the demo's one-minute
 * clock stays live for a whole session, as a studio loop would). Null while its length is unknown.
 */
export function fileLiveEdge(startsAt: number, now: number, duration: number | null): number | null {
  if (duration === null || !Number.isFinite(duration) || duration <= 0) return null;
  return Math.max(0, (now - startsAt) / 1000) % duration;
}

/** The heartbeat's bookkeeping between two beats. */
export type BeatState = { lastSentAt: number | null; playedSinceLast: boolean };

export const initialBeatState: BeatState = { lastSentAt: null, playedSinceLast: false };

/**
 * Whether a heartbeat goes now: the first as soon as the video plays (attendance starts then), the
 * next ones `beatSeconds` apart at the earliest, so a viewer never sends more than one message per
 * `beatSeconds` however often this is asked (a timer, a play event, a reconnection).
 */
export function beatDue(state: BeatState, now: number, playing: boolean): boolean {
  if (state.lastSentAt === null) return playing;
  return now - state.lastSentAt >= beatSeconds * 1000;
}

/** The state after a beat was sent at `now`; `playing` then starts over from the current state. */
export function afterBeat(now: number, playing: boolean): BeatState {
  return { lastSentAt: now, playedSinceLast: playing };
}

/** What the player says at a tick. */
export type PlayerSnapshot = { position: number; playing: boolean; behindLive: number | null };

/** The heartbeat's content, as `WatchBeat` less the session and the tab. */
export type BeatContent = {
  mode: 'live' | 'replay';
  positionSeconds: number;
  behindLiveSeconds: number | null;
  playing: boolean;
};

/**
 * One tick of the heartbeat: the new bookkeeping, and the beat to send now if one is due. The
 * beat says whether the video played at any time since the last one (a tick that saw it playing
 * counts, even if paused since), the position to a tenth within the contract's bounds, and the
 * distance from the live edge only live.
 */
export function beatTick(
  state: BeatState,
  snap: PlayerSnapshot,
  mode: 'live' | 'replay',
  now: number,
): { state: BeatState; beat: BeatContent | null } {
  const played = state.playedSinceLast || snap.playing;
  if (!beatDue(state, now, snap.playing)) {
    return {
      state: played === state.playedSinceLast ? state : { ...state, playedSinceLast: played },
      beat: null,
    };
  }
  return {
    state: afterBeat(now, snap.playing),
    beat: {
      mode,
      positionSeconds: Math.min(86_400, Math.max(0, Math.round(snap.position * 10) / 10)),
      behindLiveSeconds: mode === 'live' ? snap.behindLive : null,
      playing: played,
    },
  };
}

/**
 * Where in the video a timeline item is: its offset from the session's start plus where the session
 * starts in the video, within the video when its length is known.
 */
export function seekTarget(
  offsetSeconds: number,
  videoStartOffsetSeconds: number,
  duration: number | null = null,
): number {
  const at = Math.max(0, offsetSeconds + videoStartOffsetSeconds);
  return duration !== null && Number.isFinite(duration) && duration > 0 ? Math.min(at, duration) : at;
}

/**
 * Where a replay opens: where the person stopped, unless that was in the last few seconds (then
 * from the session's start, as for a first viewing).
 */
export function resumePosition(
  resumeAtSeconds: number | null,
  videoStartOffsetSeconds: number,
  duration: number | null = null,
): number {
  const start = videoStartOffsetSeconds;
  if (resumeAtSeconds === null) return start;
  if (duration !== null && Number.isFinite(duration) && resumeAtSeconds > duration - 10) return start;
  return Math.max(0, resumeAtSeconds);
}

/** A position as people read it: « 4:05 », « 1:02:03 ». */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * Which timeline item the video is at: the last one whose moment has been reached (a second of
 * tolerance, as a seek lands on a keyframe just before), or null before the first.
 */
export function currentItem(
  offsets: readonly number[],
  positionSeconds: number,
  videoStartOffsetSeconds: number,
): number | null {
  let best: number | null = null;
  offsets.forEach((offset, i) => {
    if (seekTarget(offset, videoStartOffsetSeconds) <= positionSeconds + 1) {
      if (best === null || offset >= (offsets[best] ?? 0)) best = i;
    }
  });
  return best;
}
