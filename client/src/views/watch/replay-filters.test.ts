import type { ReplayEntry } from '@agora/shared';
import { zonedEpoch } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import { filterChoices, filterReplays, noFilters } from './replay-filters.ts';

const tz = 'Europe/Paris';

function entry(id: string, over: Partial<ReplayEntry> & { date: string; minutes: number }): ReplayEntry {
  const startsAt = zonedEpoch(over.date, over.minutes, tz);
  return {
    sessionId: id,
    title: over.title ?? id,
    kind: over.kind ?? 'plenary',
    startsAt,
    endsAt: startsAt + 3_600_000,
    speakers: over.speakers ?? [],
    resumeAtSeconds: null,
    watchedSeconds: 0,
  };
}

const entries = [
  entry('c', { date: '2026-06-25', minutes: 9 * 60, title: 'Clôture', speakers: ['Ana Ruiz'] }),
  entry('a', {
    date: '2026-06-24',
    minutes: 9 * 60,
    title: 'Énergie et territoires',
    speakers: ['Léa Martin'],
  }),
  entry('b', {
    date: '2026-06-24',
    minutes: 14 * 60,
    title: 'Atelier mobilité',
    kind: 'workshop',
    speakers: ['Léa Martin', 'Ana Ruiz'],
  }),
  // 00:30 in Paris is still the previous day in UTC: the day follows the edition's time zone.
  entry('d', { date: '2026-06-25', minutes: 30, title: 'Nocturne' }),
];

describe('the replay catalogue filters', () => {
  it('lists every replay in programme order without filters', () => {
    expect(filterReplays(entries, noFilters, tz).map((e) => e.sessionId)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('filters by day in the edition’s time zone, by kind and by speaker', () => {
    expect(filterReplays(entries, { ...noFilters, day: '2026-06-25' }, tz).map((e) => e.sessionId)).toEqual([
      'd',
      'c',
    ]);
    expect(filterReplays(entries, { ...noFilters, kind: 'workshop' }, tz).map((e) => e.sessionId)).toEqual([
      'b',
    ]);
    expect(filterReplays(entries, { ...noFilters, speaker: 'Ana Ruiz' }, tz).map((e) => e.sessionId)).toEqual(
      ['b', 'c'],
    );
  });

  it('searches titles by every word, ignoring case and accents', () => {
    expect(filterReplays(entries, { ...noFilters, search: 'energie' }, tz).map((e) => e.sessionId)).toEqual([
      'a',
    ]);
    expect(filterReplays(entries, { ...noFilters, search: ' TERRITOIRES  énergie' }, tz)).toHaveLength(1);
    expect(filterReplays(entries, { ...noFilters, search: 'energie mobilité' }, tz)).toEqual([]);
  });

  it('offers the days and speakers that have a replay', () => {
    expect(filterChoices(entries, tz)).toEqual({
      days: ['2026-06-24', '2026-06-25'],
      speakers: ['Ana Ruiz', 'Léa Martin'],
    });
  });
});
