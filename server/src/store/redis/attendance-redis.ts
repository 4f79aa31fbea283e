import type { Redis } from 'ioredis';
import { defaultAttendanceSettings, type AttendanceSettings } from '@agora/shared';
import {
  attendanceOrder,
  type AttendanceMark,
  type AttendanceRecord,
  type AttendanceStore,
  type ResumeMark,
} from '../../modules/attendance/attendance.store.ts';

// One hash per person and edition, one field per minute marked (`<session>|l|<minute>`,
// `<session>|r|<minute>`) and one per resume point (`<session>|resume`): adding a minute is an HSET
// of a field that may already be there, so two nodes' batches commute and a repeat changes
// nothing, with no script and no rule. Erasure is one DEL. A person attending 20 sessions of an
// hour holds at most 2,400 fields (a few tens of kB).

const MODE = { live: 'l', replay: 'r' } as const;

/** Raises the first error of a MULTI's answers (ioredis reports them per command). */
function check(results: [Error | null, unknown][] | null): void {
  const failed = results?.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
  if (results === null) throw new Error('attendance write discarded');
}

/** The attendance part of the Redis store, on the store's own connection and prefix. */
export class RedisAttendanceStore implements AttendanceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private people(editionId: string): string {
    return `${this.prefix}att:${editionId}:people`;
  }
  private person(editionId: string, participantId: string): string {
    return `${this.prefix}att:${editionId}:p:${participantId}`;
  }

  async record(marks: readonly AttendanceMark[], resumes: readonly ResumeMark[]): Promise<void> {
    if (marks.length === 0 && resumes.length === 0) return;
    const multi = this.redis.multi();
    for (const m of marks) {
      if (m.minutes.length === 0) continue;
      const fields = m.minutes.flatMap((minute) => [`${m.sessionId}|${MODE[m.mode]}|${minute}`, '1']);
      multi.hset(this.person(m.editionId, m.participantId), ...fields);
      multi.sadd(this.people(m.editionId), m.participantId);
    }
    for (const r of resumes) {
      multi.hset(
        this.person(r.editionId, r.participantId),
        `${r.sessionId}|resume`,
        String(r.positionSeconds),
      );
      multi.sadd(this.people(r.editionId), r.participantId);
    }
    check(await multi.exec());
  }

  private recordsOf(
    participantId: string,
    fields: string[],
    resume: Record<string, string>,
  ): AttendanceRecord[] {
    const bySession = new Map<string, AttendanceRecord>();
    const of = (sessionId: string) => {
      let record = bySession.get(sessionId);
      if (!record) {
        record = { sessionId, participantId, live: [], replay: [], resumeAtSeconds: null };
        bySession.set(sessionId, record);
      }
      return record;
    };
    for (const field of fields) {
      const [sessionId = '', kind, minute] = field.split('|');
      if (kind === 'resume') of(sessionId).resumeAtSeconds = Number(resume[field]);
      else if (kind === MODE.live) of(sessionId).live.push(Number(minute));
      else if (kind === MODE.replay) of(sessionId).replay.push(Number(minute));
    }
    for (const r of bySession.values()) {
      r.live.sort((a, b) => a - b);
      r.replay.sort((a, b) => a - b);
    }
    return [...bySession.values()];
  }

  private async read(editionId: string, participantIds: string[]): Promise<AttendanceRecord[]> {
    if (participantIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of participantIds) pipeline.hgetall(this.person(editionId, id));
    const results = (await pipeline.exec()) ?? [];
    const records: AttendanceRecord[] = [];
    results.forEach(([error, hash], i) => {
      if (error) throw error;
      const all = hash as Record<string, string>;
      records.push(...this.recordsOf(participantIds[i] as string, Object.keys(all), all));
    });
    return records.sort(attendanceOrder);
  }

  async listEdition(editionId: string): Promise<AttendanceRecord[]> {
    return this.read(editionId, await this.redis.smembers(this.people(editionId)));
  }
  listPerson(editionId: string, participantId: string): Promise<AttendanceRecord[]> {
    return this.read(editionId, [participantId]);
  }
  async erase(editionId: string, participantId: string): Promise<number> {
    const sessions = new Set(
      (await this.redis.hkeys(this.person(editionId, participantId))).map((f) => f.split('|')[0]),
    );
    check(
      await this.redis
        .multi()
        .del(this.person(editionId, participantId))
        .srem(this.people(editionId), participantId)
        .exec(),
    );
    return sessions.size;
  }

  async getSettings(editionId: string): Promise<AttendanceSettings> {
    const json = await this.redis.get(`${this.prefix}att:${editionId}:settings`);
    return json ? (JSON.parse(json) as AttendanceSettings) : { ...defaultAttendanceSettings };
  }
  async putSettings(editionId: string, settings: AttendanceSettings): Promise<void> {
    await this.redis.set(`${this.prefix}att:${editionId}:settings`, JSON.stringify(settings));
  }
  async follows(sessionId: string): Promise<boolean> {
    return (await this.redis.sismember(`${this.prefix}att:follow`, sessionId)) === 1;
  }
  async setFollow(sessionId: string, follow: boolean): Promise<void> {
    if (follow) await this.redis.sadd(`${this.prefix}att:follow`, sessionId);
    else await this.redis.srem(`${this.prefix}att:follow`, sessionId);
  }
}
