import { AppError, type ModerationAction, type QuestionStatus, type ScreenItem } from '@agora/shared';
import { refusals as common } from '../refusals.ts';
import type { QuestionRecord, SessionLive } from './questions.store.ts';

/*
 * The rules of questions, decided once: pure functions of what the store holds now, the input and
 * the time, giving a refusal (thrown AppError) or a change description. Both stores apply the
 * description; neither decides anything itself. Every refusal text of a question write is here.
 */

/** What the rules read of a question. */
export type QuestionFacts = Pick<QuestionRecord, 'id' | 'sessionId' | 'status' | 'text' | 'merged'>;

/** What the rules read of a session's live state: what is on screen. */
export type ScreenFacts = Pick<SessionLive, 'onScreenId' | 'screen'>;

/** What the rules read of a poll or cloud that is to go on screen. */
export interface InteractionFacts {
  sessionId: string;
  status: string;
}

/** One question's part of a change; a patch with only `id` lists the question as changed. */
export interface QuestionPatch {
  id: string;
  status?: QuestionStatus;
  starred?: boolean;
  text?: string;
  /** Appended to the question's audit trail. */
  edit?: QuestionRecord['edits'][number];
  mergedInto?: string;
  /** This question takes over `from`'s voters (a set union) and its merged ids, `from` first. */
  absorb?: { from: string; merged: readonly string[] };
  updatedAt?: number;
}

/**
 * A decided change to one session: the store applies the patches in order, adds `pending` to the
 * session's pending count, puts `screen` on screen if present (`undefined`: the screen stays) and
 * bumps the session's sequence number once.
 */
export interface QuestionDecision {
  sessionId: string;
  patches: QuestionPatch[];
  pending: number;
  screen?: ScreenItem | null;
  /** Whether `screen` differs from what was shown (a `live:state` is due). */
  screenChanged: boolean;
}

/** Every refusal of a question write. */
export const refusals = {
  notFound: common.notFound,
  idTaken: () => new AppError('CONFLICT', 'question id already used'),
  clientIdElsewhere: () => new AppError('CONFLICT', 'this client id was already used for another session'),
  notUpvotable: () => new AppError('CONFLICT', 'only approved questions can be upvoted'),
  mergedNotModerated: () => new AppError('CONFLICT', 'a merged question cannot be moderated'),
  alreadyWaiting: () => new AppError('CONFLICT', 'the question is already waiting'),
  unknownAction: () => new AppError('INVALID_PAYLOAD', 'unknown moderation action'),
  mergedNotEdited: () => new AppError('CONFLICT', 'a merged question cannot be edited'),
  mergedIntoItself: () => new AppError('CONFLICT', 'a question cannot be merged into itself'),
  differentSessions: () => new AppError('CONFLICT', 'questions of different sessions'),
  mergeFromLive: () =>
    new AppError('CONFLICT', 'merge into a live question, from a question not already merged'),
  draftOnScreen: (kind: 'poll' | 'cloud') => new AppError('CONFLICT', `a draft ${kind} cannot go on screen`),
  notShowable: (status: QuestionStatus) =>
    new AppError('CONFLICT', `a ${status} question cannot go on screen`),
} as const;

/** A screen item as kept: a poll always says whether it is split (journals and data from before did not). */
export function storedScreen(item: ScreenItem | null): ScreenItem | null {
  if (!item) return null;
  return item.kind === 'poll' ? { kind: 'poll', id: item.id, split: item.split === true } : { ...item };
}

const splitOf = (item: ScreenItem | null) => item?.kind === 'poll' && item.split === true;

/** Whether the projector would show something else (another item, or the same poll split or not). */
export function screenMoves(from: ScreenItem | null, to: ScreenItem | null): boolean {
  return from?.kind !== to?.kind || from?.id !== to?.id || splitOf(from) !== splitOf(to);
}

/** How the session's pending count follows a status change. */
const pendingDelta = (from: QuestionStatus, to: QuestionStatus) =>
  (to === 'pending' ? 1 : 0) - (from === 'pending' ? 1 : 0);

function mustExist<T>(value: T | null | undefined, what: 'question' | 'session'): T {
  if (value === null || value === undefined) throw refusals.notFound(what);
  return value;
}

/** Who may upvote what: only approved questions; withdrawing is always allowed. */
export function checkUpvote(q: Pick<QuestionFacts, 'status'> | null, up: boolean): void {
  const question = mustExist(q, 'question');
  if (up && question.status !== 'approved') throw refusals.notUpvotable();
}

/**
 * A status or star action. Rejecting, answering or sending back the question on screen takes it
 * off the screen.
 */
