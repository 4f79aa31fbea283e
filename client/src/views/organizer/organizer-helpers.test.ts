import { describe, expect, it } from 'vitest';
import { readSemicolonCsv } from './csv-text.ts';
import { addMonths, minutesOf, wallClock, zonedEpoch } from '@agora/shared';

describe('organizer console helpers', () => {
  it('reads the mail-merge CSV the server writes, BOM, quotes and CRLF included', () => {
    const text =
      '\uFEFFnom;email;code;lien\r\n"Dupont; Marie";m@x.fr;ABCD-EFGH-JKLM;"http://x/e/a?code=A"\r\n"Le ""Chef""";c@x.fr;Q;L\r\n';
    expect(readSemicolonCsv(text)).toEqual([
      ['nom', 'email', 'code', 'lien'],
      ['Dupont; Marie', 'm@x.fr', 'ABCD-EFGH-JKLM', 'http://x/e/a?code=A'],
      ['Le "Chef"', 'c@x.fr', 'Q', 'L'],
    ]);
  });

  it('turns a wall-clock time of the edition into an instant and back, across a daylight-saving change', () => {
    const summer = zonedEpoch('2026-06-24', minutesOf('09:30'), 'Europe/Paris');
    expect(new Date(summer).toISOString()).toBe('2026-06-24T07:30:00.000Z');
    expect(wallClock(summer, 'Europe/Paris')).toEqual({ date: '2026-06-24', time: '09:30', minutes: 570 });
    const winter = zonedEpoch('2026-01-15', minutesOf('09:30'), 'Europe/Paris');
    expect(new Date(winter).toISOString()).toBe('2026-01-15T08:30:00.000Z');
    expect(wallClock(winter, 'America/Montreal').time).toBe('03:30');
  });

  it('defaults the replay window to nine months after the end, clamped to the month', () => {
    expect(addMonths('2026-06-25', 9)).toBe('2027-03-25');
    expect(addMonths('2026-05-31', 9)).toBe('2027-02-28');
  });
});
