import { z } from 'zod';
import { SessionMinutes } from './attendance.ts';
import { AttendanceMode, Id, Timestamp } from './common.ts';
import { Cloud, CloudWord, Poll, PollResults } from './interactions.ts';
import { Edition, InteractionPolicy, Session, SessionKind, Speaker } from './program.ts';
import { ProjectorLook } from './projector.ts';
import { QuestionStatus } from './questions.ts';
import { limits } from '../limits.ts';

/** Name of the httpOnly cookie holding an organizer's token (organizers are not a personal-code role). */
export const ORGANIZER_COOKIE = 'agora_organizer';

/** An edition's slug: lower-case letters, digits and dashes. */
export const Slug = z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case letters, digits and dashes (2 to 64)');

/** An IANA time zone the platform knows (e.g. `Europe/Paris`). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));

// ---------- accounts ----------

/** Body of `POST /api/organizer/login`. */
export const OrganizerLogin = z.strictObject({
  email: Email,
  password: z.string().min(1).max(200),
});
export type OrganizerLogin = z.infer<typeof OrganizerLogin>;

/** An organizer account as the console shows it (never its password hash). */
export const Organizer = z.object({ id: Id, email: z.string(), name: z.string() });
export type Organizer = z.infer<typeof Organizer>;

/** Answer of a login; the token is also set as the `agora_organizer` httpOnly cookie. */
export const OrganizerLoginResponse = z.object({ organizer: Organizer, token: z.string() });

// ---------- editions and sessions ----------

/** Body creating an edition. `replayUntil` defaults to the end date + 9 months. */
export const EditionInput = z
  .strictObject({
    slug: Slug,
    name: z.string().trim().min(1).max(limits.editionNameMaxLength),
    startDate: z.iso.date(),
    endDate: z.iso.date(),
    venue: z.string().trim().max(limits.venueMaxLength).default(''),
    timeZone: TimeZone.default('Europe/Paris'),
    replayUntil: z.iso.date().optional(),
    /** Rehearsal mode: everything works; `go-live` later wipes what was tried. */
    rehearsal: z.boolean().default(false),
  })
  .refine((e) => e.endDate >= e.startDate, { path: ['endDate'], message: 'ends before it starts' });
export type EditionInput = z.infer<typeof EditionInput>;

/** Body changing an edition: only the fields given change. */
export const EditionPatch = z.strictObject({
  slug: Slug.optional(),
  name: z.string().trim().min(1).max(limits.editionNameMaxLength).optional(),
  startDate: z.iso.date().optional(),
  endDate: z.iso.date().optional(),
  venue: z.string().trim().max(limits.venueMaxLength).optional(),
  timeZone: TimeZone.optional(),
  replayUntil: z.iso.date().optional(),
  rehearsal: z.boolean().optional(),
  projector: ProjectorLook.optional(),
});
export type EditionPatch = z.infer<typeof EditionPatch>;

/** An edition as the organizer sees it. */
export const OrganizerEdition = Edition.extend({
  rehearsal: z.boolean(),
  /** When personal data was purged (the replay window ended), else null. */
  purgedAt: Timestamp.nullable(),
  joinUrl: z.string(),
  counts: z.object({
    sessions: z.number().int().nonnegative(),
    registrants: z.number().int().nonnegative(),
    moderators: z.number().int().nonnegative(),
    screens: z.number().int().nonnegative(),
  }),
});
export type OrganizerEdition = z.infer<typeof OrganizerEdition>;

const Url = z.url({ protocol: /^https?$/ }).max(2000);

/** Body creating a session; the policy defaults from the kind. */
export const SessionInput = z
  .strictObject({
    title: z.string().trim().min(1).max(limits.sessionTitleMaxLength),
    description: z.string().max(limits.sessionDescriptionMaxLength).default(''),
    startsAt: Timestamp,
    endsAt: Timestamp,
    room: z.string().trim().max(limits.roomMaxLength).default(''),
    kind: SessionKind.default('plenary'),
    speakers: z.array(Speaker.strict()).max(50).default([]),
    policy: InteractionPolicy.optional(),
    remoteDelaySeconds: z.number().int().min(0).max(300).default(0),
    streamUrl: Url.nullable().default(null),
    replayUrl: Url.nullable().default(null),
  })
  .refine((s) => s.endsAt >= s.startsAt, { path: ['endsAt'], message: 'ends before it starts' });
