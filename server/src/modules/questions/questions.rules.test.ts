import { describe, expect, it } from 'vitest';
import type { QuestionStatus } from '@agora/shared';
import {
  checkAsk,
  checkResentAsk,
  checkUpvote,
  decideEdit,
  decideMerge,
  decideModeration,
  decideScreen,
  type QuestionFacts,
} from './questions.rules.ts';
import type { SessionLive } from './questions.store.ts';

const T = 1_782_000_000_000;
const question = (id: string, status: QuestionStatus = 'approved', more: Partial<QuestionFacts> = {}) => ({
  id,
  sessionId: 's1',
  status,
  text: 'Why now?',
  merged: [],
  ...more,
});
const live = (onScreenId: string | null = null): SessionLive => ({
  seq: 3,
  onScreenId,
  pending: 1,
  screen: onScreenId ? { kind: 'question', id: onScreenId } : null,
});
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return `${code} ${message}`;
  }
  return 'no refusal';
};

describe('question rules', () => {
  it('refuses a question whose id is taken, and one for a session that does not exist', () => {
    expect(refusal(() => checkAsk({ sessionExists: true, idTaken: true }))).toBe(
      'CONFLICT question id already used',
    );
    expect(refusal(() => checkAsk({ sessionExists: false, idTaken: false }))).toBe(
      'NOT_FOUND session not found',
    );
  });

  it('refuses a client id answered with a question of another session', () => {
    expect(refusal(() => checkResentAsk({ sessionId: 's2' }, 's1'))).toBe(
      'CONFLICT this client id was already used for another session',
    );
    expect(refusal(() => checkResentAsk({ sessionId: 's1' }, 's1'))).toBe('no refusal');
  });

  it('lets only approved questions be upvoted, and any vote be withdrawn', () => {
    expect(refusal(() => checkUpvote({ status: 'pending' }, true))).toBe(
      'CONFLICT only approved questions can be upvoted',
    );
    expect(refusal(() => checkUpvote({ status: 'answered' }, false))).toBe('no refusal');
    expect(refusal(() => checkUpvote(null, false))).toBe('NOT_FOUND question not found');
  });

  it('approves a pending question and counts one question fewer waiting', () => {
    const d = decideModeration(question('q1', 'pending'), live(), { action: 'approve', at: T });
    expect(d).toEqual({
      sessionId: 's1',
      patches: [{ id: 'q1', status: 'approved', updatedAt: T }],
      pending: -1,
      screenChanged: false,
    });
  });

  it('sends an answered question back to the approved ones, and a rejected one back to the queue', () => {
    expect(decideModeration(question('q1', 'answered'), live(), { action: 'reopen', at: T }).patches).toEqual(
      [{ id: 'q1', status: 'approved', updatedAt: T }],
    );
    expect(decideModeration(question('q1', 'rejected'), live(), { action: 'reopen', at: T }).pending).toBe(1);
  });

  it('refuses to reopen a waiting question and to moderate a merged one', () => {
    expect(
      refusal(() => decideModeration(question('q1', 'pending'), live(), { action: 'reopen', at: T })),
    ).toBe('CONFLICT the question is already waiting');
    expect(refusal(() => decideModeration(question('q1', 'merged'), live(), { action: 'star', at: T }))).toBe(
      'CONFLICT a merged question cannot be moderated',
    );
  });

  it('takes the question on screen off it when it is answered, but not when it is starred', () => {
    const answered = decideModeration(question('q1'), live('q1'), { action: 'answer', at: T });
    expect(answered).toMatchObject({ screen: null, screenChanged: true });
    const starred = decideModeration(question('q1'), live('q1'), { action: 'star', at: T });
    expect(starred.screen).toBeUndefined();
    expect(starred.patches).toEqual([{ id: 'q1', starred: true, updatedAt: T }]);
  });

  it('keeps an audit entry of an edit, and changes nothing for the same text', () => {
    const d = decideEdit(question('q1'), { text: 'Why not?', by: 'm1', at: T });
    expect(d.patches).toEqual([
      {
        id: 'q1',
        text: 'Why not?',
        edit: { at: T, by: 'm1', from: 'Why now?', to: 'Why not?' },
        updatedAt: T,
      },
    ]);
    expect(decideEdit(question('q1'), { text: 'Why now?', by: 'm1', at: T }).patches).toEqual([{ id: 'q1' }]);
  });

  it('refuses to edit a merged question', () => {
    expect(refusal(() => decideEdit(question('q1', 'merged'), { text: 'x', by: 'm1', at: T }))).toBe(
      'CONFLICT a merged question cannot be edited',
    );
  });

  it('merges a waiting question into a live one, the target taking its voters and merged ids', () => {
    const source = question('q1', 'pending', { merged: ['q0'] });
    const d = decideMerge(source, question('q2'), live('q1'), { sourceId: 'q1', targetId: 'q2', at: T });
    expect(d).toEqual({
      sessionId: 's1',
      patches: [
        { id: 'q1', status: 'merged', mergedInto: 'q2', updatedAt: T },
        { id: 'q2', absorb: { from: 'q1', merged: ['q0'] }, updatedAt: T },
      ],
      pending: -1,
      screen: null,
      screenChanged: true,
    });
  });

  it('refuses a merge into itself before looking for the question, and across sessions or into a rejected one', () => {
    const input = { sourceId: 'q1', targetId: 'q1', at: T };
    expect(refusal(() => decideMerge(null, null, live(), input))).toBe(
      'CONFLICT a question cannot be merged into itself',
    );
    const other = question('q2', 'approved', { sessionId: 's2' });
    expect(refusal(() => decideMerge(question('q1'), other, live(), { ...input, targetId: 'q2' }))).toBe(
      'CONFLICT questions of different sessions',
    );
    expect(
      refusal(() =>
        decideMerge(question('q1'), question('q2', 'rejected'), live(), { ...input, targetId: 'q2' }),
      ),
    ).toBe('CONFLICT merge into a live question, from a question not already merged');
  });

  it('approves a waiting question it puts on screen, and says the screen moved', () => {
    const d = decideScreen(
      { live: live(), target: question('q1', 'pending') },
      { sessionId: 's1', item: { kind: 'question', id: 'q1' }, at: T },
    );
    expect(d).toEqual({
      sessionId: 's1',
      patches: [{ id: 'q1', status: 'approved', updatedAt: T }],
      pending: -1,
      screen: { kind: 'question', id: 'q1' },
      screenChanged: true,
    });
  });

  it('says the screen did not move when the same question is shown again', () => {
    const d = decideScreen(
      { live: live('q1'), target: question('q1') },
      { sessionId: 's1', item: { kind: 'question', id: 'q1' }, at: T },
    );
    expect(d.screenChanged).toBe(false);
  });

  it('puts the session\u2019s own question history on screen, and no other session\u2019s', () => {
    const history = { kind: 'history' as const, id: 's1' };
    const d = decideScreen({ live: live('q1'), target: null }, { sessionId: 's1', item: history, at: T });
    expect(d).toEqual({ sessionId: 's1', patches: [], pending: 0, screen: history, screenChanged: true });
    expect(
      refusal(() =>
        decideScreen(
          { live: live(), target: null },
          { sessionId: 's1', item: { kind: 'history', id: 's2' }, at: T },
        ),
      ),
    ).toBe('NOT_FOUND session not found');
  });

  it('refuses a draft poll, an answered question, another session\u2019s item and a missing session', () => {
    const at = T;
    expect(
      refusal(() =>
        decideScreen(
          { live: live(), target: { sessionId: 's1', status: 'draft' } },
          { sessionId: 's1', item: { kind: 'poll', id: 'p1', split: false }, at },
        ),
      ),
    ).toBe('CONFLICT a draft poll cannot go on screen');
    expect(
      refusal(() =>
        decideScreen(
          { live: live(), target: question('q1', 'answered') },
          { sessionId: 's1', item: { kind: 'question', id: 'q1' }, at },
        ),
      ),
    ).toBe('CONFLICT a answered question cannot go on screen');
    expect(
      refusal(() =>
        decideScreen(
          { live: live(), target: { sessionId: 's2', status: 'open' } },
          { sessionId: 's1', item: { kind: 'cloud', id: 'c1' }, at },
        ),
      ),
    ).toBe('NOT_FOUND cloud not found');
    expect(
      refusal(() => decideScreen({ live: null, target: null }, { sessionId: 's9', item: null, at })),
    ).toBe('NOT_FOUND session not found');
  });
});
