import type { AudienceDelta, AudienceQa, MyQuestion } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  applyAudienceDelta,
  applyMine,
  applyUpvote,
  audienceFromSnapshot,
  myQuestions,
  pendingSummary,
  coverage,
  heldOrder,
  sequence,
  visibleQuestions,
  type AudienceState,
} from './audience.state.ts';
import { question } from './test-fixtures.ts';

function snapshot(over: Partial<AudienceQa> = {}): AudienceQa {
  return {
    seq: 3,
    questions: [],
    pendingCount: 0,
    mine: [],
    myUpvotes: [],
    ...over,
  };
}

/** A delta covering (fromSeq, seq]; one change (seq - 1, seq] unless told. */
function delta(seq: number, over: Partial<AudienceDelta> = {}): AudienceDelta {
  return {
    sessionId: 's1',
    fromSeq: seq - 1,
    seq,
    upsert: [],
    remove: [],
    pendingCount: 0,
    ...over,
  };
}

function applied(state: AudienceState, d: AudienceDelta): AudienceState {
  const out = applyAudienceDelta(state, d);
  if (out.kind !== 'applied') throw new Error(`expected applied, got ${out.kind}`);
  return out.state;
}

describe('sequence', () => {
  it('accepts only the next seq and reports gaps and replays', () => {
    expect(sequence(3, 4)).toBe('next');
    expect(sequence(3, 3)).toBe('stale');
    expect(sequence(3, 1)).toBe('stale');
    expect(sequence(3, 6)).toBe('gap');
  });
});

describe('coverage', () => {
  it('applies a range that starts at or before the state, ignores one it holds, resyncs on a gap', () => {
    expect(coverage(3, 3, 4)).toBe('next');
    expect(coverage(3, 1, 7)).toBe('next');
    expect(coverage(3, 0, 3)).toBe('stale');
    expect(coverage(3, 2, 3)).toBe('stale');
    expect(coverage(3, 4, 6)).toBe('gap');
  });
});

