import type { AttendanceSettings } from '@agora/shared';
import type {
  AttendanceMark,
  AttendanceRecord,
  AttendanceStore,
  ResumeMark,
} from '../../modules/attendance/attendance.store.ts';
import type { Journaled } from './journaled.ts';

/** The attendance part of the embedded store: reads from the state, writes through the journal. */
export class EmbeddedAttendanceStore implements AttendanceStore {
  constructor(private readonly j: Journaled) {}

  private get attendance() {
    return this.j.state().attendance;
  }

  async record(marks: readonly AttendanceMark[], resumes: readonly ResumeMark[]): Promise<void> {
    if (marks.length === 0 && resumes.length === 0) return;
    await this.j.commit({
      t: 'attendance-record',
      marks: structuredClone([...marks]),
      resumes: [...resumes],
    });
  }
  async listEdition(editionId: string): Promise<AttendanceRecord[]> {
    return this.attendance.listEdition(editionId);
  }
  async listPerson(editionId: string, participantId: string): Promise<AttendanceRecord[]> {
    return this.attendance.listPerson(editionId, participantId);
  }
  erase(editionId: string, participantId: string): Promise<number> {
    return this.j.commit({ t: 'attendance-erase', editionId, participantId });
  }
  async getSettings(editionId: string): Promise<AttendanceSettings> {
    return { ...this.attendance.getSettings(editionId) };
  }
  async putSettings(editionId: string, settings: AttendanceSettings): Promise<void> {
    await this.j.commit({ t: 'attendance-settings', editionId, settings: { ...settings } });
  }
  async follows(sessionId: string): Promise<boolean> {
    return this.attendance.follows(sessionId);
  }
  async setFollow(sessionId: string, follow: boolean): Promise<void> {
    await this.j.commit({ t: 'attendance-follow', sessionId, follow });
  }
}
