import { isPublicStatus, type ModQuestion, type MyQuestion, type PublicQuestion } from '@agora/shared';
import type { QuestionRecord } from './questions.store.ts';

/** Statuses the audience and the projector may see. */
export function isPublic(q: QuestionRecord): boolean {
  return isPublicStatus(q.status);
}

export function toPublic(q: QuestionRecord): PublicQuestion {
  return {
    id: q.id,
    sessionId: q.sessionId,
    text: q.text,
    authorName: q.anonymous ? null : q.authorName,
    authorMode: q.authorMode,
    status: q.status,
    starred: q.starred,
    votes: q.votes,
    createdAt: q.createdAt,
  };
}

export function toMod(q: QuestionRecord): ModQuestion {
  return {
    ...toPublic(q),
    originalText: q.originalText,
    edits: q.edits,
    mergedInto: q.mergedInto,
    merged: q.merged,
    updatedAt: q.updatedAt,
  };
}

export function toMine(q: QuestionRecord): MyQuestion {
  return { ...toPublic(q), clientId: q.clientId, mergedInto: q.mergedInto, updatedAt: q.updatedAt };
}
