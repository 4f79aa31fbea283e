import type { AudienceDelta, AudienceQa, MyQuestion, PublicQuestion, UpvoteResult } from '@agora/shared';

/** The questions a participant's or a projector's session holds; built only from snapshots and deltas. */
export type AudienceState = {
  sessionId: string;
  seq: number;
  questions: ReadonlyMap<string, PublicQuestion>;
  pendingCount: number;
  /** The participant's own questions, by question id. */
  mine: ReadonlyMap<string, MyQuestion>;
  myUpvotes: ReadonlySet<string>;
};

/** Outcome of offering a delta: applied, ignored as already seen, or a gap that calls for a fresh snapshot. */
export type DeltaOutcome<S> = { kind: 'applied'; state: S } | { kind: 'stale' } | { kind: 'gap' };

/** Whether a delta numbered `seq` follows a state at `last`: the caller resyncs on a gap. */
export function sequence(last: number, seq: number): 'next' | 'stale' | 'gap' {
  if (seq <= last) return 'stale';
  return seq === last + 1 ? 'next' : 'gap';
}

/**
 * Whether a coalesced delta covering the changes (fromSeq, seq] applies to a state at `last`:
 * stale if it brings nothing new, a gap (the caller resyncs) if it starts beyond `last`. A delta
 * that overlaps what the state already holds is applied: its questions are whole and as of `seq`,
 * so applying a change twice does no harm (a snapshot taken while the server held a delta back
 * is followed by that delta, which overlaps it). With several nodes, each node coalesces only the
 * changes it made, so two nodes' deltas may arrive in either order: one that starts beyond `last`
 * is a gap (the other node's range has not arrived yet) and the resync makes it right; one that
 * ends at or before `last` is stale.
 */
export function coverage(last: number, fromSeq: number, seq: number): 'next' | 'stale' | 'gap' {
  if (seq <= last) return 'stale';
  return fromSeq <= last ? 'next' : 'gap';
}

export function audienceFromSnapshot(sessionId: string, snapshot: AudienceQa): AudienceState {
  return {
    sessionId,
    seq: snapshot.seq,
    questions: new Map(snapshot.questions.map((q) => [q.id, q])),
    pendingCount: snapshot.pendingCount,
    mine: new Map(snapshot.mine.map((q) => [q.id, q])),
    myUpvotes: new Set(snapshot.myUpvotes),
  };
}

export function applyAudienceDelta(state: AudienceState, delta: AudienceDelta): DeltaOutcome<AudienceState> {
  if (delta.sessionId !== state.sessionId) return { kind: 'stale' };
  const order = coverage(state.seq, delta.fromSeq, delta.seq);
  if (order !== 'next') return { kind: order };
  const questions = new Map(state.questions);
  for (const id of delta.remove) questions.delete(id);
  for (const q of delta.upsert) questions.set(q.id, q);
  // The author's own copies follow public changes (votes, edited text) between `question:mine` events.
  let mine = state.mine;
  for (const q of delta.upsert) {
    const own = mine.get(q.id);
    if (own) {
      if (mine === state.mine) mine = new Map(mine);
      (mine as Map<string, MyQuestion>).set(q.id, {
        ...own,
        ...q,
        clientId: own.clientId,
        mergedInto: own.mergedInto,
      });
    }
  }
  return {
    kind: 'applied',
    state: {
      ...state,
      seq: delta.seq,
      questions,
      mine,
      pendingCount: delta.pendingCount,
    },
  };
}

/**
 * The author's own question, from an ask ack or a `question:mine` event (not sequenced): the
 * newest by `updatedAt` wins, so an event replayed after a snapshot never takes it back.
 */
export function applyMine(state: AudienceState, question: MyQuestion): AudienceState {
  if (question.sessionId !== state.sessionId) return state;
  const current = state.mine.get(question.id);
  if (current && current.updatedAt > question.updatedAt) return state;
  const mine = new Map(state.mine);
  mine.set(question.id, question);
  return { ...state, mine };
}

export function applyUpvote(state: AudienceState, result: UpvoteResult): AudienceState {
  const myUpvotes = new Set(state.myUpvotes);
  if (result.upvoted) myUpvotes.add(result.questionId);
  else myUpvotes.delete(result.questionId);
  const questions = new Map(state.questions);
  const q = questions.get(result.questionId);
  if (q) questions.set(q.id, { ...q, votes: result.votes });
  return { ...state, questions, myUpvotes };
}

export type AudienceSort = 'votes' | 'recent';

/** Approved and answered questions as the audience lists them; answered ones go last. */
export function visibleQuestions(state: AudienceState, sort: AudienceSort): PublicQuestion[] {
  const list = [...state.questions.values()].filter(
    (q) => q.status === 'approved' || q.status === 'answered',
  );
  return list.sort((a, b) => {
    const answered = Number(a.status === 'answered') - Number(b.status === 'answered');
    if (answered !== 0) return answered;
    if (sort === 'votes' && b.votes !== a.votes) return b.votes - a.votes;
    return b.createdAt - a.createdAt || a.id.localeCompare(b.id);
  });
}

/**
 * The order a phone keeps its list in: the questions it showed, where it showed them (their counts
 * and statuses new), then those it did not show yet, in the live order; those no longer listed
 * dropped. During a plenary votes reorder the ranking all the time: a list re-sorted under a thumb
 * on its way to a button puts the vote on another question. The person asks for the new order.
 */
export function heldOrder(held: readonly string[], live: readonly PublicQuestion[]): PublicQuestion[] {
  const byId = new Map(live.map((q) => [q.id, q]));
  const kept = held.flatMap((id) => byId.get(id) ?? []);
  const known = new Set(held);
  return [...kept, ...live.filter((q) => !known.has(q.id))];
}

/** The participant's own questions, newest first. */
export function myQuestions(state: AudienceState): MyQuestion[] {
  return [...state.mine.values()].sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Questions waiting for moderation: everyone's (the server's count) and how many of them are
 * mine, so the phone never reads the total as the person's own. My question is acknowledged
 * before the count's delta arrives: the total is never shown below my own.
 */
export function pendingSummary(state: AudienceState): { all: number; mine: number } {
  let mine = 0;
  for (const q of state.mine.values()) if (q.status === 'pending') mine += 1;
  return { all: Math.max(state.pendingCount, mine), mine };
}