export type SessionInput = z.infer<typeof SessionInput>;

/** Body changing a session: only the fields given change (a new kind does not change the policy). */
export const SessionPatch = z.strictObject({
  title: z.string().trim().min(1).max(limits.sessionTitleMaxLength).optional(),
  description: z.string().max(limits.sessionDescriptionMaxLength).optional(),
  startsAt: Timestamp.optional(),
  endsAt: Timestamp.optional(),
  room: z.string().trim().max(limits.roomMaxLength).optional(),
  kind: SessionKind.optional(),
  speakers: z.array(Speaker.strict()).max(50).optional(),
  policy: InteractionPolicy.optional(),
  remoteDelaySeconds: z.number().int().min(0).max(300).optional(),
  streamUrl: Url.nullable().optional(),
  replayUrl: Url.nullable().optional(),
});
export type SessionPatch = z.infer<typeof SessionPatch>;

/** Path parameters naming a session of an edition. */
export const SessionParams = z.object({ slug: Slug, sessionId: Id });
/** Path parameters naming a person (registrant, moderator, screen) of an edition. */
export const PersonParams = z.object({ slug: Slug, id: Id });

/**
 * One session of a programme file, in the edition's wall-clock time (`date` YYYY-MM-DD, `start`
 * and `end` HH:MM). The same fields as the CSV columns.
 */
export const ProgrammeRow = z.strictObject({
  date: z.iso.date(),
  start: z.string().regex(/^([01]?\d|2[0-3])[:h]([0-5]\d)$/, 'HH:MM'),
  end: z.string().regex(/^([01]?\d|2[0-3])[:h]([0-5]\d)$/, 'HH:MM'),
  title: z.string().trim().min(1).max(limits.sessionTitleMaxLength),
  description: z.string().max(limits.sessionDescriptionMaxLength).default(''),
  room: z.string().trim().max(limits.roomMaxLength).default(''),
  kind: SessionKind.default('plenary'),
  speakers: z.array(Speaker.strict()).max(50).default([]),
  policy: InteractionPolicy.optional(),
  remoteDelaySeconds: z.number().int().min(0).max(300).default(0),
  streamUrl: Url.nullable().default(null),
  replayUrl: Url.nullable().default(null),
});
export type ProgrammeRow = z.infer<typeof ProgrammeRow>;

/** JSON body of a programme import (CSV is sent as `text/csv` instead). */
export const ProgrammeImport = z.strictObject({ sessions: z.array(z.unknown()).min(1).max(1000) });

/** Why a row of an imported file was refused; stable, for the console to translate. */
export const RowErrorCode = z.enum([
  /** A required value is empty (`field` says which). */
  'MISSING_FIELD',
  'INVALID_EMAIL',
  /** The attendance mode is none of présentiel / distanciel / à distance / onsite / remote. */
  'INVALID_MODE',
  /** The same email (or session) appears earlier in the same file; the first one was kept. */
  'DUPLICATE_IN_FILE',
  'INVALID_DATE',
  'INVALID_TIME',
  /** The session kind is none of plénière / atelier / plenary / workshop. */
  'INVALID_KIND',
  'INVALID_URL',
  'INVALID_NUMBER',
  'TOO_LONG',
  /** The row cannot be read (unbalanced quotes, more cells than columns, not an object in JSON). */
  'MALFORMED_ROW',
]);
export type RowErrorCode = z.infer<typeof RowErrorCode>;

/** One refused row: its line in the file (1 = the header of a CSV; the index + 1 in a JSON array). */
export const RowError = z.object({
  line: z.number().int().positive(),
  code: RowErrorCode,
  field: z.string().optional(),
  message: z.string(),
});
export type RowError = z.infer<typeof RowError>;

