import {
  type Edition,
  type InteractionPolicy,
  type ModerationAction,
  type ScreenItem,
  type Session,
} from '@agora/shared';
import type { CodeRecord, PrincipalRecord } from '../../modules/identity/identity.store.ts';
import type {
  NewQuestion,
  QuestionChange,
  QuestionRecord,
  SessionLive,
} from '../../modules/questions/questions.store.ts';
import {
  checkAsk,
  checkUpvote,
  decideEdit,
  decideMerge,
  decideModeration,
  decideScreen,
  refusals,
  screenMoves,
  storedScreen,
  type QuestionDecision,
  type QuestionFacts,
  type ScreenFacts,
} from '../../modules/questions/questions.rules.ts';
import { checkSessionEdition, mustSession } from '../../modules/program/program.rules.ts';
import { AttendanceState, isAttendanceOp, type AttendanceOp } from './attendance-state.ts';
import { ContentState, isContentOp, type ContentOp } from './content-state.ts';
import { InteractionsState, type InteractionOp } from './interactions-state.ts';
import { applyIdentityOp, isIdentityOp, type IdentityOp } from './identity-state.ts';
import { OrganizerState, applyOrganizerOp, isOrganizerOp, type OrganizerOp } from './organizer-state.ts';
import { WatchState, isWatchOp, type WatchOp } from './watch-state.ts';

/** A question in memory: its voters as a set, counted on the way out. */
export type StoredQuestion = Omit<QuestionRecord, 'votes'> & { voters: Set<string> };

/**
 * Every change to the embedded store is one of these operations. They carry every generated value
 * (ids, timestamps), so applying the journal again rebuilds exactly the same state.
 */
export type Op =
  | { t: 'edition'; edition: Edition }
  | { t: 'claim'; name: string }
  | { t: 'session'; session: Session }
  | { t: 'policy'; sessionId: string; policy: InteractionPolicy }
  | { t: 'delay'; sessionId: string; remoteDelaySeconds: number }
  | { t: 'blackout'; sessionId: string; on: boolean }
  | IdentityOp
  | { t: 'ask'; q: NewQuestion }
  | { t: 'upvote'; questionId: string; voterId: string; up: boolean; at: number }
  | { t: 'moderate'; questionId: string; action: ModerationAction; at: number }
  | { t: 'edit'; questionId: string; text: string; by: string; at: number }
  | { t: 'merge'; sourceId: string; targetId: string; at: number }
  | { t: 'onscreen'; sessionId: string; questionId: string | null; at: number }
  | { t: 'set-screen'; sessionId: string; item: ScreenItem | null; at: number }
  | { t: 'anonymise-author'; editionId: string; authorId: string }
  // The two wipes keep the names the organizer console journaled them under.
  | { t: 'org-wipe-questions'; editionId: string }
  | { t: 'org-wipe-interactions'; editionId: string }
  // Written by journals from before erasure was composed of one step per feature: replayed as both.
  | { t: 'org-erase'; role: CodeRecord['role']; editionId: string; principalId: string }
  | InteractionOp
  | OrganizerOp
  | ContentOp
  | WatchOp
  | AttendanceOp;

/** What the rules are shown for a question that does not exist (they refuse before reading it). */
const NO_SCREEN: ScreenFacts = Object.freeze({ onScreenId: null, screen: null });

/**
 * The whole embedded state, and the only code that changes it. Each `apply` checks every
 * precondition before its first write, so an operation either applies whole or throws untouched;
 * for questions the checks are questions.rules.ts' decision, which `applyDecision` then writes.
 */
export class State {
  editions = new Map<string, Edition>();
  /** one-time claims (e.g. loading the demo) */
  claims = new Set<string>();
  sessions = new Map<string, Session>();
  live = new Map<string, SessionLive>();
  principals = new Map<string, PrincipalRecord>();
  codes = new Map<string, CodeRecord>();
  questions = new Map<string, StoredQuestion>();
  /** question ids of a session, in arrival order */
  bySession = new Map<string, string[]>();
  /** `${authorId}:${clientId}` → question id, for idempotent asks */
  byClientId = new Map<string, string>();
  /** Polls and word clouds. */
  interactions = new InteractionsState((id) => this.sessions.get(id));
  /** Organizer accounts and edition settings. */
  organizer = new OrganizerState();
  /** Documents, partners and the contacts left to partners. */
  content = new ContentState((id) => this.editions.has(id));
  /** Sessions' video settings and screen histories. */
  watch = new WatchState((id) => this.sessions.has(id));
  /** Minutes attended and watched, certificate settings, delay following. */
  attendance = new AttendanceState();

  liveOf(sessionId: string): SessionLive {
    let live = this.live.get(sessionId);
    if (!live) {
      live = { seq: 0, onScreenId: null, pending: 0, screen: null };
      this.live.set(sessionId, live);
    }
    return live;
  }

  view(q: StoredQuestion): QuestionRecord {
    const { voters, ...rest } = q;
    return { ...rest, merged: [...rest.merged], edits: [...rest.edits], votes: voters.size };
  }

