import type { ProgrammeSession } from '@agora/shared';
import { wallClock } from '@agora/shared';

/**
 * The programme's « En direct » and « À suivre »: the sessions running now, and those of the next
 * start time to come (parallel workshops share it). `next` is empty once the last has started.
 */
export function nowAndNext<S extends Pick<ProgrammeSession, 'startsAt' | 'endsAt'>>(
  sessions: readonly S[],
  now: number,
): { live: S[]; next: S[] } {
  const live = sessions.filter((s) => s.startsAt <= now && now < s.endsAt);
  const upcoming = sessions.filter((s) => s.startsAt > now);
  const first = Math.min(...upcoming.map((s) => s.startsAt));
  const next = upcoming.filter((s) => s.startsAt === first);
  const byStart = (a: S, b: S) => a.startsAt - b.startsAt;
  return { live: live.sort(byStart), next: next.sort(byStart) };
}

/** The browser's own time zone, or null where it does not say. */
export function viewerTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/**
 * Whether a viewer in `viewerZone` reads another wall-clock time than the edition's for an
 * instant: true for Montréal watching Paris, false for two names of the same offset.
 */
export function otherWallClock(instant: number, editionZone: string, viewerZone: string | null): boolean {
  if (!viewerZone || viewerZone === editionZone) return false;
  try {
    const a = wallClock(instant, editionZone);
    const b = wallClock(instant, viewerZone);
    return a.date !== b.date || a.time !== b.time;
  } catch {
    return false;
  }
}