describe('audience state', () => {
  it('builds from a snapshot', () => {
    const s = audienceFromSnapshot(
      's1',
      snapshot({ questions: [question('a')], myUpvotes: ['a'], pendingCount: 2 }),
    );
    expect(s.seq).toBe(3);
    expect(s.questions.get('a')?.text).toBe('Question a');
    expect(s.myUpvotes.has('a')).toBe(true);
    expect(s.pendingCount).toBe(2);
  });

  it('upserts and removes questions from the next delta', () => {
    const s0 = audienceFromSnapshot('s1', snapshot({ questions: [question('a'), question('b')] }));
    const s1 = applied(
      s0,
      delta(4, { upsert: [question('a', { votes: 5 }), question('c')], remove: ['b'], pendingCount: 1 }),
    );
    expect([...s1.questions.keys()].sort()).toEqual(['a', 'c']);
    expect(s1.questions.get('a')?.votes).toBe(5);
    expect(s1.seq).toBe(4);
    expect(s1.pendingCount).toBe(1);
  });

  it('applies a coalesced delta that overlaps a newer snapshot: its questions are whole', () => {
    const s0 = audienceFromSnapshot('s1', snapshot({ seq: 5, questions: [question('a', { votes: 2 })] }));
    const s1 = applied(
      s0,
      delta(7, { fromSeq: 2, upsert: [question('a', { votes: 4 })], remove: ['gone'], pendingCount: 3 }),
    );
    expect(s1.seq).toBe(7);
    expect(s1.questions.get('a')?.votes).toBe(4);
    expect(s1.pendingCount).toBe(3);
    expect(applied(s1, delta(9, { fromSeq: 7 })).seq).toBe(9);
  });

  it('resyncs rather than apply a range that starts beyond its state, whatever the range holds', () => {
    const s0 = audienceFromSnapshot('s1', snapshot());
    expect(applyAudienceDelta(s0, delta(9, { fromSeq: 4 }))).toEqual({ kind: 'gap' });
    expect(applyAudienceDelta(s0, delta(3, { fromSeq: 0 }))).toEqual({ kind: 'stale' });
  });

  it('ignores a delta it has already seen and does not change state', () => {
    const s0 = audienceFromSnapshot('s1', snapshot());
    expect(applyAudienceDelta(s0, delta(3, { upsert: [question('x')] }))).toEqual({ kind: 'stale' });
  });

  it('reports a gap instead of applying a delta from the future', () => {
    const s0 = audienceFromSnapshot('s1', snapshot());
    expect(applyAudienceDelta(s0, delta(5, { upsert: [question('x')] }))).toEqual({ kind: 'gap' });
  });

  it('ignores deltas of another session', () => {
    const s0 = audienceFromSnapshot('s1', snapshot());
    expect(applyAudienceDelta(s0, delta(4, { sessionId: 's2' })).kind).toBe('stale');
  });

  it('keeps the newest copy of my own question when an older one comes after it', () => {
    const mine = (updatedAt: number, status: MyQuestion['status']): MyQuestion => ({
      ...question('m', { status }),
      clientId: 'client-0003',
      mergedInto: null,
      updatedAt,
    });
    const s0 = audienceFromSnapshot('s1', snapshot({ mine: [mine(20, 'approved')] }));
    expect(applyMine(s0, mine(10, 'pending')).mine.get('m')?.status).toBe('approved');
    expect(applyMine(s0, mine(30, 'answered')).mine.get('m')?.status).toBe('answered');
  });

  it('keeps the author copy in step with public changes', () => {
    const mine: MyQuestion = {
      ...question('a', { status: 'pending' }),
      clientId: 'client-0001',
      mergedInto: null,
      updatedAt: 1,
    };
    const s0 = audienceFromSnapshot('s1', snapshot({ mine: [mine] }));
    const s1 = applied(s0, delta(4, { upsert: [question('a', { status: 'approved', votes: 2 })] }));
    expect(s1.mine.get('a')).toMatchObject({ status: 'approved', votes: 2, clientId: 'client-0001' });
  });

  it('records my own questions and upvotes', () => {
    const s0 = audienceFromSnapshot('s1', snapshot({ questions: [question('a', { votes: 1 })] }));
    const s1 = applyMine(s0, {
      ...question('m', { status: 'pending', createdAt: 2000 }),
      clientId: 'client-0002',
      mergedInto: null,
      updatedAt: 2000,
    });
    expect(myQuestions(s1).map((q) => q.id)).toEqual(['m']);
    const s2 = applyUpvote(s1, { questionId: 'a', votes: 2, upvoted: true });
    expect(s2.myUpvotes.has('a')).toBe(true);
    expect(s2.questions.get('a')?.votes).toBe(2);
    const s3 = applyUpvote(s2, { questionId: 'a', votes: 1, upvoted: false });
    expect(s3.myUpvotes.has('a')).toBe(false);
  });

  it('lists approved questions by votes or by time, answered ones last', () => {
    const s = audienceFromSnapshot(
      's1',
      snapshot({
        questions: [
          question('old-popular', { votes: 9, createdAt: 1 }),
          question('new', { votes: 1, createdAt: 5 }),
          question('done', { votes: 50, createdAt: 9, status: 'answered' }),
        ],
      }),
    );
    expect(visibleQuestions(s, 'votes').map((q) => q.id)).toEqual(['old-popular', 'new', 'done']);
    expect(visibleQuestions(s, 'recent').map((q) => q.id)).toEqual(['new', 'old-popular', 'done']);
  });

  it('keeps the order it showed, new counts in place, new questions after, gone ones dropped', () => {
    const live = [
      question('a', { votes: 7 }),
      question('new', { votes: 3 }),
      question('c', { votes: 2 }),
      question('b', { votes: 1, status: 'answered' }),
    ];
    const shown = heldOrder(['b', 'gone', 'c', 'a'], live);
    expect(shown.map((q) => q.id)).toEqual(['b', 'c', 'a', 'new']);
    expect(shown.map((q) => q.votes)).toEqual([1, 2, 7, 3]);
    expect(shown[0]?.status).toBe('answered');
    expect(heldOrder([], live)).toEqual(live);
  });

  it('counts everyone’s questions waiting for moderation apart from mine, never fewer than mine', () => {
    const mine = (id: string, status: MyQuestion['status']): MyQuestion => ({
      ...question(id, { status }),
      clientId: `client-${id}-0001`,
      mergedInto: null,
      updatedAt: 1,
    });
    const s = audienceFromSnapshot(
      's1',
      snapshot({ pendingCount: 3, mine: [mine('a', 'pending'), mine('b', 'approved')] }),
    );
    expect(pendingSummary(s)).toEqual({ all: 3, mine: 1 });
    expect(pendingSummary(audienceFromSnapshot('s1', snapshot({ pendingCount: 2 })))).toEqual({
      all: 2,
      mine: 0,
    });
    // My ack came before the count's delta.
    expect(pendingSummary(applyMine(audienceFromSnapshot('s1', snapshot()), mine('c', 'pending')))).toEqual({
      all: 1,
      mine: 1,
    });
  });
});
