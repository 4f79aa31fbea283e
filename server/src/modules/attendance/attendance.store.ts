import type { AttendanceSettings } from '@agora/shared';

/** Minutes a person was marked present in a session (live) or watching it (replay). */
export interface AttendanceMark {
  editionId: string;
  sessionId: string;
  participantId: string;
  mode: 'live' | 'replay';
  /** Minute numbers (live: from the session's start; replay: of the video). */
  minutes: number[];
}

/** Where a person stopped in a session's replay (the latest beat a node wrote wins). */
export interface ResumeMark {
  editionId: string;
  sessionId: string;
  participantId: string;
  positionSeconds: number;
}

/** What is stored of one person in one session. */
export interface AttendanceRecord {
  sessionId: string;
  participantId: string;
  /** Distinct live minutes, ascending. */
  live: number[];
  /** Distinct replay minutes, ascending. */
  replay: number[];
  resumeAtSeconds: number | null;
}

/**
 * The attendance module's storage (`store.attendance`). Minutes are sets: adding a minute twice,
 * from two tabs, two nodes or a replayed batch, changes nothing, and batches commute, so nodes
 * write without coordinating. Nothing here decides: attendance.rules.ts does.
 */
export interface AttendanceStore {
  /** Adds the minutes and sets the resume points, in one durable write; resolves once it is. */
  record(marks: readonly AttendanceMark[], resumes: readonly ResumeMark[]): Promise<void>;
  /** Every record of an edition, by session then participant. */
  listEdition(editionId: string): Promise<AttendanceRecord[]>;
  /** One person's records in an edition, by session. */
  listPerson(editionId: string, participantId: string): Promise<AttendanceRecord[]>;
  /** Erasure: a person's records in an edition go; answers how many there were. */
  erase(editionId: string, participantId: string): Promise<number>;

  /** The edition's certificate settings (the defaults until the organizer sets them). */
  getSettings(editionId: string): Promise<AttendanceSettings>;
  putSettings(editionId: string, settings: AttendanceSettings): Promise<void>;

  /** Whether a session's remote window follows the measured delay. */
  follows(sessionId: string): Promise<boolean>;
  setFollow(sessionId: string, follow: boolean): Promise<void>;
}

const bySessionThenPerson = (a: AttendanceRecord, b: AttendanceRecord) =>
  a.sessionId.localeCompare(b.sessionId) || a.participantId.localeCompare(b.participantId);

/** The order both stores list in. */
export const attendanceOrder = bySessionThenPerson;