  private question(id: string): StoredQuestion {
    const q = this.questions.get(id);
    if (!q) throw refusals.notFound('question');
    return q;
  }

  private bump(sessionId: string, changed: StoredQuestion[], screenChanged = false): QuestionChange {
    const live = this.liveOf(sessionId);
    live.seq += 1;
    return this.change(sessionId, changed, screenChanged);
  }

  /** The change record of the session as it is now; no `changed` questions means nothing to publish. */
  private change(sessionId: string, changed: StoredQuestion[], screenChanged = false): QuestionChange {
    const live = this.liveOf(sessionId);
    const onScreen = live.onScreenId ? this.questions.get(live.onScreenId) : undefined;
    return {
      sessionId,
      seq: live.seq,
      changed: changed.map((q) => this.view(q)),
      live: { ...live, screen: live.screen ? { ...live.screen } : null },
      onScreen: onScreen ? this.view(onScreen) : null,
      screenChanged,
    };
  }

  /** The one way the screen changes, so `onScreenId` and `screen` never disagree. Returns whether it moved. */
  private putOnScreen(live: SessionLive, item: ScreenItem | null): boolean {
    const next = storedScreen(item);
    const moved = screenMoves(live.screen, next);
    live.screen = next;
    live.onScreenId = next?.kind === 'question' ? next.id : null;
    return moved;
  }

  /** What the rules read of a question (null when there is none). */
  private facts(id: string): QuestionFacts | null {
    return this.questions.get(id) ?? null;
  }

  /**
   * Applies what the rules decided. The decision was taken on this state, so every question it
   * names exists: nothing below can throw half-way.
   */
  private applyDecision(d: QuestionDecision): QuestionChange {
    const changed = d.patches.map((p) => {
      const q = this.question(p.id);
      if (p.status !== undefined) q.status = p.status;
      if (p.starred !== undefined) q.starred = p.starred;
      if (p.text !== undefined) q.text = p.text;
      if (p.edit) q.edits.push({ ...p.edit });
      if (p.mergedInto !== undefined) q.mergedInto = p.mergedInto;
      if (p.absorb) {
        for (const voter of this.question(p.absorb.from).voters) q.voters.add(voter);
        q.merged.push(p.absorb.from, ...p.absorb.merged);
      }
      if (p.updatedAt !== undefined) q.updatedAt = p.updatedAt;
      return q;
    });
    const live = this.liveOf(d.sessionId);
    live.pending += d.pending;
    if (d.screen !== undefined) this.putOnScreen(live, d.screen);
    return this.bump(d.sessionId, changed, d.screenChanged);
  }

  apply(op: Op): unknown {
    switch (op.t) {
      case 'edition':
        this.editions.set(op.edition.id, op.edition);
        return undefined;
      case 'claim':
        if (this.claims.has(op.name)) return false;
        this.claims.add(op.name);
        return true;
      case 'session':
        checkSessionEdition(this.editions.has(op.session.editionId));
        // A moderator's « écran noir » is a live setting: an edit of the session keeps it (as in Redis).
        this.sessions.set(op.session.id, keepBlackout(op.session, this.sessions.get(op.session.id)));
        this.liveOf(op.session.id);
        return undefined;
      case 'policy': {
        const session = mustSession(this.sessions.get(op.sessionId));
        const updated = { ...session, policy: op.policy };
        this.sessions.set(session.id, updated);
        return updated;
      }
      case 'delay': {
        const session = mustSession(this.sessions.get(op.sessionId));
        const updated = { ...session, remoteDelaySeconds: op.remoteDelaySeconds };
        this.sessions.set(session.id, updated);
        return updated;
      }
      case 'blackout': {
        const session = mustSession(this.sessions.get(op.sessionId));
        const updated = { ...session, blackout: op.on };
        this.sessions.set(session.id, updated);
        return updated;
      }
      case 'ask':
        return this.ask(op.q);
      case 'upvote':
        return this.upvote(op);
      case 'moderate':
        return this.applyDecision(
          decideModeration(this.facts(op.questionId), this.screenOfQuestion(op.questionId), op),
        );
      case 'edit':
        return this.applyDecision(decideEdit(this.facts(op.questionId), op));
      case 'merge':
        return this.applyDecision(
          decideMerge(
            this.facts(op.sourceId),
            this.facts(op.targetId),
            this.screenOfQuestion(op.sourceId),
            op,
          ),
        );
      case 'onscreen':
        return this.onScreen({
          sessionId: op.sessionId,
          item: op.questionId === null ? null : { kind: 'question', id: op.questionId },
          at: op.at,
        });
      case 'set-screen':
        return this.onScreen(op);
      case 'anonymise-author':
        return this.anonymiseAuthor(op.authorId, op.editionId);
      case 'org-wipe-questions':
        return this.wipeQuestions(op.editionId);
      case 'org-wipe-interactions':
        return this.wipeInteractions(op.editionId);
      case 'org-erase': {
        const codes = applyIdentityOp(this, { ...op, t: 'erase-principal' }) as number;
        return { questions: this.anonymiseAuthor(op.principalId), codes };
      }
      default:
        if (isIdentityOp(op)) return applyIdentityOp(this, op);
        if (isOrganizerOp(op)) return applyOrganizerOp(this.organizer, op, (id) => this.editions.has(id));
        if (isContentOp(op)) return this.content.apply(op);
        if (isWatchOp(op)) return this.watch.apply(op);
        if (isAttendanceOp(op)) return this.attendance.apply(op);
        return this.interactions.apply(op);
    }
  }

