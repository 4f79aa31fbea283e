import { AppError, minutesOf, ProgrammeRow, type RowError, type Speaker } from '@agora/shared';
import { columnOf, headerKey, readCsv } from './csv.ts';

/** A good row of a programme file, with its line (CSV) or its position + 1 (JSON). */
export type ProgrammeLine = ProgrammeRow & { line: number };

const COLUMNS = {
  date: ['date', 'jour', 'day'],
  start: ['debut', 'start', 'heuredebut', 'starttime', 'horairedebut', 'de'],
  end: ['fin', 'end', 'heurefin', 'endtime', 'horairefin', 'a'],
  title: ['titre', 'title', 'intitule', 'seance', 'session'],
  room: ['salle', 'room', 'lieu'],
  kind: ['type', 'kind', 'format', 'nature'],
  speakers: ['intervenants', 'intervenant', 'speakers', 'orateurs'],
  description: ['description', 'resume', 'summary'],
  streamUrl: ['liendirect', 'direct', 'live', 'lienlive', 'stream', 'streamurl'],
  replayUrl: ['replay', 'lienreplay', 'replayurl'],
  remoteDelaySeconds: ['delai', 'delay', 'delaidistanciel', 'remotedelayseconds'],
} as const;

const KINDS: Record<string, 'plenary' | 'workshop'> = {
  pleniere: 'plenary',
  seancepleniere: 'plenary',
  plenary: 'plenary',
  pleniary: 'plenary',
  atelier: 'workshop',
  workshop: 'workshop',
};

/** « Nom (rôle) | Nom 2 » or one per line → speakers. */
function readSpeakers(cell: string): Speaker[] {
  return cell
    .split(/[|\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(.*?)\s*\((.*)\)\s*$/.exec(s);
      return m?.[1] ? { name: m[1], role: m[2] ?? '' } : { name: s };
    });
}

/** 24/06/2026 → 2026-06-24; anything else is left for the schema to judge. */
function readDate(cell: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : cell;
}

const fieldCodes: Record<string, RowError['code']> = {
  date: 'INVALID_DATE',
  start: 'INVALID_TIME',
  end: 'INVALID_TIME',
  kind: 'INVALID_KIND',
  streamUrl: 'INVALID_URL',
  replayUrl: 'INVALID_URL',
  remoteDelaySeconds: 'INVALID_NUMBER',
};

/** Checks one row (an object) against `ProgrammeRow`; a refusal names its first problem with a stable code. */
function checkRow(raw: unknown, line: number): ProgrammeLine | RowError {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { line, code: 'MALFORMED_ROW', message: 'a session must be an object' };
  }
  const parsed = ProgrammeRow.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    const value = (raw as Record<string, unknown>)[field];
    const code =
      value === undefined || value === '' ? 'MISSING_FIELD' : (fieldCodes[field] ?? 'MALFORMED_ROW');
    return { line, code, field, message: `${field}: ${issue.message}` };
  }
  if (minutesOf(parsed.data.end) < minutesOf(parsed.data.start)) {
    return { line, code: 'INVALID_TIME', field: 'end', message: 'the session ends before it starts' };
  }
  return { ...parsed.data, line };
}

function split(results: (ProgrammeLine | RowError)[]): { rows: ProgrammeLine[]; errors: RowError[] } {
  const rows: ProgrammeLine[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const r of results) {
    if ('code' in r) {
      errors.push(r);
      continue;
    }
    const key = `${r.date} ${minutesOf(r.start)} ${r.title.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        line: r.line,
        code: 'DUPLICATE_IN_FILE',
        field: 'title',
        message: `the same session (date, start, title) is on line ${first}`,
      });
      continue;
    }
    seen.set(key, r.line);
    rows.push(r);
  }
  return { rows, errors };
}

/** Reads the sessions of a JSON programme (`{ sessions: [...] }`, already checked as such). */
export function readProgrammeJson(sessions: unknown[]): {
  rows: ProgrammeLine[];
  errors: RowError[];
  read: number;
} {
  return { ...split(sessions.map((s, i) => checkRow(s, i + 1))), read: sessions.length };
}

/**
 * Reads a CSV programme: columns found by header (French or English), dates as YYYY-MM-DD or
 * DD/MM/YYYY, times as 09:30 or 9h30, kinds plénière / atelier (plenary / workshop), speakers
 * « Nom (rôle) » separated by `|` or line breaks. Without date, start, end or title columns the
 * file is refused whole.
 */
export function readProgrammeCsv(text: string): { rows: ProgrammeLine[]; errors: RowError[]; read: number } {
  const table = readCsv(text);
  const col = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, names]) => [field, columnOf(table.header, names)]),
  ) as Record<keyof typeof COLUMNS, number>;
  const missing = (['date', 'start', 'end', 'title'] as const).filter((f) => col[f] < 0);
  if (missing.length > 0) {
    throw new AppError('INVALID_PAYLOAD', `missing column(s): ${missing.join(', ')}`, {
      code: 'MISSING_COLUMN',
      missing,
      found: table.header,
    });
  }
  const results = table.rows.map(({ line, cells }): ProgrammeLine | RowError => {
    if (cells.length > table.header.length) {
      return {
        line,
        code: 'MALFORMED_ROW',
        message: `${cells.length} cells for ${table.header.length} columns`,
      };
    }
    const at = (i: number) => (i >= 0 ? (cells[i] ?? '') : '');
    const raw: Record<string, unknown> = {
      date: readDate(at(col.date)),
      start: at(col.start),
      end: at(col.end),
      title: at(col.title),
    };
    if (col.room >= 0) raw.room = at(col.room);
    if (col.description >= 0) raw.description = at(col.description);
    if (col.speakers >= 0) raw.speakers = readSpeakers(at(col.speakers));
    if (at(col.kind)) raw.kind = KINDS[headerKey(at(col.kind))] ?? at(col.kind);
    if (at(col.streamUrl)) raw.streamUrl = at(col.streamUrl);
    if (at(col.replayUrl)) raw.replayUrl = at(col.replayUrl);
    if (at(col.remoteDelaySeconds)) {
      const n = Number(at(col.remoteDelaySeconds));
      raw.remoteDelaySeconds = Number.isFinite(n) ? n : at(col.remoteDelaySeconds);
    }
    return checkRow(raw, line);
  });
  const { rows, errors } = split(results);
  return {
    rows,
    errors: [...table.errors, ...errors].sort((a, b) => a.line - b.line),
    read: table.rows.length,
  };
}
