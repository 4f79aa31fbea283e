import { dayEndsAt, replayEndsAt, type Edition, type Role } from '@agora/shared';

// Decided in shared/src/rules/replay-window.ts (documents and replays read the same window).
export { dayEndsAt, replayEndsAt };

/** A moderator or screen joining after the last day (a rehearsal, a late replay night) still gets a working day. */
export const LATE_ACCESS_MS = 12 * 60 * 60 * 1000;

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
