import { z } from 'zod';
import { EditionParams } from './http.ts';
import { Session } from './schemas/program.ts';
import {
  CreatedWithCode,
  EditionInput,
  EditionPatch,
  EditionReport,
  Erased,
  ExportQuery,
  FormatQuery,
  GoLiveRequest,
  GoLiveResult,
  ImportReport,
  IssueCodesRequest,
  IssuedCode,
  IssuedCodes,
  ModeratorInput,
  ModeratorPatch,
  ModeratorView,
  Organizer,
  OrganizerEdition,
  OrganizerLogin,
  OrganizerLoginResponse,
  Overview,
  PersonParams,
  ProgrammeImport,
  RegistrantData,
  RegistrantPatch,
  RegistrantView,
  Revoked,
  ScreenInput,
  ScreenView,
  SessionInput,
  SessionParams,
  SessionPatch,
  SessionReport,
} from './schemas/organizer.ts';

const csvMessage = 'send the file as text/csv (UTF-8)';

/** A CSV file, sent or answered as `text/csv` (UTF-8, with or without BOM); never empty. */
export const CsvText = z
  .string({ error: csvMessage })
  .refine((text) => text.trim() !== '', csvMessage)
  .describe('text/csv');

const Ok = z.object({ ok: z.literal(true) });

/**
 * The organizer console's HTTP API. Every route except `login` and `logout` requires an organizer
 * token (the `agora_organizer` cookie or `Authorization: Bearer`); a participant, moderator or
 * projector token gets `UNAUTHORIZED` (401). Failed logins are rate limited per address.
 * Routes marked CSV also accept or answer `text/csv` (UTF-8 with BOM, `;` separators on the way out).
 */
