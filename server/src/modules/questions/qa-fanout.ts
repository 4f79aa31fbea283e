import type { Broadcaster } from '../broadcaster.ts';
import { audienceIntervalMs, LIVE_INTERVAL_MS, type AudienceSize } from '../audience-cadence.ts';
import { Coalescer, type Scheduler } from '../coalescer.ts';
import { rooms } from '../rooms.ts';
import type { QuestionChange, QuestionRecord, SessionLive } from './questions.store.ts';
import { isPublic, toMine, toMod, toPublic } from './questions.view.ts';

/**
 * Changes of one session not yet sent to its audience: a contiguous run (fromSeq, seq] of changes
 * this node made, each question as it is at `seq` (later changes replace earlier ones).
 */
interface PendingAudience {
  fromSeq: number;
  seq: number;
  questions: Map<string, QuestionRecord>;
  live: SessionLive;
}

/**
 * Where every durable change of a session's questions goes out, with the session's new sequence
 * number: `qa:moderation` to its moderators and `question:mine` to the author at once, `qa:audience`
 * to its audience room coalesced (at most one delta per interval, longer for a large room:
 * audience-cadence.ts). Used by the questions service and by the live session's screen changes,
 * which move the sequence too. What is on screen is not published here: that is `live:state`.
 */
export class QaFanout {
  private readonly audience: Coalescer;
  private readonly pending = new Map<string, PendingAudience>();

  constructor(
    private readonly bus: Broadcaster,
    scheduler: Scheduler,
    /** Minimum time between two `qa:audience` deltas of one session (more for a large audience). */
    baseIntervalMs = LIVE_INTERVAL_MS,
    /** How many follow the session, its pace (this node's audience room by default; with several nodes, all of them). */
    audienceSize: AudienceSize = (sessionId) => bus.localSize(rooms.audience(sessionId)),
  ) {
    this.audience = new Coalescer(
      (sessionId) => this.flushAudience(sessionId),
      scheduler,
      (sessionId) => audienceIntervalMs(audienceSize(sessionId), baseIntervalMs),
    );
  }

  /** Sends what is pending and cancels the timers (shutdown: no delta is left behind a durable write). */
  stop(): void {
    this.audience.stop();
    for (const sessionId of [...this.pending.keys()]) this.flushAudience(sessionId);
  }

  /**
   * Publishes a change of a session's questions. Called right after the durable write, with no
   * await in between, so publications keep the write order.
   *
   * - `qa:moderation` to moderators and `question:mine` to authors, at once: moderators are a
   *   handful of sockets, so a delta per change costs little and keeps the queue live and the
   *   moderators' seq discipline unchanged (one delta per seq); an author hears about their own
   *   question without waiting;
   * - `qa:audience` to the whole audience room, coalesced per session: an upvote storm would
   *   otherwise cost one message per upvote per participant (U × N). A delta covers the changes
   *   (fromSeq, seq] and carries every question changed in that range as it is at `seq`; it goes
   *   out at most once per interval (250 ms, 1 s for 10,000 sockets in the session), and at once
   *   with `now` (a question put on screen was approved by it: the projector must find it before
   *   `live:state` names it). A change that changed no question (the screen moved) still moves
   *   the sequence, so it joins the run like any other: the next delta covers it.
   *
   * `force`: publish even when no question changed, because the sequence moved (a screen change
   * always moves it); otherwise such a change (an upvote that was already so) is not published.
   */
  publish(change: QuestionChange, options: { now?: boolean; force?: boolean } = {}): void {
    const { sessionId } = change;
    if (change.changed.length === 0 && !options.force && !change.screenChanged) return;
    this.queueAudience(change);
    if (options.now) this.audience.flushNow(sessionId);
    else this.audience.mark(sessionId);
    this.bus.publish(rooms.moderation(sessionId), 'qa:moderation', {
      sessionId,
      seq: change.seq,
      upsert: change.changed.map(toMod),
    });
    for (const q of change.changed)
      this.bus.publish(rooms.participant(q.authorId), 'question:mine', toMine(q));
  }

  /**
   * Adds a change to the session's pending run. A run only ever covers changes this node made, one
   * after the other: with several nodes, the sequence numbers a node sees may skip the ones another
   * node made (it publishes those itself), and a delta claiming (fromSeq, seq] must hold every
   * change of that range. So a change that does not follow the run (seq ≠ run.seq + 1) sends the
   * run first and starts a new one. Clients apply a delta when fromSeq ≤ their seq < seq: deltas
   * of two nodes arriving in either order are applied or ignored as stale, and a delta whose range
   * starts beyond what the client has (the other node's delta has not arrived yet) is a gap that
   * makes it resync, as a skipped seq always did.
   */
  private queueAudience(change: QuestionChange): void {
    let run = this.pending.get(change.sessionId);
    if (run && change.seq !== run.seq + 1) {
      this.audience.flushNow(change.sessionId);
      run = undefined;
    }
    if (!run) {
      run = { fromSeq: change.seq - 1, seq: change.seq, questions: new Map(), live: change.live };
      this.pending.set(change.sessionId, run);
    }
    run.seq = change.seq;
    run.live = change.live;
    for (const q of change.changed) run.questions.set(q.id, q);
  }

  /** Sends the session's pending run, if any, as one `qa:audience` delta. */
  private flushAudience(sessionId: string): void {
    const run = this.pending.get(sessionId);
    if (!run) return;
    this.pending.delete(sessionId);
    const questions = [...run.questions.values()];
    this.bus.publish(rooms.audience(sessionId), 'qa:audience', {
      sessionId,
      fromSeq: run.fromSeq,
      seq: run.seq,
      upsert: questions.filter(isPublic).map(toPublic),
      remove: questions.filter((q) => !isPublic(q)).map((q) => q.id),
      pendingCount: run.live.pending,
    });
  }
}
