import {
  AppError,
  type AudienceSnapshot,
  type CommandParsedInput,
  type ModerationSnapshot,
  type ModQuestion,
  type MyQuestion,
  type PublicQuestion,
  type Session,
  type UpvoteResult,
} from '@agora/shared';
import type { Broadcaster } from '../broadcaster.ts';
import { newId, type Clock } from '../clock.ts';
import { audienceIntervalMs, LIVE_INTERVAL_MS } from '../audience-cadence.ts';
import { Coalescer, type Scheduler } from '../coalescer.ts';
import type { Principal } from '../identity/principal.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { rooms } from '../rooms.ts';
import { allows, moderatedSession, policyMessage, sessionFor } from '../session-access.ts';
import { checkResentAsk, refusals } from './questions.rules.ts';
import type { QuestionChange, QuestionRecord, QuestionStore, SessionLive } from './questions.store.ts';
import { isPublic, toMine, toMod, toPublic } from './questions.view.ts';

export { allows };

/**
 * Changes of one session not yet sent to its audience: a contiguous run (fromSeq, seq] of changes
 * this node made, each question as it is at `seq` (later changes replace earlier ones).
 */
interface PendingAudience {
  fromSeq: number;
  seq: number;
  questions: Map<string, QuestionRecord>;
  live: SessionLive;
  onScreen: QuestionRecord | null;
}

/** A session's questions at one sequence number, and what the audience may see of them. */
interface AudienceList {
  seq: number;
  questions: readonly QuestionRecord[];
  visible: PublicQuestion[];
}

/** Freezes a list handed to several readers, keeping its array type for the wire schemas. */
function frozen<T>(list: T[]): T[] {
  Object.freeze(list);
  return list;
}

/**
 * Moderated Q&A: the only code that changes questions. Every mutation is written durably by the
 * store first, then published with the session's new sequence number: `qa:moderation` to its
 * moderators and `question:mine` to the author at once, `qa:audience` to the session's audience
 * room coalesced (at most one delta per interval, longer for a large room: audience-cadence.ts;
 * screen changes at once).
 */
export class QuestionsService {
  private readonly audience: Coalescer;
  private readonly audienceLists = new Map<string, AudienceList>();
  private readonly pending = new Map<string, PendingAudience>();

  constructor(
    private readonly store: QuestionStore & ProgramStore,
    private readonly bus: Broadcaster,
    private readonly clock: Clock,
    scheduler: Scheduler,
    /** Minimum time between two `qa:audience` deltas of one session (more for a large audience). */
    baseIntervalMs = LIVE_INTERVAL_MS,
  ) {
    this.audience = new Coalescer(
      (sessionId) => this.flushAudience(sessionId),
      scheduler,
      (sessionId) => audienceIntervalMs(bus.localSize(rooms.audience(sessionId)), baseIntervalMs),
    );
  }

  /** Sends what is pending and cancels the timers (shutdown: no delta is left behind a durable write). */
  stop(): void {
    this.audience.stop();
    for (const sessionId of [...this.pending.keys()]) this.flushAudience(sessionId);
  }

  /** A session the principal's edition holds; moderators must also be in charge of it. */
  sessionFor(principal: Principal, sessionId: string): Promise<Session> {
    return sessionFor(this.store, principal, sessionId);
  }

  private moderatedSession(principal: Principal, sessionId: string): Promise<Session> {
    return moderatedSession(this.store, principal, sessionId);
  }

  private async moderatedQuestion(principal: Principal, questionId: string): Promise<QuestionRecord> {
    if (principal.role !== 'moderator') throw new AppError('FORBIDDEN', 'moderators only');
    const question = await this.store.getQuestion(questionId);
    if (!question) throw refusals.notFound('question');
    await this.moderatedSession(principal, question.sessionId);
    return question;
  }

  /** Any role of the edition: what the audience sees now. */
  async audienceSnapshot(principal: Principal, sessionId: string): Promise<AudienceSnapshot> {
    await this.sessionFor(principal, sessionId);
    const live = await this.store.getLive(sessionId);
    const { questions, visible } = await this.audienceListAt(sessionId, live.seq);
    const isParticipant = principal.role === 'participant';
    const onScreen = live.onScreenId ? questions.find((q) => q.id === live.onScreenId) : undefined;
    return {
      sessionId,
      seq: live.seq,
      questions: visible,
      pendingCount: live.pending,
      onScreen: onScreen ? toPublic(onScreen) : null,
      mine: isParticipant ? questions.filter((q) => q.authorId === principal.id).map(toMine) : [],
      myUpvotes: isParticipant ? await this.store.listUpvoted(sessionId, principal.id) : [],
    };
  }

