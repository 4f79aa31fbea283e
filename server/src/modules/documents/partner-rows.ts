import { AppError, PartnerInput, type RowError, type RowErrorCode } from '@agora/shared';
import { columnOf, readCsv } from '../organizer/csv.ts';

/** A good row of a partners file. */
export interface PartnerRow {
  line: number;
  input: PartnerInput;
}

/** Accepted headers (as `headerKey` reduces them), French and English. */
const COLUMNS = {
  name: ['nom', 'name', 'partenaire', 'partner', 'raisonsociale', 'organisation', 'organization'],
  description: ['description', 'presentation', 'descriptioncourte', 'shortdescription'],
  website: ['siteweb', 'site', 'website', 'url', 'web', 'siteinternet'],
  tier: ['categorie', 'category', 'niveau', 'tier', 'type', 'rang'],
  stand: ['stand', 'emplacement', 'location', 'booth', 'lieu'],
  order: ['ordre', 'order', 'position', 'rang'],
} as const;

/** Which field of a zod issue maps to which row error code. */
const codeOf = (field: string, issueCode: string): RowErrorCode => {
  if (issueCode === 'too_big') return 'TOO_LONG';
  if (field === 'website') return 'INVALID_URL';
  if (field === 'order') return 'INVALID_NUMBER';
  return field === 'name' && issueCode === 'too_small' ? 'MISSING_FIELD' : 'MALFORMED_ROW';
};

/**
 * Reads a partners file with the organizer's CSV reader: columns found by their header (French
 * or English); a file without a name column is refused whole; every row is parsed with the same
 * schema as the console's form (`PartnerInput`), a bad row reported with its line and a stable
 * code, a name met again further down a DUPLICATE_IN_FILE.
 */
export function readPartners(text: string): { rows: PartnerRow[]; errors: RowError[]; read: number } {
  const table = readCsv(text);
  const h = table.header;
  const col = Object.fromEntries(
    Object.entries(COLUMNS).map(([k, names]) => [k, columnOf(h, names)]),
  ) as Record<keyof typeof COLUMNS, number>;
  if (col.name < 0) {
    throw new AppError('INVALID_PAYLOAD', 'missing column(s): nom', {
      code: 'MISSING_COLUMN',
      missing: ['nom'],
      found: h,
    });
  }
  const errors: RowError[] = [...table.errors];
  const rows: PartnerRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const at = (i: number) => (i >= 0 ? (cells[i] ?? '') : '');
    if (cells.length > h.length) {
      errors.push({ line, code: 'MALFORMED_ROW', message: `${cells.length} cells for ${h.length} columns` });
      continue;
    }
    const order = at(col.order);
    const parsed = PartnerInput.safeParse({
      name: at(col.name),
      description: at(col.description),
      website: at(col.website) || null,
      tier: at(col.tier),
      stand: at(col.stand),
      order: order === '' ? 0 : /^\d+$/.test(order) ? Number(order) : order,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      errors.push({
        line,
        code: codeOf(field, issue?.code ?? ''),
        field,
        message: `${field}: ${issue?.message ?? 'invalid'}`,
      });
      continue;
    }
    const key = parsed.data.name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({
        line,
        code: 'DUPLICATE_IN_FILE',
        field: 'name',
        message: `${parsed.data.name} already appears on line ${earlier}`,
      });
      continue;
    }
    seen.set(key, line);
    rows.push({ line, input: parsed.data });
  }
  return { rows, errors: errors.sort((a, b) => a.line - b.line), read: table.rows.length };
}