  private ask(input: NewQuestion): QuestionChange & { question: QuestionRecord; created: boolean } {
    const key = `${input.authorId}:${input.clientId}`;
    const existingId = this.byClientId.get(key);
    if (existingId) {
      const existing = this.question(existingId);
      return { ...this.change(existing.sessionId, []), question: this.view(existing), created: false };
    }
    checkAsk({ sessionExists: this.sessions.has(input.sessionId), idTaken: this.questions.has(input.id) });
    const q: StoredQuestion = {
      id: input.id,
      sessionId: input.sessionId,
      authorId: input.authorId,
      clientId: input.clientId,
      text: input.text,
      originalText: input.text,
      anonymous: input.anonymous,
      authorName: input.authorName,
      authorMode: input.authorMode,
      status: 'pending',
      starred: false,
      voters: new Set(),
      mergedInto: null,
      merged: [],
      edits: [],
      createdAt: input.at,
      updatedAt: input.at,
    };
    this.liveOf(q.sessionId).pending += 1;
    this.questions.set(q.id, q);
    this.byClientId.set(key, q.id);
    const list = this.bySession.get(q.sessionId) ?? [];
    list.push(q.id);
    this.bySession.set(q.sessionId, list);
    return { ...this.bump(q.sessionId, [q]), question: this.view(q), created: true };
  }

  private upvote(
    op: Extract<Op, { t: 'upvote' }>,
  ): QuestionChange & { question: QuestionRecord; upvoted: boolean } {
    checkUpvote(this.facts(op.questionId), op.up);
    const q = this.question(op.questionId);
    const has = q.voters.has(op.voterId);
    if (has === op.up) return { ...this.change(q.sessionId, []), question: this.view(q), upvoted: has };
    if (op.up) q.voters.add(op.voterId);
    else q.voters.delete(op.voterId);
    return { ...this.bump(q.sessionId, [q]), question: this.view(q), upvoted: op.up };
  }

  /** What the screen of a question's session shows (nothing when there is no such question: it is refused). */
  private screenOfQuestion(id: string): ScreenFacts {
    const q = this.questions.get(id);
    return q ? this.liveOf(q.sessionId) : NO_SCREEN;
  }

  private onScreen(op: { sessionId: string; item: ScreenItem | null; at: number }): QuestionChange {
    const { item } = op;
    const live = this.sessions.has(op.sessionId) ? this.liveOf(op.sessionId) : null;
    const target =
      item === null || item.kind === 'history'
        ? null
        : item.kind === 'question'
          ? this.facts(item.id)
          : (this.interactions.get(item) ?? null);
    return this.applyDecision(decideScreen({ live, target }, op));
  }

  /** Removes the author's name from their questions (of one edition; every one for `org-erase`). */
  private anonymiseAuthor(authorId: string, editionId?: string): number {
    let count = 0;
    for (const q of this.questions.values()) {
      if (q.authorId !== authorId) continue;
      if (editionId !== undefined && this.sessions.get(q.sessionId)?.editionId !== editionId) continue;
      q.authorName = '';
      q.anonymous = true;
      count += 1;
    }
    return count;
  }

  private editionSessionIds(editionId: string): string[] {
    return [...this.sessions.values()].filter((s) => s.editionId === editionId).map((s) => s.id);
  }

  /** Deletes the edition's questions and upvotes; each session's live state starts again. */
  private wipeQuestions(editionId: string): number {
    let wiped = 0;
    for (const sessionId of this.editionSessionIds(editionId)) {
      for (const id of this.bySession.get(sessionId) ?? []) {
        const q = this.questions.get(id);
        if (q) this.byClientId.delete(`${q.authorId}:${q.clientId}`);
        this.questions.delete(id);
        wiped += 1;
      }
      this.bySession.delete(sessionId);
      const live = this.liveOf(sessionId);
      live.seq += 1;
      live.pending = 0;
      this.putOnScreen(live, null);
    }
    return wiped;
  }

  /** Polls and clouds of the edition back to their drafts; the screens show nothing. */
  private wipeInteractions(editionId: string): number {
    let used = 0;
    for (const sessionId of this.editionSessionIds(editionId)) {
      used += this.interactions.resetSession(sessionId);
      const live = this.liveOf(sessionId);
      live.seq += 1;
      this.putOnScreen(live, null);
    }
    return used;
  }
}

/** The session as written, with the black-out setting of the one it replaces (if that had one). */
function keepBlackout(session: Session, before: Session | undefined): Session {
  if (before?.blackout === undefined) return session;
  return { ...session, blackout: before.blackout };
}
