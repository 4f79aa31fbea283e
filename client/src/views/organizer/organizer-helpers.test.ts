import { describe, expect, it } from 'vitest';
import { csvFileText, readSemicolonCsv } from './csv-text.ts';
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

  it('reads a spreadsheet saved in Windows-1252 (Excel « CSV (séparateur : point-virgule) ») with its accents', () => {
    const bytes = new Uint8Array([
      ...[0x50, 0x72, 0xe9, 0x6e, 0x6f, 0x6d, 0x3b, 0x4d, 0x6f, 0x64, 0x65, 0x0d, 0x0a], // Prénom;Mode
      ...[0x48, 0xe9, 0x6c, 0xe8, 0x6e, 0x65, 0x3b, 0xe0, 0x20, 0x64, 0x69, 0x73, 0x74], // Hélène;à dist
      ...[0x61, 0x6e, 0x63, 0x65, 0x20, 0x80], // ance €
    ]);
    expect(csvFileText(bytes)).toBe('Prénom;Mode\r\nHélène;à distance €');
  });

  it('reads UTF-8 files as UTF-8, with or without a BOM (kept for the server to drop)', () => {
    const utf8 = new TextEncoder().encode('Prénom;Mode\nHélène;présentiel');
    expect(csvFileText(utf8)).toBe('Prénom;Mode\nHélène;présentiel');
    expect(csvFileText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(
      '\uFEFFPrénom;Mode\nHélène;présentiel',
    );
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
