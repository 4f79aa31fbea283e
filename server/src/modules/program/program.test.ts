import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProgramme } from './demo/parse-programme.ts';
import { addMonths, zonedEpoch } from '@agora/shared';

describe('programme parser', () => {
  const text = readFileSync(new URL('./demo/programme-jnia-2024.md', import.meta.url), 'utf8');
  const { date, entries } = parseProgramme(text);

  it('reads the date and every timed entry of the seed programme', () => {
    expect(date).toBe('2024-12-12');
    expect(
      entries.map((e) => `${Math.floor(e.start / 60)}h${String(e.start % 60).padStart(2, '0')}`),
    ).toEqual(['9h00', '9h30', '10h00', '11h00', '11h20', '14h30', '16h00', '17h00']);
  });

  it('finds the speakers named in bold, with their role', () => {
    expect(entries[2]?.speakers).toEqual([{ name: 'Mme Claire Hédon', role: 'Défenseure des Droits' }]);
    expect(entries[4]?.speakers.map((s) => s.name)).toContain('M. Richard THOUVENIN');
    expect(entries[5]?.title).toBe('Intervention « Coopérer, se faire confiance ? »');
  });
});

describe('zoned time', () => {
  it('places a Paris wall-clock time at the right instant in winter and in summer', () => {
    expect(new Date(zonedEpoch('2024-12-12', 9 * 60 + 30, 'Europe/Paris')).toISOString()).toBe(
      '2024-12-12T08:30:00.000Z',
    );
    expect(new Date(zonedEpoch('2021-06-24', 9 * 60, 'Europe/Paris')).toISOString()).toBe(
      '2021-06-24T07:00:00.000Z',
    );
  });

  it('adds nine months, clamping to the end of shorter months', () => {
    expect(addMonths('2021-06-25', 9)).toBe('2022-03-25');
    expect(addMonths('2024-05-31', 9)).toBe('2025-02-28');
  });
});