  /**
   * The session's questions as of `seq` or later, and what the audience may see of them, read and
   * mapped once per sequence number: every change to a question moves the session's sequence
   * (wipes and erasures too, and it never goes back), so a reconnect storm's 10,000 snapshots of an
   * unchanged session read the store once, not 10,000 times (building the views was 11 % of the
   * restarted node's CPU on the embedded store, reading and parsing them most of it on Redis).
   * The list is read after the sequence, so it may hold later changes too: the deltas a client
   * applies next are whole upserts, and applying one again changes nothing. Shared between
   * snapshots, so frozen.
   */
  private async audienceListAt(sessionId: string, seq: number): Promise<AudienceList> {
    const cached = this.audienceLists.get(sessionId);
    if (cached?.seq === seq) return cached;
    const questions = (await this.store.listQuestions(sessionId)).map((q) => Object.freeze(q));
    const list: AudienceList = {
      seq,
      questions: frozen(questions),
      visible: frozen(questions.filter(isPublic).map((q) => Object.freeze(toPublic(q)))),
    };
    this.audienceLists.set(sessionId, list);
    return list;
  }

  /** Moderators of the session: every question. */
  async moderationSnapshot(principal: Principal, sessionId: string): Promise<ModerationSnapshot> {
    await this.moderatedSession(principal, sessionId);
    const live = await this.store.getLive(sessionId);
    const questions = await this.store.listQuestions(sessionId);
    return { sessionId, seq: live.seq, questions: questions.map(toMod), onScreenId: live.onScreenId };
  }

  /** Participants the session's policy lets ask. A retried `clientId` returns the original question. */
  async ask(principal: Principal, input: CommandParsedInput<'question:ask'>): Promise<MyQuestion> {
    const session = await this.sessionFor(principal, input.sessionId);
    if (principal.role !== 'participant') throw new AppError('FORBIDDEN', 'only participants ask questions');
    if (!allows(session.policy.ask, principal)) {
      throw new AppError('POLICY_FORBIDS', policyMessage(session.policy.ask, 'ask'));
    }
    const result = await this.store.askQuestion({
      id: newId(),
      sessionId: session.id,
      authorId: principal.id,
      clientId: input.clientId,
      text: input.text,
      anonymous: input.anonymous,
      authorName: principal.name,
      authorMode: principal.attendance ?? 'remote',
      at: this.clock.now(),
    });
    checkResentAsk(result.question, session.id);
    this.publish(result);
    return toMine(result.question);
  }

  /** Participants the policy lets upvote (removing an upvote is always allowed). */
  async upvote(principal: Principal, input: CommandParsedInput<'question:upvote'>): Promise<UpvoteResult> {
    if (principal.role !== 'participant') throw new AppError('FORBIDDEN', 'only participants upvote');
    const question = await this.store.getQuestion(input.questionId);
    if (!question) throw refusals.notFound('question');
    const session = await this.sessionFor(principal, question.sessionId);
    if (input.up && !allows(session.policy.upvote, principal)) {
      throw new AppError('POLICY_FORBIDS', policyMessage(session.policy.upvote, 'upvote'));
    }
    const result = await this.store.setUpvote({
      questionId: question.id,
      voterId: principal.id,
      up: input.up,
      at: this.clock.now(),
    });
    this.publish(result);
    return { questionId: question.id, votes: result.question.votes, upvoted: result.upvoted };
  }

  /** Moderators of the session: approve, reject, answer, reopen, star, unstar. */
  async moderate(principal: Principal, input: CommandParsedInput<'question:moderate'>): Promise<ModQuestion> {
    const question = await this.moderatedQuestion(principal, input.questionId);
    const change = await this.store.moderate({
      questionId: question.id,
      action: input.action,
      at: this.clock.now(),
    });
    return this.publishAndPick(change, question.id);
  }

  /** Moderators of the session: fix a question's text; the original stays in the audit trail. */
  async edit(principal: Principal, input: CommandParsedInput<'question:edit'>): Promise<ModQuestion> {
    const question = await this.moderatedQuestion(principal, input.questionId);
    const change = await this.store.editQuestion({
      questionId: question.id,
      text: input.text,
      by: principal.id,
      at: this.clock.now(),
    });
    return this.publishAndPick(change, question.id);
  }

