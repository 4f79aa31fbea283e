import {
  AppError,
  type AudienceSnapshot,
  type CommandParsedInput,
  type ModerationSnapshot,
  type ModQuestion,
  type MyQuestion,
  type Session,
  type UpvoteResult,
} from '@agora/shared';
import type { Broadcaster } from '../broadcaster.ts';
import { newId, type Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { rooms } from '../rooms.ts';
import { allows, moderatedSession, policyMessage, sessionFor } from '../session-access.ts';
import type { QuestionChange, QuestionRecord, QuestionStore } from './questions.store.ts';
import { isPublic, toMine, toMod, toPublic } from './questions.view.ts';

export { allows };

/**
 * Moderated Q&A: the only code that changes questions. Every mutation is written durably by the
 * store first, then published: `qa:audience` to the session's audience room, `qa:moderation` to its
 * moderators, `question:mine` to the author, all with the session's new sequence number.
 */
export class QuestionsService {
  constructor(
    private readonly store: QuestionStore & ProgramStore,
    private readonly bus: Broadcaster,
    private readonly clock: Clock,
  ) {}

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
    if (!question) throw new AppError('NOT_FOUND', 'question not found');
    await this.moderatedSession(principal, question.sessionId);
    return question;
  }

  /** Any role of the edition: what the audience sees now. */
  async audienceSnapshot(principal: Principal, sessionId: string): Promise<AudienceSnapshot> {
    await this.sessionFor(principal, sessionId);
    const live = await this.store.getLive(sessionId);
    const questions = await this.store.listQuestions(sessionId);
    const isParticipant = principal.role === 'participant';
    const onScreen = live.onScreenId ? questions.find((q) => q.id === live.onScreenId) : undefined;
    return {
      sessionId,
      seq: live.seq,
      questions: questions.filter(isPublic).map(toPublic),
      pendingCount: live.pending,
      onScreen: onScreen ? toPublic(onScreen) : null,
      mine: isParticipant ? questions.filter((q) => q.authorId === principal.id).map(toMine) : [],
      myUpvotes: isParticipant ? await this.store.listUpvoted(sessionId, principal.id) : [],
    };
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
    if (result.question.sessionId !== session.id) {
      throw new AppError('CONFLICT', 'this client id was already used for another session');
    }
    this.publish(result);
    return toMine(result.question);
  }

  /** Participants the policy lets upvote (removing an upvote is always allowed). */
  async upvote(principal: Principal, input: CommandParsedInput<'question:upvote'>): Promise<UpvoteResult> {
    if (principal.role !== 'participant') throw new AppError('FORBIDDEN', 'only participants upvote');
    const question = await this.store.getQuestion(input.questionId);
    if (!question) throw new AppError('NOT_FOUND', 'question not found');
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
   * Publishes a change of a session's questions or screen: `qa:audience` and `qa:moderation` with
   * the new sequence number (`force`: even when no question changed, because the sequence moved),
   * `question:mine` to authors, and `screen:changed` to the audience and moderators when the screen
   * moved. Called right after the durable write, with no await in between, so publications keep the
   * write order. Also used by the interactions service, whose screen changes move the Q&A sequence.
   */
  publishChange(change: QuestionChange, force = false): void {
    const { sessionId } = change;
    if (change.screenChanged) {
      const screen = { sessionId, screen: change.live.screen };
      this.bus.publish(rooms.audience(sessionId), 'screen:changed', screen);
      this.bus.publish(rooms.moderation(sessionId), 'screen:changed', screen);
    }
    if (change.changed.length === 0 && !force && !change.screenChanged) return;
    this.bus.publish(rooms.audience(sessionId), 'qa:audience', {
      sessionId,
      seq: change.seq,
      upsert: change.changed.filter(isPublic).map(toPublic),
      remove: change.changed.filter((q) => !isPublic(q)).map((q) => q.id),
      pendingCount: change.live.pending,
      onScreen: change.onScreen ? toPublic(change.onScreen) : null,
    });
    this.bus.publish(rooms.moderation(sessionId), 'qa:moderation', {
      sessionId,
      seq: change.seq,
      upsert: change.changed.map(toMod),
      onScreenId: change.live.onScreenId,
    });
    for (const q of change.changed)
      this.bus.publish(rooms.participant(q.authorId), 'question:mine', toMine(q));
  }
}
