import type {
  AttendanceMode,
  ModerationDelta,
  ModerationQa,
  ModQuestion,
  QuestionStatus,
} from '@agora/shared';
import { sequence, type DeltaOutcome } from './audience.state.ts';

/** The questions the moderator console holds for one session. */
export type ModerationState = {
  sessionId: string;
  seq: number;
  questions: ReadonlyMap<string, ModQuestion>;
};

export function moderationFromSnapshot(sessionId: string, snapshot: ModerationQa): ModerationState {
  return {
    sessionId,
    seq: snapshot.seq,
    questions: new Map(snapshot.questions.map((q) => [q.id, q])),
  };
}

export function applyModerationDelta(
  state: ModerationState,
  delta: ModerationDelta,
): DeltaOutcome<ModerationState> {
  if (delta.sessionId !== state.sessionId) return { kind: 'stale' };
  const order = sequence(state.seq, delta.seq);
  if (order !== 'next') return { kind: order };
  const questions = new Map(state.questions);
  for (const q of delta.upsert) questions.set(q.id, q);
  return { kind: 'applied', state: { ...state, seq: delta.seq, questions } };
}

/** A command's answer about one question, applied at once; the delta with the same content follows. */
export function applyModQuestion(state: ModerationState, question: ModQuestion): ModerationState {
  if (question.sessionId !== state.sessionId) return state;
  const current = state.questions.get(question.id);
  if (current && current.updatedAt > question.updatedAt) return state;
  const questions = new Map(state.questions);
  questions.set(question.id, question);
  return { ...state, questions };
}

export type StatusFilter = 'pending' | 'approved' | 'answered' | 'rejected' | 'all';
export type ModeFilter = 'all' | AttendanceMode;

export type ModerationFilter = { status: StatusFilter; mode: ModeFilter };

export function matchesFilter(q: ModQuestion, filter: ModerationFilter): boolean {
  if (filter.mode !== 'all' && q.authorMode !== filter.mode) return false;
  if (filter.status === 'all') return q.status !== 'merged';
  return q.status === filter.status;
}

/**
 * Newest first, starred first among approved ones: the order the console lists questions in.
 * `keep`: the questions with an edit or merge form open stay listed whatever their status: another
 * moderator approving the one being corrected made it leave « En attente », and the form went with
 * the typed correction, unsaved and unannounced.
 */
export function moderationList(
  state: ModerationState,
  filter: ModerationFilter,
  keep: readonly string[] = [],
): ModQuestion[] {
  return [...state.questions.values()]
    .filter((q) => keep.includes(q.id) || matchesFilter(q, filter))
    .sort(
      (a, b) =>
        Number(b.starred) - Number(a.starred) || b.createdAt - a.createdAt || a.id.localeCompare(b.id),
    );
}

export function countByStatus(state: ModerationState): Record<QuestionStatus, number> {
  const counts: Record<QuestionStatus, number> = {
    pending: 0,
    approved: 0,
    answered: 0,
    rejected: 0,
    merged: 0,
  };
  for (const q of state.questions.values()) counts[q.status] += 1;
  return counts;
}

/**
 * Splits a list into what the moderator already sees and what is new, so arrivals never
 * move the rows under the pointer: `seen` is the set of ids the moderator has acknowledged.
 */
export function splitArrivals(
  list: readonly ModQuestion[],
  seen: ReadonlySet<string>,
): { shown: ModQuestion[]; fresh: ModQuestion[] } {
  const shown: ModQuestion[] = [];
  const fresh: ModQuestion[] = [];
  for (const q of list) (seen.has(q.id) ? shown : fresh).push(q);
  return { shown, fresh };
}

/** The moderator's selection: the id, with its index so the selection stays in place when its question leaves the view. */
export type Selection = { id: string; index: number } | null;

/** The selected question: the one chosen if still shown, else the one now at its place (or the last). */
export function selectedQuestion(
  shown: readonly ModQuestion[],
  selection: Selection,
): ModQuestion | undefined {
  const index = selection ? shown.findIndex((q) => q.id === selection.id) : -1;
  return index >= 0 ? shown[index] : shown[Math.min(selection?.index ?? 0, shown.length - 1)];
}

/** The question `step` rows away from the selected one (`j` is +1, `k` is −1), kept within the list. */
export function neighbour(
  shown: readonly ModQuestion[],
  selected: ModQuestion | undefined,
  step: 1 | -1,
): ModQuestion | undefined {
  const index = selected ? shown.findIndex((q) => q.id === selected.id) : -1;
  return shown[Math.max(0, Math.min(index + step, shown.length - 1))];
}

/** The words of a question that say what it is about: 4 letters or more, no case, no accents. */
function topicWords(text: string): Set<string> {
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return new Set(plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4));
}

/** How much two questions say the same: the share of their topic words they have in common (0–1). */
function likeness(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  const all = a.size + b.size - shared;
  return all === 0 ? 0 : shared / all;
}

/**
 * What a question may be merged into: any other live question, the one that says the most the same
 * first, then the most voted (then newest). The first one is the form's default choice: ordered by
 * votes alone it was the newest unrelated question when no one had voted yet, and a moderator
 * confirming in a hurry merged the duplicate into it.
 */
export function mergeTargets(state: ModerationState, source: ModQuestion): ModQuestion[] {
  const words = topicWords(source.text);
  return [...state.questions.values()]
    .filter(
      (o) =>
        o.id !== source.id && (o.status === 'approved' || o.status === 'pending' || o.status === 'answered'),
    )
    .map((o) => ({ o, like: likeness(words, topicWords(o.text)) }))
    .sort((a, b) => b.like - a.like || b.o.votes - a.o.votes || b.o.createdAt - a.o.createdAt)
    .map(({ o }) => o);
}
