import { defaultAttendanceSettings, type AttendanceSettings } from '@agora/shared';
import {
  attendanceOrder,
  type AttendanceMark,
  type AttendanceRecord,
  type ResumeMark,
} from '../../modules/attendance/attendance.store.ts';

/** Operations of the attendance module; like every `Op`, they carry every generated value. */
export type AttendanceOp =
  | { t: 'attendance-record'; marks: AttendanceMark[]; resumes: ResumeMark[] }
  | { t: 'attendance-erase'; editionId: string; participantId: string }
  | { t: 'attendance-settings'; editionId: string; settings: AttendanceSettings }
  | { t: 'attendance-follow'; sessionId: string; follow: boolean };

export function isAttendanceOp(op: { t: string }): op is AttendanceOp {
  return op.t.startsWith('attendance-');
}

interface Entry {
  live: Set<number>;
  replay: Set<number>;
  resumeAtSeconds: number | null;
}

const ascending = (set: Set<number>) => [...set].sort((a, b) => a - b);

/** Attendance of the embedded state: edition → participant → session → minutes. */
export class AttendanceState {
  private readonly editions = new Map<string, Map<string, Map<string, Entry>>>();
  private readonly settings = new Map<string, AttendanceSettings>();
  private readonly following = new Set<string>();

  private entry(editionId: string, participantId: string, sessionId: string): Entry {
    let people = this.editions.get(editionId);
    if (!people) this.editions.set(editionId, (people = new Map()));
    let sessions = people.get(participantId);
    if (!sessions) people.set(participantId, (sessions = new Map()));
    let entry = sessions.get(sessionId);
    if (!entry)
      sessions.set(sessionId, (entry = { live: new Set(), replay: new Set(), resumeAtSeconds: null }));
    return entry;
  }

  private records(participantId: string, sessions: Map<string, Entry>): AttendanceRecord[] {
    return [...sessions].map(([sessionId, e]) => ({
      sessionId,
      participantId,
      live: ascending(e.live),
      replay: ascending(e.replay),
      resumeAtSeconds: e.resumeAtSeconds,
    }));
  }

  listEdition(editionId: string): AttendanceRecord[] {
    const people = this.editions.get(editionId);
    if (!people) return [];
    return [...people].flatMap(([id, sessions]) => this.records(id, sessions)).sort(attendanceOrder);
  }

  listPerson(editionId: string, participantId: string): AttendanceRecord[] {
    const sessions = this.editions.get(editionId)?.get(participantId);
    return sessions ? this.records(participantId, sessions).sort(attendanceOrder) : [];
  }

  getSettings(editionId: string): AttendanceSettings {
    return this.settings.get(editionId) ?? defaultAttendanceSettings;
  }

  follows(sessionId: string): boolean {
    return this.following.has(sessionId);
  }

  apply(op: AttendanceOp): unknown {
    switch (op.t) {
      case 'attendance-record':
        for (const m of op.marks) {
          const set = this.entry(m.editionId, m.participantId, m.sessionId)[m.mode];
          for (const minute of m.minutes) set.add(minute);
        }
        for (const r of op.resumes) {
          this.entry(r.editionId, r.participantId, r.sessionId).resumeAtSeconds = r.positionSeconds;
        }
        return undefined;
      case 'attendance-erase': {
        const people = this.editions.get(op.editionId);
        const erased = people?.get(op.participantId)?.size ?? 0;
        people?.delete(op.participantId);
        return erased;
      }
      case 'attendance-settings':
        this.settings.set(op.editionId, op.settings);
        return undefined;
      case 'attendance-follow':
        if (op.follow) this.following.add(op.sessionId);
        else this.following.delete(op.sessionId);
        return undefined;
    }
  }

  /** Nothing while there is nothing: a folder without attendance keeps the snapshot earlier versions wrote. */
  toJSON(): unknown {
    if (this.editions.size === 0 && this.settings.size === 0 && this.following.size === 0) return undefined;
    return {
      records: [...this.editions].flatMap(([editionId, people]) =>
        [...people].flatMap(([id, sessions]) => this.records(id, sessions).map((r) => ({ editionId, ...r }))),
      ),
      settings: [...this.settings],
      following: [...this.following],
    };
  }

  /** Loads what `toJSON` wrote; snapshots from before attendance existed have no such part. */
  load(raw: unknown): void {
    const data = raw as
      | {
          records?: (AttendanceRecord & { editionId: string })[];
          settings?: [string, AttendanceSettings][];
          following?: string[];
        }
      | undefined;
    for (const r of data?.records ?? []) {
      const entry = this.entry(r.editionId, r.participantId, r.sessionId);
      for (const m of r.live) entry.live.add(m);
      for (const m of r.replay) entry.replay.add(m);
      entry.resumeAtSeconds = r.resumeAtSeconds;
    }
    for (const [editionId, settings] of data?.settings ?? []) this.settings.set(editionId, settings);
    for (const id of data?.following ?? []) this.following.add(id);
  }
}