  /** Moderators of the session: merge a duplicate into another question; returns the target. */
  async merge(principal: Principal, input: CommandParsedInput<'question:merge'>): Promise<ModQuestion> {
    const source = await this.moderatedQuestion(principal, input.sourceId);
    const target = await this.moderatedQuestion(principal, input.targetId);
    const change = await this.store.mergeQuestions({
      sourceId: source.id,
      targetId: target.id,
      at: this.clock.now(),
    });
    return this.publishAndPick(change, target.id);
  }

  /**
   * Moderators of the session: put a question on screen (approving it if pending; it replaces a poll
   * or cloud on screen) or clear the screen. Also publishes `screen:changed`.
   */
  async show(
    principal: Principal,
    input: CommandParsedInput<'projector:show'>,
  ): Promise<{ onScreenId: string | null }> {
    await this.moderatedSession(principal, input.sessionId);
    const change = await this.store.setOnScreen({
      sessionId: input.sessionId,
      questionId: input.questionId,
      at: this.clock.now(),
    });
    this.publishChange(change, true);
    return { onScreenId: change.live.onScreenId };
  }

  /** Moderators of the session: change who may ask and upvote; `session:updated` goes to every room of it. */
  async setPolicy(principal: Principal, input: CommandParsedInput<'session:set-policy'>): Promise<Session> {
    await this.moderatedSession(principal, input.sessionId);
    const session = await this.store.setPolicy(input.sessionId, input.policy);
    this.bus.publish(rooms.audience(session.id), 'session:updated', session);
    this.bus.publish(rooms.moderation(session.id), 'session:updated', session);
    return session;
  }

  private publishAndPick(change: QuestionChange, id: string): ModQuestion {
    this.publish(change);
    const question = change.changed.find((q) => q.id === id);
    if (!question) throw new Error(`change does not hold question ${id}`);
    return toMod(question);
  }

  private publish(change: QuestionChange): void {
    this.publishChange(change);
  }

  /**
   * Publishes a change of a session's questions or screen. Called right after the durable write,
   * with no await in between, so publications keep the write order. Also used by the interactions
   * service, whose screen changes move the Q&A sequence.
   *
   * - `screen:changed` to the audience and moderators when the screen moved, at once;
   * - `qa:moderation` to moderators and `question:mine` to authors, at once: moderators are a
   *   handful of sockets, so a delta per change costs little and keeps the queue live and the
   *   moderators' seq discipline unchanged (one delta per seq); an author hears about their own
   *   question without waiting;
   * - `qa:audience` to the whole audience room, coalesced per session: an upvote storm would
   *   otherwise cost one message per upvote per participant (U × N). A delta covers the changes
   *   (fromSeq, seq] and carries every question changed in that range as it is at `seq`; it goes
   *   out at once when the screen changed (the projector must not lag the moderator) and otherwise
   *   at most once per interval (250 ms, 1 s for 10,000 sockets on this node). `force`: publish even when no question changed, because the
   *   sequence moved.
   */
  publishChange(change: QuestionChange, force = false): void {
    const { sessionId } = change;
    if (change.screenChanged) {
      const screen = { sessionId, screen: change.live.screen };
      this.bus.publish(rooms.audience(sessionId), 'screen:changed', screen);
      this.bus.publish(rooms.moderation(sessionId), 'screen:changed', screen);
    }
    if (change.changed.length === 0 && !force && !change.screenChanged) return;
    this.queueAudience(change);
    if (change.screenChanged || force) this.audience.flushNow(sessionId);
    else this.audience.mark(sessionId);
    this.bus.publish(rooms.moderation(sessionId), 'qa:moderation', {
      sessionId,
      seq: change.seq,
      upsert: change.changed.map(toMod),
      onScreenId: change.live.onScreenId,
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
      run = {
        fromSeq: change.seq - 1,
        seq: change.seq,
        questions: new Map(),
        live: change.live,
        onScreen: change.onScreen,
      };
      this.pending.set(change.sessionId, run);
    }
    run.seq = change.seq;
    run.live = change.live;
    run.onScreen = change.onScreen;
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
      onScreen: run.onScreen ? toPublic(run.onScreen) : null,
    });
  }
}
