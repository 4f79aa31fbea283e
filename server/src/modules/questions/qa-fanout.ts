import type { Broadcaster } from '../broadcaster.ts';
import { audienceIntervalMs, LIVE_INTERVAL_MS, type AudienceSize } from '../audience-cadence.ts';
import { Coalescer, type Scheduler } from '../coalescer.ts';
import { rooms } from '../rooms.ts';
import type { QuestionChange, QuestionRecord, SessionLive } from './questions.store.ts';
import { isPublic, toMine, toMod, toPublic } from './questions.view.ts';

/** What a node hands the other nodes for each change of a session's questions it made (`Broadcaster.share`). */
export const QA_TOPIC = 'qa';

/** How long a node waits for a change another node made, missing from its phones' run, before it gives up on it. */
export const GAP_WAIT_MS = 1_000;

/**
 * What of a change the nodes publish (`take`): not the question on screen nor whether the screen
 * moved (the node that made the change sends the screen), a question's whole record that travelled
 * with every upvote. A node of the previous version sends them, and reads what this one sends: it
 * took no more of the change than this.
 */
type SharedChange = Pick<QuestionChange, 'sessionId' | 'seq' | 'changed' | 'live'>;

interface Shared {
  change: SharedChange;
  now: boolean;
  votesOnly: boolean;
}

/**
 * One session's audience on this node: what went out to its phones, and what waits. Every change of
 * the session comes here, this node's own and the other nodes' (handed over by `share`), so a delta
 * covers a contiguous range whichever node made each change.
 */
interface AudienceRun {
  /** Every change up to here went out to this node's phones. */
  sentSeq: number;
  /** The contiguous changes (sentSeq, seq] not yet sent, each question as it is at `seq`. */
  seq: number;
  questions: Map<string, QuestionRecord>;
  live: SessionLive | null;
  /** Changes beyond `seq + 1`, waiting for the ones between (another node's, still on their way). */
  ahead: Map<number, SharedChange>;
  /** Gives up on the missing changes `GAP_WAIT_MS` after the first was missed. */
  gapTimer: unknown;
}

/**
 * Where every durable change of a session's questions goes out, with the session's new sequence
 * number: `qa:moderation` to its moderators and `question:mine` to the author at once, `qa:audience`
 * to its audience room coalesced (at most one delta per interval, longer for a large room:
 * audience-cadence.ts). Used by the questions service and by the live session's screen changes,
 * which move the sequence too. What is on screen is not published here: that is `live:state`.
 *
 * Every node sends to its own sockets: the node that made a change hands it to the others
 * (`Broadcaster.share`, one message between nodes per change), and each node publishes it to its
 * moderators and the author's sockets, and adds it to its phones' run. Before, each node coalesced
 * only its own changes and a run broke wherever another node's change came between: in an upvote
 * storm on two nodes nearly every upvote went to every phone at once (U × N, what coalescing is for).
 */
export class QaFanout {
  private readonly audience: Coalescer;
  private readonly runs = new Map<string, AudienceRun>();

  constructor(
    private readonly bus: Broadcaster,
    private readonly scheduler: Scheduler,
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
    bus.onShared(QA_TOPIC, (data) => {
      const { change, now, votesOnly } = data as Shared;
      this.take(change, now, votesOnly);
    });
  }

  /** Sends what is pending and cancels the timers (shutdown: no delta is left behind a durable write). */
  stop(): void {
    this.audience.stop();
    for (const [sessionId, run] of this.runs) {
      if (run.gapTimer !== undefined) this.scheduler.clearTimeout(run.gapTimer);
      run.gapTimer = undefined;
      this.flushAudience(sessionId);
    }
  }

  /**
   * Publishes a change of a session's questions made on this node. Called right after the durable
   * write, with no await in between, so publications keep the write order.
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
   *
   * `votesOnly`: only the votes changed (an upvote). The author of a question the audience sees has
   * them from the audience's deltas, so `question:mine` goes only for one it does not see: a popular
   * question's 10,000 upvotes are not 10,000 messages (and renders) on its author's phone.
   */
  publish(
    change: QuestionChange,
    options: { now?: boolean; force?: boolean; votesOnly?: boolean } = {},
  ): void {
    if (change.changed.length === 0 && !options.force && !change.screenChanged) return;
    const now = options.now ?? false;
    const votesOnly = options.votesOnly ?? false;
    const { sessionId, seq, changed, live } = change;
    this.bus.share(QA_TOPIC, { change: { sessionId, seq, changed, live }, now, votesOnly } satisfies Shared);
    this.take(change, now, votesOnly);
  }

