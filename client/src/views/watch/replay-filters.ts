import type { ReplayEntry } from '@agora/shared';
import { wallClock } from '@agora/shared';

/** The catalogue's filters; an empty string means « all ». */
export type ReplayFilters = { day: string; kind: '' | ReplayEntry['kind']; speaker: string; search: string };

export const noFilters: ReplayFilters = { day: '', kind: '', speaker: '', search: '' };

/** Lower case without accents: « Énergie » is found by « energie ». */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** The day (YYYY-MM-DD, the edition's time zone) a session is on. */
export function dayOf(entry: Pick<ReplayEntry, 'startsAt'>, timeZone: string): string {
  return wallClock(entry.startsAt, timeZone).date;
}

/** The entries that pass every filter, in programme order (by start, then title). */
export function filterReplays(
  entries: readonly ReplayEntry[],
  filters: ReplayFilters,
  timeZone: string,
): ReplayEntry[] {
  const words = folded(filters.search).split(/\s+/).filter(Boolean);
  return entries
    .filter(
      (e) =>
        (!filters.day || dayOf(e, timeZone) === filters.day) &&
        (!filters.kind || e.kind === filters.kind) &&
        (!filters.speaker || e.speakers.includes(filters.speaker)) &&
        words.every((w) => folded(e.title).includes(w)),
    )
    .sort((a, b) => a.startsAt - b.startsAt || a.title.localeCompare(b.title));
}

/** The choices the filters offer: the days and speakers that have a replay, sorted. */
export function filterChoices(
  entries: readonly ReplayEntry[],
  timeZone: string,
): { days: string[]; speakers: string[] } {
  const days = new Set(entries.map((e) => dayOf(e, timeZone)));
  const speakers = new Set(entries.flatMap((e) => e.speakers));
  return { days: [...days].sort(), speakers: [...speakers].sort((a, b) => a.localeCompare(b, 'fr')) };
}
