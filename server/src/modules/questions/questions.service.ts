import {
  admissionOf,
  AppError,
  type AudienceQa,
  type CommandParsedInput,
  type ModerationQa,
  type ModQuestion,
  type MyQuestion,
  type PublicQuestion,
  type Session,
  type UpvoteResult,
} from '@agora/shared';
import { newId, type Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import type { StoreParts } from '../store-parts.ts';
import { allows, moderatedSession, policyMessage, sessionFor } from '../session-access.ts';
import type { QaFanout } from './qa-fanout.ts';
import { checkResentAsk, refusals } from './questions.rules.ts';
import type { QuestionChange, QuestionRecord, SessionLive } from './questions.store.ts';
import { isPublic, toMine, toMod, toPublic } from './questions.view.ts';

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

export interface QuestionsDeps {
  store: Pick<StoreParts, 'questions' | 'program'>;
  clock: Clock;
  /** Where every durable change goes out (`qa:*`, `question:mine`). */
  qa: QaFanout;
  /** The live session: told when a change took a question off the screen (`live:state`). */
  live: { publish(sessionId: string): Promise<unknown> };
}

/**
 * Moderated Q&A: the only code that changes questions. Every mutation is written durably by the
 * store first, then published through the Q&A fan-out with the session's new sequence number; a
 * change that took the question on screen off it (answered, rejected, merged) also sends the
 * session's live state.
 */
export class QuestionsService {
  private readonly audienceLists = new Map<string, AudienceList>();
  private readonly store: Pick<StoreParts, 'questions' | 'program'>;
  private readonly clock: Clock;

  constructor(private readonly deps: QuestionsDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
  }

  private moderatedSession(principal: Principal, sessionId: string): Promise<Session> {
    return moderatedSession(this.store.program, principal, sessionId);
  }

  private async moderatedQuestion(principal: Principal, questionId: string): Promise<QuestionRecord> {
    if (principal.role !== 'moderator') throw new AppError('FORBIDDEN', 'moderators only');
    const question = await this.store.questions.getQuestion(questionId);
    if (!question) throw refusals.notFound('question');
    await this.moderatedSession(principal, question.sessionId);
    return question;
  }

  /**
   * What the audience sees of a session's questions at `live.seq`, for a caller the join already
   * let in: approved and answered questions, and a participant's own questions and upvotes.
   */
  async audienceQa(principal: Principal, sessionId: string, live: SessionLive): Promise<AudienceQa> {
    const { questions, visible } = await this.audienceListAt(sessionId, live.seq);
    const isParticipant = principal.role === 'participant';
    return {
      seq: live.seq,
      questions: visible,
      pendingCount: live.pending,
      mine: isParticipant ? questions.filter((q) => q.authorId === principal.id).map(toMine) : [],
      myUpvotes: isParticipant ? await this.store.questions.listUpvoted(sessionId, principal.id) : [],
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
    const questions = (await this.store.questions.listQuestions(sessionId)).map((q) => Object.freeze(q));
    const list: AudienceList = {
      seq,
      questions: frozen(questions),
      visible: frozen(questions.filter(isPublic).map((q) => Object.freeze(toPublic(q)))),
    };
    this.audienceLists.set(sessionId, list);
    return list;
  }

  /** Every question of the session at `live.seq`, for a moderator the join already let in. */
  async moderationQa(sessionId: string, live: SessionLive): Promise<ModerationQa> {
    const questions = await this.store.questions.listQuestions(sessionId);
    return { seq: live.seq, questions: questions.map(toMod) };
  }

  /** Participants the session's policy lets ask. A retried `clientId` returns the original question. */
  async ask(principal: Principal, input: CommandParsedInput<'question:ask'>): Promise<MyQuestion> {
    const session = await sessionFor(this.store.program, principal, input.sessionId);
    if (principal.role !== 'participant') throw new AppError('FORBIDDEN', 'only participants ask questions');
    if (!allows(session.policy.ask, principal)) {
      throw new AppError('POLICY_FORBIDS', policyMessage(session.policy.ask, 'ask'));
    }
    const result = await this.store.questions.askQuestion({
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
    const admission = admissionOf(principal);
    if (!admission) throw new AppError('FORBIDDEN', 'only participants upvote');
    // The question's session and its upvote policy are checked by the write itself: one trip to the store.
    const result = await this.store.questions.setUpvote({
      questionId: input.questionId,
      voterId: principal.id,
      up: input.up,
      at: this.clock.now(),
      admission,
    });
    this.deps.qa.publish(result, { votesOnly: true });
    return { questionId: input.questionId, votes: result.question.votes, upvoted: result.upvoted };
  }

  /** Moderators of the session: approve, reject, answer, reopen, star, unstar. */
  async moderate(principal: Principal, input: CommandParsedInput<'question:moderate'>): Promise<ModQuestion> {
    const question = await this.moderatedQuestion(principal, input.questionId);
    const change = await this.store.questions.moderate({
      questionId: question.id,
      action: input.action,
      at: this.clock.now(),
    });
    return this.publishAndPick(change, question.id);
  }

  /** Moderators of the session: fix a question's text; the original stays in the audit trail. */
  async edit(principal: Principal, input: CommandParsedInput<'question:edit'>): Promise<ModQuestion> {
    const question = await this.moderatedQuestion(principal, input.questionId);
    const change = await this.store.questions.editQuestion({
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
    const change = await this.store.questions.mergeQuestions({
      sourceId: source.id,
      targetId: target.id,
      at: this.clock.now(),
    });
    return this.publishAndPick(change, target.id);
  }

  private async publishAndPick(change: QuestionChange, id: string): Promise<ModQuestion> {
    this.publish(change);
    if (change.screenChanged) await this.deps.live.publish(change.sessionId);
    const question = change.changed.find((q) => q.id === id);
    if (!question) throw new Error(`change does not hold question ${id}`);
    return toMod(question);
  }

  private publish(change: QuestionChange): void {
    this.deps.qa.publish(change);
  }
}