/** What an import did: the good rows are applied, every bad one is reported. */
export const ImportReport = z.object({
  /** Data rows read (the header excluded). */
  rows: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  errors: z.array(RowError),
});
export type ImportReport = z.infer<typeof ImportReport>;

// ---------- registrants, moderators, screens, codes ----------

/** A registrant as the organizer sees them. */
export const RegistrantView = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  organisation: z.string(),
  attendance: AttendanceMode,
  /** True when a code that is not revoked exists (the code itself is never visible again). */
  hasCode: z.boolean(),
});
export type RegistrantView = z.infer<typeof RegistrantView>;

/** Body changing a registrant (e.g. the attendance mode). */
export const RegistrantPatch = z.strictObject({
  name: z.string().trim().min(1).max(limits.nameMaxLength).optional(),
  organisation: z.string().trim().max(limits.organisationMaxLength).optional(),
  attendance: AttendanceMode.optional(),
});

/** Body of a code issue: the registrants chosen (they get a new code, an old one is revoked), or every registrant without a code. */
export const IssueCodesRequest = z.strictObject({
  registrantIds: z.array(Id).min(1).max(20_000).optional(),
});

/** `?format=` of routes that answer JSON or CSV (UTF-8 with BOM, `;`, for French spreadsheets). */
export const FormatQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

/** A code as issued: shown this once (the store keeps only a keyed hash). */
export const IssuedCode = z.object({
  role: z.enum(['participant', 'moderator', 'projector']),
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  /** Formatted in groups of four. */
  code: z.string(),
  /** The personal link that opens the edition (participants), the moderation or the projector page with the code filled in. */
  link: z.string(),
});
export type IssuedCode = z.infer<typeof IssuedCode>;

export const IssuedCodes = z.object({ codes: z.array(IssuedCode) });

/** Answer of a revocation: how many codes were revoked. */
export const Revoked = z.object({ revoked: z.number().int().nonnegative() });

export const ModeratorInput = z.strictObject({
  name: z.string().trim().min(1).max(limits.nameMaxLength),
  /** Limited to these sessions of the edition; null (default) = every session. */
  sessionIds: z.array(Id).min(1).max(500).nullable().default(null),
});
export const ModeratorPatch = z.strictObject({
  name: z.string().trim().min(1).max(limits.nameMaxLength).optional(),
  sessionIds: z.array(Id).min(1).max(500).nullable().optional(),
});
export const ModeratorView = z.object({
  id: Id,
  name: z.string(),
  sessionIds: z.array(Id).nullable(),
  hasCode: z.boolean(),
});

/** Body adding a projector screen: one per room. */
export const ScreenInput = z.strictObject({
  room: z.string().trim().min(1).max(limits.roomMaxLength),
  name: z.string().trim().min(1).max(limits.nameMaxLength).optional(),
});
export const ScreenView = z.object({ id: Id, name: z.string(), room: z.string(), hasCode: z.boolean() });

/** Answer of adding a moderator or a screen: who, and their code (shown this once). */
export const CreatedWithCode = z.object({ id: Id, code: IssuedCode });

// ---------- rehearsal, overview ----------

/** Body of go-live: the edition's slug typed again, as a confirmation. */
export const GoLiveRequest = z.strictObject({ confirm: z.string().max(64) });
export const GoLiveResult = z.object({
  questionsWiped: z.number().int().nonnegative(),
  /** Polls and word clouds that had been used, reset to the prepared drafts (ballots and words deleted). */
  interactionsWiped: z.number().int().nonnegative(),
  rehearsal: z.literal(false),
});

/** What the organizer watches during the event, per session. */
export const OverviewSession = z.object({
  sessionId: Id,
  title: z.string(),
  room: z.string(),
  kind: SessionKind,
  startsAt: Timestamp,
  endsAt: Timestamp,
  /** Participants connected to the session now (on this node), split by attendance. */
  connected: z.object({ onsite: z.number().int(), remote: z.number().int() }),
  pendingQuestions: z.number().int().nonnegative(),
  /** Polls and clouds open (or in their remote window). */
  active: z.array(
    z.object({ kind: z.enum(['poll', 'cloud']), id: Id, title: z.string(), status: z.string() }),
  ),
});
export const Overview = z.object({ at: Timestamp, sessions: z.array(OverviewSession) });

