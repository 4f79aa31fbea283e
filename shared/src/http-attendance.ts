import { z } from 'zod';
import { AsRoleQuery, EditionParams } from './http.ts';
import { AttendanceReport, AttendanceSettings, MyAttendance } from './schemas/attendance.ts';

/** `?format=csv&table=sessions|people` for the spreadsheet, JSON by default. */
export const AttendanceQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  table: z.enum(['sessions', 'people']).default('people'),
});

/** A PDF answer (`application/pdf`). */
const Pdf = z.unknown().describe('application/pdf');

/**
 * Attendance and certificates. The organizer routes require an organizer token like
 * `organizerRoutes`; the participant routes authenticate like `httpRoutes` and only ever answer the
 * caller's own data.
 */
export const attendanceRoutes = {
  /**
   * Organizer, CSV with `?format=csv&table=sessions|people` (French spreadsheets: `;`, UTF-8 BOM):
   * the edition's attendance per session and per person.
   */
  attendanceReport: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/attendance',
    params: EditionParams,
    query: AttendanceQuery,
    response: AttendanceReport,
  },
  /** Organizer: the certificates' organizer name, wording and signatory. */
  attendanceSettings: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/attendance/settings',
    params: EditionParams,
    response: AttendanceSettings,
  },
  /** Organizer: changes them; answers what was stored. */
  setAttendanceSettings: {
    method: 'PUT',
    path: '/api/organizer/editions/:slug/attendance/settings',
    params: EditionParams,
    body: AttendanceSettings,
    response: AttendanceSettings,
  },
  /**
   * Organizer: every registrant's certificate in one PDF, one page per person who attended at
   * least one minute (one file to print or split; « provisoire » until the edition ends).
   */
  attendanceCertificates: {
    method: 'GET',
    path: '/api/organizer/editions/:slug/attendance/certificates',
    params: EditionParams,
    response: Pdf,
  },
  /** Participant: their own attendance, session by session. */
  myAttendance: {
    method: 'GET',
    path: '/api/editions/:slug/attendance',
    params: EditionParams,
    query: AsRoleQuery,
    response: MyAttendance,
  },
  /** Participant: their own certificate (PDF), at any time; « provisoire » until the edition ends. */
  myCertificate: {
    method: 'GET',
    path: '/api/editions/:slug/attendance/certificate',
    params: EditionParams,
    query: AsRoleQuery,
    response: Pdf,
  },
} as const;
