import type { ModerationDelta, ModQuestion } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  applyModerationDelta,
  applyModQuestion,
  countByStatus,
  mergeTargets,
  moderationFromSnapshot,
  moderationList,
  neighbour,
  selectedQuestion,
  splitArrivals,
} from './moderation.state.ts';

function mq(id: string, over: Partial<ModQuestion> = {}): ModQuestion {
  return {
    id,
    sessionId: 's1',
    text: `Q ${id}`,
    authorName: null,
    authorMode: 'remote',
    status: 'pending',
    starred: false,
    votes: 0,
    createdAt: 1000,
    originalText: `Q ${id}`,
    edits: [],
    mergedInto: null,
    merged: [],
    updatedAt: 1000,
    ...over,
  };
}

function delta(seq: number, upsert: ModQuestion[]): ModerationDelta {
  return { sessionId: 's1', seq, upsert };
}

const base = () =>
  moderationFromSnapshot('s1', {
    seq: 10,
    questions: [mq('a'), mq('b', { status: 'approved' })],
  });

describe('moderation state', () => {
  it('applies the next delta', () => {
    const out = applyModerationDelta(base(), delta(11, [mq('a', { status: 'approved' }), mq('c')]));
    expect(out.kind).toBe('applied');
    if (out.kind !== 'applied') return;
    expect(out.state.questions.get('a')?.status).toBe('approved');
    expect(out.state.questions.size).toBe(3);
    expect(out.state.seq).toBe(11);
  });

  it('ignores replays and asks for a snapshot after a gap', () => {
    expect(applyModerationDelta(base(), delta(10, [mq('z')])).kind).toBe('stale');
    expect(applyModerationDelta(base(), delta(12, [mq('z')])).kind).toBe('gap');
  });

  it('does not let an older command answer overwrite a newer question', () => {
    const s = moderationFromSnapshot('s1', {
      seq: 1,
      questions: [mq('a', { updatedAt: 50, text: 'new' })],
    });
    expect(applyModQuestion(s, mq('a', { updatedAt: 40, text: 'old' })).questions.get('a')?.text).toBe('new');
    expect(applyModQuestion(s, mq('a', { updatedAt: 60, text: 'newer' })).questions.get('a')?.text).toBe(
      'newer',
    );
  });

  it('filters by status and attendance, starred first then newest', () => {
    const s = moderationFromSnapshot('s1', {
      seq: 1,
      questions: [
        mq('p1', { createdAt: 1 }),
        mq('p2', { createdAt: 2, authorMode: 'onsite' }),
        mq('p3', { createdAt: 3, starred: true }),
        mq('m', { status: 'merged' }),
        mq('r', { status: 'rejected' }),
      ],
    });
    expect(moderationList(s, { status: 'pending', mode: 'all' }).map((q) => q.id)).toEqual([
      'p3',
      'p2',
      'p1',
    ]);
    expect(moderationList(s, { status: 'pending', mode: 'onsite' }).map((q) => q.id)).toEqual(['p2']);
    expect(moderationList(s, { status: 'all', mode: 'all' }).map((q) => q.id)).not.toContain('m');
    expect(countByStatus(s)).toMatchObject({ pending: 3, merged: 1, rejected: 1 });
  });

  it('keeps in place the question a moderator is editing when another one approves or merges it', () => {
    const s = moderationFromSnapshot('s1', {
      seq: 1,
      questions: [
        mq('p1', { createdAt: 1 }),
        mq('edited', { createdAt: 2, status: 'approved' }),
        mq('p3', { createdAt: 3 }),
        mq('merging', { createdAt: 4, status: 'merged' }),
      ],
    });
    const filter = { status: 'pending', mode: 'all' } as const;
    expect(moderationList(s, filter, ['edited', 'merging']).map((q) => q.id)).toEqual([
      'merging',
      'p3',
      'edited',
      'p1',
    ]);
    expect(moderationList(s, filter).map((q) => q.id)).toEqual(['p3', 'p1']);
  });

  it('holds back questions the moderator has not acknowledged', () => {
    const list = [mq('new'), mq('old')];
    const { shown, fresh } = splitArrivals(list, new Set(['old']));
    expect(shown.map((q) => q.id)).toEqual(['old']);
    expect(fresh.map((q) => q.id)).toEqual(['new']);
  });

  it('keeps the selection in place when the selected question leaves the view', () => {
    const shown = [mq('a'), mq('b'), mq('c')];
    expect(selectedQuestion(shown, { id: 'b', index: 1 })?.id).toBe('b');
    expect(selectedQuestion([mq('a'), mq('c')], { id: 'b', index: 1 })?.id).toBe('c');
    expect(selectedQuestion([mq('a')], { id: 'b', index: 1 })?.id).toBe('a');
    expect(selectedQuestion(shown, null)?.id).toBe('a');
    expect(selectedQuestion([], null)).toBeUndefined();
  });

  it('moves the selection one row with j and k, never past either end', () => {
    const shown = [mq('a'), mq('b'), mq('c')];
    expect(neighbour(shown, shown[0], 1)?.id).toBe('b');
    expect(neighbour(shown, shown[2], 1)?.id).toBe('c');
    expect(neighbour(shown, shown[0], -1)?.id).toBe('a');
    expect(neighbour(shown, undefined, 1)?.id).toBe('a');
  });

  it('offers as merge targets the other live questions, most voted first', () => {
    const state = moderationFromSnapshot('s1', {
      seq: 1,
      questions: [
        mq('src'),
        mq('few', { status: 'approved', votes: 1 }),
        mq('many', { status: 'answered', votes: 9 }),
        mq('gone', { status: 'rejected', votes: 20 }),
        mq('merged', { status: 'merged', votes: 30 }),
      ],
    });
    expect(mergeTargets(state, state.questions.get('src')!).map((q) => q.id)).toEqual(['many', 'few']);
  });

  it('offers first the question that says the same thing, whatever its votes and age', () => {
    const state = moderationFromSnapshot('s1', {
      seq: 1,
      questions: [
        mq('src', {
          text: 'Comment financer la transition numerique des petites structures',
          createdAt: 3000,
        }),
        mq('same', {
          text: 'Comment financer la transition numérique des petites structures ?',
          createdAt: 1000,
        }),
        mq('voted', {
          text: 'Quelle place pour l’IA dans la formation continue ?',
          votes: 5,
          createdAt: 1500,
        }),
        mq('newest', { text: 'Question anonyme sur le budget 2025 ?', createdAt: 4000 }),
      ],
    });
    expect(mergeTargets(state, state.questions.get('src')!).map((q) => q.id)).toEqual([
      'same',
      'voted',
      'newest',
    ]);
  });
});