  /** A change of this node or another: to this node's moderators and author now, to its phones' run. */
  private take(change: SharedChange, now: boolean, votesOnly: boolean): void {
    const { sessionId } = change;
    this.bus.publishLocal(rooms.moderation(sessionId), 'qa:moderation', {
      sessionId,
      seq: change.seq,
      upsert: change.changed.map(toMod),
    });
    for (const q of change.changed) {
      if (votesOnly && isPublic(q)) continue;
      this.bus.publishLocal(rooms.participant(q.authorId), 'question:mine', toMine(q));
    }
    this.queueAudience(change);
    if (now) this.audience.flushNow(sessionId);
    else this.audience.mark(sessionId);
  }

  /**
   * Adds a change to the session's run. Changes arrive in any order between nodes: one that follows
   * the run joins it (with those waiting after it), one further on waits for the ones between, one
   * already in is dropped. A run only ever goes out contiguous, so a client applying (fromSeq, seq]
   * holds every change of the range (clients resync on a delta that starts beyond their seq).
   */
  private queueAudience(change: SharedChange): void {
    let run = this.runs.get(change.sessionId);
    if (!run) {
      run = {
        sentSeq: change.seq - 1,
        seq: change.seq - 1,
        questions: new Map(),
        live: null,
        ahead: new Map(),
        gapTimer: undefined,
      };
      this.runs.set(change.sessionId, run);
    }
    if (change.seq <= run.seq) return;
    if (change.seq > run.seq + 1) {
      run.ahead.set(change.seq, change);
      this.waitForGap(change.sessionId, run);
      return;
    }
    this.extend(run, change);
    this.drainAhead(change.sessionId, run);
  }

  private extend(run: AudienceRun, change: SharedChange): void {
    run.seq = change.seq;
    run.live = change.live;
    for (const q of change.changed) run.questions.set(q.id, q);
  }

  /** Takes the changes that now follow the run; a gap still open keeps (or starts) its wait. */
  private drainAhead(sessionId: string, run: AudienceRun): void {
    for (let next = run.ahead.get(run.seq + 1); next; next = run.ahead.get(run.seq + 1)) {
      run.ahead.delete(next.seq);
      this.extend(run, next);
    }
    if (run.ahead.size === 0 && run.gapTimer !== undefined) {
      this.scheduler.clearTimeout(run.gapTimer);
      run.gapTimer = undefined;
    } else if (run.ahead.size > 0) this.waitForGap(sessionId, run);
  }

  /**
   * Waits `GAP_WAIT_MS` for the changes missing before those ahead; then gives up on them (another
   * node's hand-over lost, or a sequence step nobody publishes): the run goes on from the first
   * change ahead, and phones short of the missing ones find the gap and resync.
   */
  private waitForGap(sessionId: string, run: AudienceRun): void {
    if (run.gapTimer !== undefined) return;
    run.gapTimer = this.scheduler.setTimeout(() => {
      run.gapTimer = undefined;
      if (run.ahead.size === 0) return;
      this.flushAudience(sessionId);
      const first = Math.min(...run.ahead.keys());
      run.sentSeq = run.seq = first - 1;
      this.drainAhead(sessionId, run);
      this.audience.flushNow(sessionId);
    }, GAP_WAIT_MS);
  }

  /** Sends the session's contiguous run, if any, as one `qa:audience` delta to this node's phones. */
  private flushAudience(sessionId: string): void {
    const run = this.runs.get(sessionId);
    if (!run || run.seq === run.sentSeq || !run.live) return;
    const questions = [...run.questions.values()];
    this.bus.publishLocal(rooms.audience(sessionId), 'qa:audience', {
      sessionId,
      fromSeq: run.sentSeq,
      seq: run.seq,
      upsert: questions.filter(isPublic).map(toPublic),
      remove: questions.filter((q) => !isPublic(q)).map((q) => q.id),
      pendingCount: run.live.pending,
    });
    run.sentSeq = run.seq;
    run.questions = new Map();
  }
}
