import { AppError, type CommandParsedInput } from '@agora/shared';
import type { Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { sessionFor } from '../session-access.ts';
import type { AttendanceRecorder } from './attendance-recorder.ts';
import { beatMarks, beatSlot, countMinutes, lengthMinutes } from './attendance.rules.ts';
import type { AttendanceStore } from './attendance.store.ts';
import type { BeatLimiter } from './beat-limiter.ts';
import type { MeasuredDelayService } from './measured-delay.service.ts';
import type { Progress, ResumePoints } from '../watch/resume-points.ts';
import type { WatchStore } from '../watch/watch.store.ts';
import { hasReplay } from '../watch/watch.rules.ts';

export interface AttendanceDeps {
  store: { program: ProgramStore; attendance: AttendanceStore; watch: Pick<WatchStore, 'getVideo'> };
  clock: Clock;
  recorder: AttendanceRecorder;
  limiter: BeatLimiter;
  delay: Pick<MeasuredDelayService, 'report'>;
}

/**
 * The players' heartbeats and what they count: live and replay minutes, resume points, the
 * measured delay. Nothing is broadcast from here (the measured delay goes out on its own cadence).
 */
export class AttendanceService implements ResumePoints {
  constructor(private readonly deps: AttendanceDeps) {}

  /**
   * Participants and moderators of the session's edition: a player's heartbeat. At most one per
   * (person, tab) counts every `beatSeconds`, and one per (person, session) for a replay (`beatSlot`);
   * an early one, or a replay beat of a session that has no replay, answers `counted: false` and
   * changes nothing. A counted beat of a participant marks its minutes and resume point and is answered
   * once they are durable; a live beat's delay goes to the board (participants and moderators).
   */
  async beat(principal: Principal, input: CommandParsedInput<'watch:beat'>): Promise<{ counted: boolean }> {
    if (principal.role !== 'participant' && principal.role !== 'moderator') {
      throw new AppError('FORBIDDEN', 'participants and moderators only');
    }
    const session = await sessionFor(this.deps.store.program, principal, input.sessionId);
    const now = this.deps.clock.now();
    if (!this.deps.limiter.take(principal.id, beatSlot(input), now)) return { counted: false };
    // After the limiter: an early beat costs no read of the session's video.
    if (input.mode === 'replay' && !hasReplay(session, await this.deps.store.watch.getVideo(session.id))) {
      return { counted: false };
    }
    if (input.mode === 'live' && input.behindLiveSeconds !== null && now < session.endsAt) {
      await this.deps.delay.report(session.id, principal.id, input.behindLiveSeconds);
    }
    if (principal.role !== 'participant') return { counted: true };
    const { mode, minutes } = beatMarks(session, input, now);
    const who = { editionId: session.editionId, sessionId: session.id, participantId: principal.id };
    const resume =
      mode === 'replay' && now >= session.endsAt
        ? { ...who, positionSeconds: input.positionSeconds }
        : undefined;
    await this.deps.recorder.mark([{ ...who, mode, minutes }], resume);
    return { counted: true };
  }

  /** A person's resume point and watched time in a session's replay (the watch module reads it). */
  async resumeOf(sessionId: string, participantId: string): Promise<Progress> {
    const session = await this.deps.store.program.getSession(sessionId);
    if (!session) return { resumeAtSeconds: null, watchedSeconds: 0 };
    const record = (await this.deps.store.attendance.listPerson(session.editionId, participantId)).find(
      (r) => r.sessionId === sessionId,
    );
    return {
      resumeAtSeconds: record?.resumeAtSeconds ?? null,
      watchedSeconds: countMinutes(record?.replay ?? [], lengthMinutes(session)) * 60,
    };
  }

  /** The same for every session of an edition a person has a record of (the replay catalogue). */
  async progressOf(editionId: string, participantId: string): Promise<Map<string, Progress>> {
    const sessions = new Map((await this.deps.store.program.listSessions(editionId)).map((s) => [s.id, s]));
    const out = new Map<string, Progress>();
    for (const r of await this.deps.store.attendance.listPerson(editionId, participantId)) {
      const session = sessions.get(r.sessionId);
      if (!session) continue;
      out.set(r.sessionId, {
        resumeAtSeconds: r.resumeAtSeconds,
        watchedSeconds: countMinutes(r.replay, lengthMinutes(session)) * 60,
      });
    }
    return out;
  }
}