// ---------- exports ----------

/** A question in an export. */
export const ExportQuestion = z.object({
  id: Id,
  sessionId: Id,
  text: z.string(),
  /** null when the author asked anonymously (or their data was erased). */
  author: z.string().nullable(),
  authorMode: AttendanceMode,
  votes: z.number().int().nonnegative(),
  status: QuestionStatus,
  starred: z.boolean(),
  mergedInto: Id.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ExportQuestion = z.infer<typeof ExportQuestion>;

/** Participation figures of a session (or summed over an edition). */
export const Participation = z.object({
  questions: z.number().int().nonnegative(),
  questionsOnsite: z.number().int().nonnegative(),
  questionsRemote: z.number().int().nonnegative(),
  /** Distinct people who asked. */
  askers: z.number().int().nonnegative(),
  upvotes: z.number().int().nonnegative(),
  polls: z.number().int().nonnegative(),
  ballots: z.number().int().nonnegative(),
  ballotsOnsite: z.number().int().nonnegative(),
  ballotsRemote: z.number().int().nonnegative(),
  clouds: z.number().int().nonnegative(),
  /** Participants who sent at least one word, summed over clouds. */
  cloudParticipants: z.number().int().nonnegative(),
});
export type Participation = z.infer<typeof Participation>;

/**
 * A question in a session report: its number in the session (1 for the first asked) and, when it
 * was merged, the number and text of the question it went into (people read those, not ids).
 */
export const ReportQuestion = ExportQuestion.extend({
  number: z.number().int().positive(),
  mergedIntoNumber: z.number().int().positive().nullable(),
  mergedIntoText: z.string().nullable(),
});
export type ReportQuestion = z.infer<typeof ReportQuestion>;

export const SessionReport = z.object({
  session: Session,
  /** The edition's time zone: CSV times are written on its wall clock (JSON keeps instants in ms). */
  timeZone: z.string(),
  questions: z.array(ReportQuestion),
  polls: z.array(z.object({ poll: Poll, results: PollResults.nullable() })),
  clouds: z.array(z.object({ cloud: Cloud, words: z.array(CloudWord) })),
  participation: Participation,
});
export type SessionReport = z.infer<typeof SessionReport>;

export const EditionReport = z.object({
  edition: Edition,
  generatedAt: Timestamp,
  participation: Participation,
  sessions: z.array(SessionReport),
});
export type EditionReport = z.infer<typeof EditionReport>;

/** `?table=` of a CSV export: which table (JSON exports carry all of them). */
export const ExportQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  table: z.enum(['questions', 'polls', 'words', 'participation']).default('questions'),
});

// ---------- privacy ----------

/** Everything stored about a registrant (the answer to a data access request). */
export const RegistrantData = z.object({
  registrant: RegistrantView.omit({ hasCode: true }),
  edition: z.object({ slug: z.string(), name: z.string() }),
  codes: z.object({ active: z.number().int(), revoked: z.number().int() }),
  questions: z.array(ExportQuestion.extend({ anonymous: z.boolean() })),
  ballots: z.array(z.object({ sessionId: Id, pollId: Id, choices: z.array(z.string()) })),
  words: z.array(z.object({ sessionId: Id, cloudId: Id, text: z.string() })),
  /** Contacts left to partners of the edition, with consent (erased with the registrant). */
  partnerContacts: z.array(z.object({ partner: z.string(), message: z.string(), at: Timestamp })),
  /** Minutes attended live and watched in replay, per session (erased with the registrant). */
  attendance: z.array(SessionMinutes),
  exportedAt: Timestamp,
});
export type RegistrantData = z.infer<typeof RegistrantData>;

export const Erased = z.object({
  questionsAnonymised: z.number().int().nonnegative(),
  codesRevoked: z.number().int(),
});
