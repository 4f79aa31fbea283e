import { parse } from 'csv-parse/sync';
import type { RowError } from '@agora/shared';

/** A data row of a CSV file and the line it starts on (the header is line 1). */
export interface CsvRow {
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  /** Rows that could not be read at all (an unclosed quote swallows the rest of the file). */
  errors: RowError[];
}

/**
 * Which separator a file uses: the one of `;` and `,` found more often in its first line outside
 * quotes (French spreadsheets write `;`, most others `,`).
 */
export function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') break;
    else if (!quoted && c === ';') semicolons += 1;
    else if (!quoted && c === ',') commas += 1;
  }
  return semicolons >= commas && semicolons > 0 ? ';' : ',';
}

/**
 * Reads a CSV file as spreadsheets write them: UTF-8 with or without BOM, `;` or `,`, CRLF or LF,
 * quoted fields (with separators, quotes and line breaks inside). A quote inside an unquoted field
 * is kept as a character rather than refusing the row. Rows of empty cells are skipped.
 */
export function readCsv(raw: string): CsvTable {
  // Line ends normalised first: the parser's line count then matches what an editor shows.
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const errors: RowError[] = [];
  let unclosed = false;
  const records = parse(text, {
    delimiter: detectDelimiter(text),
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error?.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = true;
    },
  }) as unknown as { info: { lines: number }; record: string[] }[];
  const all = records.map(({ info, record }) => ({
    // `lines` is where the record ends; a quoted field may span several lines.
    line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    end: info.lines,
    cells: record.map((cell) => cell.trim()),
  }));
  const [head, ...body] = all;
  if (unclosed) {
    const line = (all.at(-1)?.end ?? 0) + 1;
    errors.push({
      line,
      code: 'MALFORMED_ROW',
      message: `a quote opened on line ${line} or after is never closed: the rest of the file could not be read`,
    });
  }
  return {
    header: head?.cells ?? [],
    rows: body.filter((r) => r.cells.some((c) => c !== '')).map(({ line, cells }) => ({ line, cells })),
    errors,
  };
}

/** A header reduced to compare it with known names: lower case, no accents, letters and digits only. */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Index of the first column whose header is one of the names (compared by `headerKey`), or -1. */
export function columnOf(header: string[], names: readonly string[]): number {
  const keys = header.map(headerKey);
  for (const name of names) {
    const i = keys.indexOf(name);
    if (i >= 0) return i;
  }
  return -1;
}

const needsQuotes = /[";\n\r]/;

function cell(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  // A leading = + - @ would be run as a formula by spreadsheets (CSV injection): prefixed with '.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return needsQuotes.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV file for French spreadsheets: UTF-8 BOM, `;` separators, CRLF, quotes where needed. */
export function writeCsv(header: string[], rows: (string | number | boolean | null)[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}
