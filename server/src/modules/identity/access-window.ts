import type { Edition, Role } from '@agora/shared';
import { zonedEpoch } from '@agora/shared';

/** A moderator or screen joining after the last day (a rehearsal, a late replay night) still gets a working day. */
export const LATE_ACCESS_MS = 12 * 60 * 60 * 1000;

/** Day and zone → its closing midnight: every join asks for the same one or two (40 µs each to compute). */
const dayEnds = new Map<string, number>();

/** The first instant after a day (YYYY-MM-DD) in a time zone: the midnight that closes it. */
export function dayEndsAt(date: string, timeZone: string): number {
  const key = `${date} ${timeZone}`;
  let end = dayEnds.get(key);
  if (end === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    end = zonedEpoch(next, 0, timeZone);
    // Editions' dates and zones: a handful per server; bounded all the same.
    if (dayEnds.size >= 1024) dayEnds.clear();
    dayEnds.set(key, end);
  }
  return end;
}

/** The first instant after an edition's replay window: midnight ending `replayUntil`, in its time zone. */
export function replayEndsAt(edition: Edition): number {
  return dayEndsAt(edition.replayUntil, edition.timeZone);
}

/**
 * When an access opened at `now` ends: a participant's with the edition's replay window, a
 * moderator's or screen's at the midnight closing the edition's last day (in its time zone), or
 * LATE_ACCESS_MS after `now` when that is later. Null: a participant joining after the replay
 * window gets in no more.
 */
export function accessEndsAt(role: Role, edition: Edition, now: number): number | null {
  if (role === 'participant') {
    const end = replayEndsAt(edition);
    return now < end ? end : null;
  }
  return Math.max(dayEndsAt(edition.endDate, edition.timeZone), now + LATE_ACCESS_MS);
}
