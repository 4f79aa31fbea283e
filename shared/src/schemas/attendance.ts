import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/**
 * Attendance: per registrant and session, the minutes attended live (connected to the session, on
 * site or remote) and watched in replay, each counted once per person however many tabs or
 * reconnects, capped by the session's length; and the « attestation de présence » built from them.
 */

/** What the organizer sets for the edition's certificates. */
export const AttendanceSettings = z.strictObject({
  /** Who organizes the edition, as the certificate names it (« Association … »). */
  organizerName: z.string().trim().max(200),
  /** The certificate's wording, above the list of sessions. `{name}` and `{edition}` are replaced. */
  wording: z.string().trim().max(2000),
  /** Who signs (name and title), printed at the bottom; empty for none. */
  signatory: z.string().trim().max(200),
});
export type AttendanceSettings = z.infer<typeof AttendanceSettings>;

/** The wording until the organizer writes their own. */
export const defaultAttendanceSettings: AttendanceSettings = {
  organizerName: '',
  wording:
    'Nous attestons que {name} a participé aux séances suivantes de l’édition «\u00a0{edition}\u00a0», en présentiel, à distance ou en replay.',
  signatory: '',
};

/** One person's attendance of one session. */
export const SessionMinutes = z.object({
  sessionId: Id,
  /** Minutes connected to the session while it ran, on site or remote. */
  liveMinutes: z.number().int().nonnegative(),
  /** Distinct minutes of the replay watched (playing). */
  replayMinutes: z.number().int().nonnegative(),
});
export type SessionMinutes = z.infer<typeof SessionMinutes>;

/** A session of the attendance report, with its totals. */
export const SessionAttendance = z.object({
  sessionId: Id,
  title: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  lengthMinutes: z.number().int().nonnegative(),
  /** People with at least one live minute. */
  liveAttendees: z.number().int().nonnegative(),
  /** People with at least one replay minute. */
  replayViewers: z.number().int().nonnegative(),
  liveMinutes: z.number().int().nonnegative(),
  replayMinutes: z.number().int().nonnegative(),
});
export type SessionAttendance = z.infer<typeof SessionAttendance>;

/** A registrant of the attendance report and the sessions they attended. */
export const PersonAttendance = z.object({
  participantId: Id,
  name: z.string(),
  email: z.string(),
  organisation: z.string(),
  attendance: z.enum(['onsite', 'remote']),
  sessions: z.array(SessionMinutes),
  liveMinutes: z.number().int().nonnegative(),
  replayMinutes: z.number().int().nonnegative(),
});
export type PersonAttendance = z.infer<typeof PersonAttendance>;

/** The edition's attendance, per session and per person (people with no minute are listed too). */
export const AttendanceReport = z.object({
  edition: z.object({ slug: z.string(), name: z.string(), timeZone: z.string() }),
  sessions: z.array(SessionAttendance),
  people: z.array(PersonAttendance),
});
export type AttendanceReport = z.infer<typeof AttendanceReport>;

/** A participant's own attendance, as their certificate lists it. */
export const MyAttendance = z.object({
  sessions: z.array(SessionMinutes.extend({ title: z.string(), startsAt: Timestamp, endsAt: Timestamp })),
  /** Until the edition's last day has ended, the certificate says « provisoire ». */
  provisional: z.boolean(),
});
export type MyAttendance = z.infer<typeof MyAttendance>;
