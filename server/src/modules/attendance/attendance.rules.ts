import {
  beatSeconds,
  dayEndsAt,
  type Edition,
  type Session,
  type SessionMinutes,
  type WatchBeat,
} from '@agora/shared';
import type { AttendanceRecord } from './attendance.store.ts';

/**
 * Attendance's rules, decided once: which minute a beat or a presence tick marks, how minutes add
 * up (once per person, capped by the session's length), when a beat counts, the measured delay's
 * figures and when the remote window follows them. Pure: state + input + time → decision.
 */

const MINUTE_MS = 60_000;

/** A session's length in whole minutes (a started minute counts). */
export function lengthMinutes(session: Pick<Session, 'startsAt' | 'endsAt'>): number {
  return Math.max(0, Math.ceil((session.endsAt - session.startsAt) / MINUTE_MS));
}

/**
 * The live minute an instant falls in, counted from the session's start, or null outside the
 * session. A person connected at any moment of a minute attended that minute: presence is sampled
 * a few times a minute (`PRESENCE_TICK_MS`), so at most one minute per connection is rounded up.
 */
export function liveMinute(session: Pick<Session, 'startsAt' | 'endsAt'>, at: number): number | null {
  if (at < session.startsAt || at >= session.endsAt) return null;
  return Math.floor((at - session.startsAt) / MINUTE_MS);
}

/**
 * The replay minutes a playing beat covers: the video's minutes from one beat's span before its
 * position to its position. Minutes of the video, not of the clock: watching a part twice counts
 * it once, and skipping ahead counts only where the player was.
 */
export function replayMinutes(positionSeconds: number): number[] {
  const last = Math.floor(positionSeconds / 60);
  const first = Math.floor(Math.max(0, positionSeconds - beatSeconds) / 60);
  const minutes: number[] = [];
  for (let m = first; m <= last; m += 1) minutes.push(m);
  return minutes;
}

/**
 * Minutes attended: the distinct minutes marked (every tab, node and reconnection of a person
 * marks the same minute numbers, so they merge), capped by the session's length.
 */
export function countMinutes(marked: Iterable<number>, cap: number): number {
  const distinct = new Set<number>();
  for (const m of marked) if (m >= 0) distinct.add(m);
  return Math.min(distinct.size, cap);
}

/**
 * A person's attendance from their records: per session of the programme (in its order) with at
 * least one minute, live and replay minutes each capped by the session's length.
 */
export function attendanceOf(
  sessions: readonly Session[],
  records: readonly AttendanceRecord[],
): SessionMinutes[] {
  const bySession = new Map(records.map((r) => [r.sessionId, r]));
  return sessions.flatMap((session) => {
    const record = bySession.get(session.id);
    if (!record) return [];
    const cap = lengthMinutes(session);
    const liveMinutes = countMinutes(record.live, cap);
    const replayMinutes = countMinutes(record.replay, cap);
    return liveMinutes + replayMinutes > 0 ? [{ sessionId: session.id, liveMinutes, replayMinutes }] : [];
  });
}

/** What a beat marks: the live minute now (live), the replay minutes it covers (replay, playing). */
export type BeatMarks = { mode: 'live' | 'replay'; minutes: number[] };

/**
 * The minutes a beat marks, or none. A live beat counts only while the session runs; a replay beat
 * only after it ended and while the player was playing (a paused player is not watching).
 */
export function beatMarks(
  session: Pick<Session, 'startsAt' | 'endsAt'>,
  beat: WatchBeat,
  now: number,
): BeatMarks {
  if (beat.mode === 'live') {
    const minute = liveMinute(session, now);
    return { mode: 'live', minutes: minute === null ? [] : [minute] };
  }
  if (!beat.playing || now < session.endsAt) return { mode: 'replay', minutes: [] };
  return { mode: 'replay', minutes: replayMinutes(beat.positionSeconds) };
}

/**
 * The limiter's slot a beat takes: a live beat its tab's (a live minute is the clock's, so tabs
 * cannot add any), a replay beat one slot per person and session, whatever tab it names. A replay
 * beat marks the video minutes its position claims, and the tab id is the client's: with a slot per
 * tab, a script sending 60 beats from 60 made-up tabs had a whole hour of replay on its certificate
 * at once; now a person's replay of a session grows at most by one beat's minutes per `beatSeconds`.
 */
export function beatSlot(beat: Pick<WatchBeat, 'mode' | 'tabId' | 'sessionId'>): string {
  return beat.mode === 'replay' ? `replay\u0000${beat.sessionId}` : beat.tabId;
}

/**
 * Slack under `beatSeconds` a beat may come early and still count: browsers' timers drift and a
 * background tab's are throttled, so a player aiming at 30 s sends at 29.x s. Without slack every
 * other beat of such a player would be refused, and a minute could go unmarked.
 */
export const BEAT_SLACK_MS = 5_000;

/** Whether a beat counts: the first of a (person, tab), or one at least `beatSeconds` (less the slack) after the last counted one. */
export function beatCounts(lastCountedAt: number | undefined, now: number): boolean {
  return lastCountedAt === undefined || now - lastCountedAt >= beatSeconds * 1000 - BEAT_SLACK_MS;
}

/** Certificates say « provisoire » until the edition's last day has ended (its time zone). */
export function isProvisional(edition: Pick<Edition, 'endDate' | 'timeZone'>, now: number): boolean {
  return now < dayEndsAt(edition.endDate, edition.timeZone);
}

// ---------- measured delay ----------

/** A viewer's delay counts while their last beat is this recent: two beats and some slack. */
export const DELAY_RECENT_MS = 2 * beatSeconds * 1000 + 15_000;

/** The delay's figures: median and 90th percentile (nearest rank) of the viewers' latest samples. */
export function delayFigures(samples: readonly number[]): {
  viewers: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
} {
  if (samples.length === 0) return { viewers: 0, medianSeconds: null, p90Seconds: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { viewers: sorted.length, medianSeconds: round(rank(0.5)), p90Seconds: round(rank(0.9)) };
}

/** Bounds of the followed remote window (seconds): the session's own bounds (0–300). */
export const FOLLOW_MAX_SECONDS = 300;
/** The window moves only when the target differs by at least this much (seconds): no flapping on noise. */
export const FOLLOW_STEP_SECONDS = 3;
/** And at most once per this long (ms). */
export const FOLLOW_MIN_INTERVAL_MS = 60_000;
/** Below this many viewers the figures say too little to move the window. */
export const FOLLOW_MIN_VIEWERS = 3;

/**
 * The remote window a following session moves to, or null to leave it: the 90th percentile
 * rounded up to the second and bounded, when it differs by `FOLLOW_STEP_SECONDS` or more, at most
 * once per `FOLLOW_MIN_INTERVAL_MS`, with at least `FOLLOW_MIN_VIEWERS` viewers.
 */
export function followedDelay(input: {
  p90Seconds: number | null;
  viewers: number;
  currentSeconds: number;
  lastMovedAt: number | undefined;
  now: number;
}): number | null {
  if (input.p90Seconds === null || input.viewers < FOLLOW_MIN_VIEWERS) return null;
  if (input.lastMovedAt !== undefined && input.now - input.lastMovedAt < FOLLOW_MIN_INTERVAL_MS) return null;
  const target = Math.min(FOLLOW_MAX_SECONDS, Math.max(0, Math.ceil(input.p90Seconds)));
  return Math.abs(target - input.currentSeconds) >= FOLLOW_STEP_SECONDS ? target : null;
}
