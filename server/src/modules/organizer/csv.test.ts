import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsv, writeCsv } from './csv.ts';
import { readMode } from './registrant-rows.ts';

describe('reading CSV files as spreadsheets write them', () => {
  it('detects `;` and `,` from the header, ignoring separators inside quotes', () => {
    expect(detectDelimiter('nom;email\nx;y')).toBe(';');
    expect(detectDelimiter('"a;b;c",email\nx,y')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('reads a BOM, CRLF, quoted separators, doubled quotes and line breaks, with the line each row starts on', () => {
    const table = readCsv(
      '\uFEFFnom;note\r\n"Diallo; Aïcha";"dit ""bonjour"""\r\n"deux\r\nlignes";x\r\n;\r\nfin;y\r\n',
    );
    expect(table.header).toEqual(['nom', 'note']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Diallo; Aïcha', 'dit "bonjour"'] },
      { line: 3, cells: ['deux\nlignes', 'x'] },
      { line: 6, cells: ['fin', 'y'] },
    ]);
    expect(table.errors).toEqual([]);
  });

  it('reports an unclosed quote at the line where reading stopped', () => {
    const table = readCsv('nom;email\nok;a@b\n"jamais fermé;c@d\nperdu;e@f\n');
    expect(table.rows).toEqual([{ line: 2, cells: ['ok', 'a@b'] }]);
    expect(table.errors).toMatchObject([{ line: 3, code: 'MALFORMED_ROW' }]);
  });

  it('writes for French spreadsheets: BOM, `;`, CRLF, quotes where needed, formulas neutralised', () => {
    expect(
      writeCsv(
        ['a', 'b'],
        [
          ['x;y', '=1+1'],
          [3, null],
        ],
      ),
    ).toBe('\uFEFFa;b\r\n"x;y";\'=1+1\r\n3;\r\n');
  });
});

describe('attendance modes', () => {
  it.each([
    ['présentiel', 'onsite'],
    ['En présentiel', 'onsite'],
    ['sur place', 'onsite'],
    ['on-site', 'onsite'],
    ['distanciel', 'remote'],
    ['À distance', 'remote'],
    ['Remote', 'remote'],
    ['hybride', null],
  ])('reads « %s » as %s', (value, mode) => {
    expect(readMode(value)).toBe(mode);
  });
});