export const organizerRoutes = {
  /** Public, rate limited on failures: email + password → organizer token (also set as cookie). */
  organizerLogin: {
    method: 'POST',
    path: '/api/organizer/login',
    body: OrganizerLogin,
    response: OrganizerLoginResponse,
  },
  /** Public: forgets the organizer cookie. */
  organizerLogout: { method: 'POST', path: '/api/organizer/logout', response: Ok },
  /** Organizer: who am I. */
  organizerMe: { method: 'GET', path: '/api/organizer/me', response: Organizer },

  /** Organizer: every edition. */
  listEditions: {
    method: 'GET',
    path: '/api/organizer/editions',
    response: z.object({ editions: z.array(OrganizerEdition) }),
  },
  /** Organizer: creates an edition (CONFLICT if the slug is taken). */
  createEdition: {
    method: 'POST',
    path: '/api/organizer/editions',
    body: EditionInput,
    response: OrganizerEdition,
  },
  /** Organizer: one edition. */
  getEdition: {
    method: 'GET',
    path: '/api/organizer/editions/:slug',
    params: EditionParams,
    response: OrganizerEdition,
  },
  /** Organizer: changes an edition (name, dates, venue, time zone, replay end, rehearsal flag, slug). */
  updateEdition: {
    method: 'PATCH',
    path: '/api/organizer/editions/:slug',
    params: EditionParams,
    body: EditionPatch,
    response: OrganizerEdition,
  },

  /** Organizer: the sessions of an edition, by start time. */
  listSessions: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/sessions',
    params: EditionParams,
    response: z.object({ sessions: z.array(Session) }),
  },
  /** Organizer: adds a session (policy defaults from the kind). */
  createSession: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/sessions',
    params: EditionParams,
    body: SessionInput,
    response: Session,
  },
  /** Organizer: changes a session. */
  updateSession: {
    method: 'PATCH',
    path: '/api/organizer/editions/:slug/sessions/:sessionId',
    params: SessionParams,
    body: SessionPatch,
    response: Session,
  },
  /**
   * Organizer: imports a programme, JSON `{ sessions: ProgrammeRow[] }` or CSV (`text/csv`, columns
   * date;start;end;title;room;kind;speakers;description;stream;replay;delay, French headers too).
   * A row matching a session by start time and title (case-insensitive) updates it; others are added.
   */
  importProgramme: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/programme/import',
    params: EditionParams,
    body: z.union([ProgrammeImport, CsvText]),
    response: ImportReport,
  },

  /** Organizer: the registrants (without codes, which are never visible after issue). */
  listRegistrants: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/registrants',
    params: EditionParams,
    response: z.object({ registrants: z.array(RegistrantView) }),
  },
  /**
   * Organizer, CSV: imports registrants (name, email, organisation, attendance mode; French headers
   * and values accepted; `;` or `,`; BOM or not; CRLF; quoted fields). Keyed on the email
   * (case-insensitive): importing again updates, never duplicates. Bad rows are reported, good ones applied.
   */
  importRegistrants: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/registrants/import',
    params: EditionParams,
    body: CsvText,
    response: ImportReport,
  },
  /**
   * Organizer, CSV with `?format=csv` (name;email;code;link, for mail merge): issues personal codes
   * to every registrant without one, or to the registrants chosen (their old code is revoked).
   * The only time the codes are visible.
   */
  issueCodes: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/registrants/codes',
    params: EditionParams,
    query: FormatQuery,
    body: IssueCodesRequest,
    response: IssuedCodes,
  },
  /** Organizer: changes a registrant (attendance mode, name, organisation). */
  updateRegistrant: {
    method: 'PATCH',
    path: '/api/organizer/editions/:slug/registrants/:id',
    params: PersonParams,
    body: RegistrantPatch,
    response: RegistrantView,
  },
  /** Organizer: revokes a registrant's codes (their open sessions are refused from the next call on). */
  revokeRegistrant: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/registrants/:id/revoke',
    params: PersonParams,
    response: Revoked,
  },
  /** Organizer: revokes a registrant's codes and issues a new one (shown this once). */
  reissueRegistrant: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/registrants/:id/reissue',
    params: PersonParams,
    response: IssuedCode,
  },
  /** Organizer: everything stored about a registrant (data access request). */
  exportRegistrant: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/registrants/:id/data',
    params: PersonParams,
    response: RegistrantData,
  },
  /** Organizer: erases a registrant (name, email, organisation gone; questions anonymised; codes revoked). */
  eraseRegistrant: {
    method: 'DELETE',
    path: '/api/organizer/editions/:slug/registrants/:id',
    params: PersonParams,
    response: Erased,
  },

  /** Organizer: the moderators of an edition. */
  listModerators: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/moderators',
    params: EditionParams,
    response: z.object({ moderators: z.array(ModeratorView) }),
  },
  /** Organizer: names a moderator (of every session, or of some) and issues their code. */
  createModerator: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/moderators',
    params: EditionParams,
    body: ModeratorInput,
    response: CreatedWithCode,
  },
  /** Organizer: renames a moderator or changes their sessions. */
  updateModerator: {
    method: 'PATCH',
    path: '/api/organizer/editions/:slug/moderators/:id',
    params: PersonParams,
    body: ModeratorPatch,
    response: ModeratorView,
  },
  /** Organizer: revokes a moderator's codes. */
  revokeModerator: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/moderators/:id/revoke',
    params: PersonParams,
    response: Revoked,
  },
  /** Organizer: a new code for a moderator (the old one is revoked). */
  reissueModerator: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/moderators/:id/reissue',
    params: PersonParams,
    response: IssuedCode,
  },

  /** Organizer: the projector screens of an edition. */
  listScreens: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/screens',
    params: EditionParams,
    response: z.object({ screens: z.array(ScreenView) }),
  },
  /** Organizer: adds the projector screen of a room (one per room: CONFLICT otherwise) and issues its code. */
  createScreen: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/screens',
    params: EditionParams,
    body: ScreenInput,
    response: CreatedWithCode,
  },
  /** Organizer: revokes a screen's codes (the screen's page is refused from its next call on). */
  revokeScreen: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/screens/:id/revoke',
    params: PersonParams,
    response: Revoked,
  },
  /** Organizer: a new code and link for a screen (the old one is revoked). */
  reissueScreen: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/screens/:id/reissue',
    params: PersonParams,
    response: IssuedCode,
  },

  /**
   * Organizer: ends the rehearsal. With `confirm` equal to the edition's slug, wipes every
   * question and upvote, poll and word cloud (ballots and words) of the edition, keeps the programme,
   * registrants, moderators and screens, and turns rehearsal mode off.
   */
  goLive: {
    method: 'POST',
    path: '/api/organizer/editions/:slug/go-live',
    params: EditionParams,
    body: GoLiveRequest,
    response: GoLiveResult,
  },
  /** Organizer: per session, participants connected (on site / remote), questions waiting, polls and clouds open. */
  overview: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/overview',
    params: EditionParams,
    response: Overview,
  },
  /** Organizer, CSV with `?format=csv&table=questions|polls|words|participation`: the report of an edition. */
  exportEdition: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/export',
    params: EditionParams,
    query: ExportQuery,
    response: EditionReport,
  },
  /** Organizer, CSV with `?format=csv&table=…`: the report of a session. */
  exportSession: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/sessions/:sessionId/export',
    params: SessionParams,
    query: ExportQuery,
    response: SessionReport,
  },
} as const;
