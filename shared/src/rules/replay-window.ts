import type { Edition } from '../schemas/program.ts';
import { zonedEpoch } from '../zoned-time.ts';

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

/**
 * The first instant after an edition's replay window: midnight ending `replayUntil` (the
 * organizer's date; by default the last day + 9 months), in the edition's time zone. Content
 * (replays, documents) and participants' access end there.
 */
export function replayEndsAt(edition: Edition): number {
  return dayEndsAt(edition.replayUntil, edition.timeZone);
}

/** Why content of an edition is refused now: not open yet, or its replay window is over. */
export const ContentRefusal = {
  NOT_YET_AVAILABLE: 'NOT_YET_AVAILABLE',
  NO_LONGER_AVAILABLE: 'NO_LONGER_AVAILABLE',
} as const;
export type ContentRefusal = (typeof ContentRefusal)[keyof typeof ContentRefusal];

/** When a piece of content may be read: from `opensAt` (included) to `endsAt` (excluded). */
export interface ContentWindow {
  opensAt: number;
  endsAt: number;
}

/**
 * The window of an edition's content: from the midnight opening its first day (in its time zone)
 * to the end of its replay window. A replay passes its session's end as `opensAt`.
 */
export function contentWindow(
  edition: Edition,
  opensAt = zonedEpoch(edition.startDate, 0, edition.timeZone),
): ContentWindow {
  return { opensAt, endsAt: replayEndsAt(edition) };
}

/** The decision for one read at `now`: open (until when), or refused (why, and the instant that explains it). */
export type ContentAccess =
  { open: true; endsAt: number } | { open: false; refusal: ContentRefusal; at: number };

/**
 * Whether content of this window may be read at `now`. The one rule for documents and replays:
 * who may read (a registrant of the edition, with a code not revoked) is the caller's check, made
 * before; this says when.
 */
export function contentAccess(window: ContentWindow, now: number): ContentAccess {
  if (now < window.opensAt)
    return { open: false, refusal: ContentRefusal.NOT_YET_AVAILABLE, at: window.opensAt };
  if (now >= window.endsAt)
    return { open: false, refusal: ContentRefusal.NO_LONGER_AVAILABLE, at: window.endsAt };
  return { open: true, endsAt: window.endsAt };
}
