import { z } from 'zod';
import { AppError, limits, type AttendanceMode, type RowError } from '@agora/shared';
import { columnOf, headerKey, readCsv } from './csv.ts';

/** A good row of a registration list. */
export interface RegistrantRow {
  line: number;
  name: string;
  /** Lower-cased: the key of idempotent imports. */
  email: string;
  organisation: string;
  attendance: AttendanceMode;
}

/** Accepted headers (as `headerKey` reduces them), French and English. */
const COLUMNS = {
  name: ['nom', 'name', 'nomcomplet', 'fullname', 'nometprenom', 'prenomnom', 'prenometnom', 'participant'],
  firstName: ['prenom', 'firstname', 'givenname'],
  lastName: ['nomdefamille', 'lastname', 'familyname', 'surname'],
  email: ['email', 'mail', 'courriel', 'adresseemail', 'adressemail', 'adressecourriel', 'emailaddress'],
  organisation: [
    'organisation',
    'organization',
    'structure',
    'organisme',
    'etablissement',
    'association',
    'societe',
    'company',
  ],
  mode: [
    'mode',
    'presence',
    'modedeparticipation',
    'modedepresence',
    'participation',
    'modalite',
    'attendance',
    'attendancemode',
  ],
} as const;

const ONSITE = ['presentiel', 'enpresentiel', 'surplace', 'insitu', 'onsite', 'site', 'salle', 'inperson'];
const REMOTE = [
  'distanciel',
  'endistanciel',
  'adistance',
  'distance',
  'remote',
  'enligne',
  'online',
  'visio',
];

/** « présentiel », « à distance », "on-site", "Remote"… → the attendance mode, or null. */
export function readMode(value: string): AttendanceMode | null {
  const key = headerKey(value);
  if (ONSITE.includes(key)) return 'onsite';
  if (REMOTE.includes(key)) return 'remote';
  return null;
}

const emailSchema = z.email();

/**
 * Reads a registration list. Columns are found by their header (French or English, any case and
 * accents); a file without a name, email or attendance column is refused whole (INVALID_PAYLOAD);
 * otherwise every bad row is reported with its line and a stable code, and the good rows returned.
 * An email met again further down is a DUPLICATE_IN_FILE: the first row is kept.
 */
export function readRegistrants(text: string): { rows: RegistrantRow[]; errors: RowError[]; read: number } {
  const table = readCsv(text);
  const h = table.header;
  const col = {
    name: columnOf(h, COLUMNS.name),
    first: columnOf(h, COLUMNS.firstName),
    last: columnOf(h, COLUMNS.lastName),
    email: columnOf(h, COLUMNS.email),
    organisation: columnOf(h, COLUMNS.organisation),
    mode: columnOf(h, COLUMNS.mode),
  };
  const missing = [
    col.name < 0 && col.first < 0 && col.last < 0 ? 'nom' : null,
    col.email < 0 ? 'email' : null,
    col.mode < 0 ? 'mode' : null,
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    throw new AppError('INVALID_PAYLOAD', `missing column(s): ${missing.join(', ')}`, {
      code: 'MISSING_COLUMN',
      missing,
      found: h,
    });
  }
  const errors: RowError[] = [...table.errors];
  const rows: RegistrantRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const at = (i: number) => (i >= 0 ? (cells[i] ?? '') : '');
    if (cells.length > h.length) {
      errors.push({ line, code: 'MALFORMED_ROW', message: `${cells.length} cells for ${h.length} columns` });
      continue;
    }
    // A "nom" column next to a "prénom" one is the family name.
    const name =
      col.first >= 0
        ? [at(col.first), at(col.name >= 0 ? col.name : col.last)].filter(Boolean).join(' ')
        : [at(col.name), at(col.last)].filter(Boolean).join(' ');
    const email = at(col.email).toLowerCase();
    const organisation = at(col.organisation);
    const rawMode = at(col.mode);
    const fail = (code: RowError['code'], field: string, message: string) => {
      errors.push({ line, code, field, message });
    };
    if (!name) fail('MISSING_FIELD', 'name', 'the name is empty');
    else if (name.length > limits.nameMaxLength)
      fail('TOO_LONG', 'name', `the name is longer than ${limits.nameMaxLength} characters`);
    else if (!email) fail('MISSING_FIELD', 'email', 'the email is empty');
    else if (email.length > 254 || !emailSchema.safeParse(email).success)
      fail('INVALID_EMAIL', 'email', `« ${email} » is not an email address`);
    else if (organisation.length > 200)
      fail('TOO_LONG', 'organisation', 'the organisation is longer than 200 characters');
    else if (!rawMode) fail('MISSING_FIELD', 'mode', 'the attendance mode is empty');
    else if (!readMode(rawMode))
      fail('INVALID_MODE', 'mode', `« ${rawMode} » is neither présentiel nor distanciel (onsite / remote)`);
    else if (seen.has(email))
      fail('DUPLICATE_IN_FILE', 'email', `${email} already appears on line ${seen.get(email)}`);
    else {
      seen.set(email, line);
      rows.push({ line, name, email, organisation, attendance: readMode(rawMode)! });
    }
  }
  return { rows, errors: errors.sort((a, b) => a.line - b.line), read: table.rows.length };
}