export function decideModeration(
  q: QuestionFacts | null,
  live: ScreenFacts,
  input: { action: ModerationAction; at: number },
): QuestionDecision {
  const question = mustExist(q, 'question');
  if (question.status === 'merged') throw refusals.mergedNotModerated();
  const patch: QuestionPatch = { id: question.id };
  let status = question.status;
  switch (input.action) {
    case 'approve':
      status = 'approved';
      break;
    case 'reopen':
      if (question.status === 'pending') throw refusals.alreadyWaiting();
      status = question.status === 'answered' ? 'approved' : 'pending';
      break;
    case 'reject':
      status = 'rejected';
      break;
    case 'answer':
      status = 'answered';
      break;
    case 'star':
      patch.starred = true;
      break;
    case 'unstar':
      patch.starred = false;
      break;
    default:
      throw refusals.unknownAction();
  }
  if (status !== question.status) patch.status = status;
  patch.updatedAt = input.at;
  const off = live.onScreenId === question.id && status !== 'approved';
  return {
    sessionId: question.sessionId,
    patches: [patch],
    pending: pendingDelta(question.status, status),
    ...(off ? { screen: null, screenChanged: true } : { screenChanged: false }),
  };
}

/** A new text, with an audit entry; the same text again changes nothing but is still answered. */
export function decideEdit(
  q: QuestionFacts | null,
  input: { text: string; by: string; at: number },
): QuestionDecision {
  const question = mustExist(q, 'question');
  if (question.status === 'merged') throw refusals.mergedNotEdited();
  const patch: QuestionPatch = { id: question.id };
  if (question.text !== input.text) {
    patch.text = input.text;
    patch.edit = { at: input.at, by: input.by, from: question.text, to: input.text };
    patch.updatedAt = input.at;
  }
  return { sessionId: question.sessionId, patches: [patch], pending: 0, screenChanged: false };
}

/**
 * `source` into `target`: the target takes the source's voters (no double vote) and merged ids,
 * the source becomes `merged` and leaves the screen if it was on it.
 */
export function decideMerge(
  source: QuestionFacts | null,
  target: QuestionFacts | null,
  live: ScreenFacts,
  input: { sourceId: string; targetId: string; at: number },
): QuestionDecision {
  if (input.sourceId === input.targetId) throw refusals.mergedIntoItself();
  const from = mustExist(source, 'question');
  const into = mustExist(target, 'question');
  if (from.sessionId !== into.sessionId) throw refusals.differentSessions();
  if (from.status === 'merged' || into.status === 'merged' || into.status === 'rejected') {
    throw refusals.mergeFromLive();
  }
  const off = live.onScreenId === from.id;
  return {
    sessionId: from.sessionId,
    patches: [
      { id: from.id, status: 'merged', mergedInto: into.id, updatedAt: input.at },
      { id: into.id, absorb: { from: from.id, merged: from.merged }, updatedAt: input.at },
    ],
    pending: pendingDelta(from.status, 'merged'),
    ...(off ? { screen: null, screenChanged: true } : { screenChanged: false }),
  };
}

/**
 * What the projector shows next: a question (approved on the way if pending), a poll or cloud that
 * is not a draft, the session's question history, or nothing. Always a change: the session's sequence number moves (the stores keep `onScreenId` with the Q&A state).
 * `target` is the item named, as read from the store (null when absent).
 */
export function decideScreen(
  facts: {
    /** null when there is no such session */
    live: ScreenFacts | null;
    target: QuestionFacts | InteractionFacts | null;
  },
  input: { sessionId: string; item: ScreenItem | null; at: number },
): QuestionDecision {
  const { live } = facts;
  if (!live) throw refusals.notFound('session');
  const screen = storedScreen(input.item);
  const decision = (patches: QuestionPatch[], pending = 0): QuestionDecision => ({
    sessionId: input.sessionId,
    patches,
    pending,
    screen,
    screenChanged: screenMoves(live.screen, screen),
  });
  if (screen === null) return decision([]);
  // The question history is the session's own: nothing else to find.
  if (screen.kind === 'history') {
    if (screen.id !== input.sessionId) throw refusals.notFound('session');
    return decision([]);
  }
  const { target } = facts;
  if (!target || target.sessionId !== input.sessionId) throw refusals.notFound(screen.kind);
  if (screen.kind !== 'question') {
    if (target.status === 'draft') throw refusals.draftOnScreen(screen.kind);
    return decision([]);
  }
  const status = target.status as QuestionStatus;
  if (status !== 'approved' && status !== 'pending') throw refusals.notShowable(status);
  if (status === 'approved') return decision([]);
  return decision(
    [{ id: screen.id, status: 'approved', updatedAt: input.at }],
    pendingDelta(status, 'approved'),
  );
}

/** A new question needs its session, and an id of its own (a re-sent client id is answered before). */
export function checkAsk(facts: { sessionExists: boolean; idTaken: boolean }): void {
  if (!facts.sessionExists) throw refusals.notFound('session');
  if (facts.idTaken) throw refusals.idTaken();
}

/** The question a client id was answered with must be of the session it was sent for now. */
export function checkResentAsk(question: Pick<QuestionFacts, 'sessionId'>, sessionId: string): void {
  if (question.sessionId !== sessionId) throw refusals.clientIdElsewhere();
}
