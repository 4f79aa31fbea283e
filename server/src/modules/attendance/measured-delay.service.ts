import type { CommandParsedInput, MeasuredDelay, Session } from '@agora/shared';
import type { Broadcaster } from '../broadcaster.ts';
import type { Clock } from '../clock.ts';
import type { Scheduler } from '../coalescer.ts';
import type { Principal } from '../identity/principal.ts';
import type { LiveSessionService } from '../live/live-session.service.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { rooms } from '../rooms.ts';
import { moderatedSession } from '../session-access.ts';
import { DELAY_RECENT_MS, delayFigures, followedDelay } from './attendance.rules.ts';
import type { AttendanceStore } from './attendance.store.ts';
import type { DelayBoard } from './delay-board.ts';

/** How often each node looks at the figures: moderators get them at most this often, when changed. */
export const DELAY_PUBLISH_MS = 5_000;
/** Every this many looks, unchanged figures go again (30 s). */
const RESEND_TICKS = 6;

export interface MeasuredDelayDeps {
  store: { program: ProgramStore; attendance: AttendanceStore };
  board: DelayBoard;
  bus: Broadcaster;
  clock: Clock;
  scheduler: Scheduler;
  live: Pick<LiveSessionService, 'followDelay'>;
  logger: { error(obj: unknown, msg: string): void };
}

const sameFigures = (a: MeasuredDelay | undefined, b: MeasuredDelay) =>
  a !== undefined &&
  a.viewers === b.viewers &&
  a.medianSeconds === b.medianSeconds &&
  a.p90Seconds === b.p90Seconds &&
  a.follow === b.follow;

/**
 * The remote viewers' measured delay: live beats report to the board; every `DELAY_PUBLISH_MS`
 * each node reads the figures of the sessions with recent reports and sends them, when they
 * changed, to its own moderators (`publishLocal`: every node serves its own, so a moderator gets
 * each figure once however many nodes). A session that follows moves its remote window through
 * the live service (`followedDelay` decides; two nodes reading the same board reach the same
 * target, and the second write is then within the step and skipped).
 */
export class MeasuredDelayService {
  private readonly sent = new Map<string, MeasuredDelay>();
  private readonly movedAt = new Map<string, number>();
  private timer: unknown = null;
  private ticks = 0;
  private stopped = false;

  constructor(private readonly deps: MeasuredDelayDeps) {}

  /** A live beat's measured distance from the live edge (seconds). */
  report(sessionId: string, viewerId: string, behindSeconds: number): Promise<void> {
    return this.deps.board.report(sessionId, viewerId, behindSeconds, this.deps.clock.now());
  }

  /** The session's figures now. */
  async figures(sessionId: string): Promise<MeasuredDelay> {
    const since = this.deps.clock.now() - DELAY_RECENT_MS;
    const [samples, follow] = await Promise.all([
      this.deps.board.samples(sessionId, since),
      this.deps.store.attendance.follows(sessionId),
    ]);
    return { sessionId, ...delayFigures(samples), follow };
  }

  /**
   * Moderators of the session: let its remote window follow the measured delay, or not. The flag is
   * stored; the figures go to the session's moderators on every node and answer the command.
   */
  async setFollow(
    principal: Principal,
    input: CommandParsedInput<'session:follow-delay'>,
  ): Promise<MeasuredDelay> {
    const session = await moderatedSession(this.deps.store.program, principal, input.sessionId);
    await this.deps.store.attendance.setFollow(input.sessionId, input.follow);
    const figures = await this.figures(input.sessionId);
    this.deps.bus.publish(rooms.moderation(input.sessionId), 'delay:measured', figures);
    this.sent.set(input.sessionId, figures);
    if (input.follow) await this.follow(session, figures);
    return figures;
  }

  private async follow(session: Session, figures: MeasuredDelay): Promise<void> {
    const now = this.deps.clock.now();
    const target = followedDelay({
      p90Seconds: figures.p90Seconds,
      viewers: figures.viewers,
      currentSeconds: session.remoteDelaySeconds,
      lastMovedAt: this.movedAt.get(session.id),
      now,
    });
    if (target === null) return;
    this.movedAt.set(session.id, now);
    await this.deps.live.followDelay(session.id, target);
  }

  /** One look at every session with recent reports (and those that just went quiet). */
  async tick(): Promise<void> {
    const since = this.deps.clock.now() - DELAY_RECENT_MS;
    const active = new Set(await this.deps.board.sessions(since));
    // Unchanged figures go again every `RESEND_TICKS`, for moderators who came in since.
    this.ticks += 1;
    const resend = this.ticks % RESEND_TICKS === 0;
    for (const sessionId of new Set([...active, ...this.sent.keys()])) {
      const figures = await this.figures(sessionId);
      const changed = !sameFigures(this.sent.get(sessionId), figures);
      if (active.has(sessionId)) this.sent.set(sessionId, figures);
      else this.sent.delete(sessionId);
      if ((changed || resend) && this.deps.bus.localSize(rooms.moderation(sessionId)) > 0) {
        this.deps.bus.publishLocal(rooms.moderation(sessionId), 'delay:measured', figures);
      }
      if (figures.follow && active.has(sessionId)) {
        const session = await this.deps.store.program.getSession(sessionId);
        if (session) await this.follow(session, figures);
      }
    }
  }

  start(): void {
    const run = () => {
      if (this.stopped) return;
      this.tick().catch((error: unknown) => this.deps.logger.error({ err: error }, 'measured delay failed'));
      this.timer = this.deps.scheduler.setTimeout(run, DELAY_PUBLISH_MS);
    };
    this.timer = this.deps.scheduler.setTimeout(run, DELAY_PUBLISH_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.scheduler.clearTimeout(this.timer);
  }
}
