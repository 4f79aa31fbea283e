import type { MyQuestion } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import { myQuestionState, outboxState } from './submissions.ts';

const mine = (status: MyQuestion['status'], id = 'q1'): MyQuestion => ({
  id,
  sessionId: 's1',
  text: 'Une question',
  authorName: 'Alice',
  authorMode: 'onsite',
  status,
  starred: false,
  votes: 0,
  createdAt: 1,
  clientId: 'c-000001',
  mergedInto: status === 'merged' ? 'q2' : null,
  updatedAt: 1,
});

describe('the states of a participant’s submissions', () => {
  it('tells an item kept on the phone from one sent, by the connection', () => {
    expect(outboxState('connected')).toBe('sending');
    expect(outboxState('reconnecting')).toBe('queued');
    expect(outboxState('connecting')).toBe('queued');
  });

  it('names a stored question awaiting moderation, approved, on screen, answered, rejected or merged', () => {
    expect(myQuestionState(mine('pending'), null)).toBe('stored');
    expect(myQuestionState(mine('approved'), null)).toBe('approved');
    expect(myQuestionState(mine('approved'), 'q1')).toBe('onScreen');
    expect(myQuestionState(mine('approved'), 'other')).toBe('approved');
    expect(myQuestionState(mine('answered'), 'q1')).toBe('answered');
    expect(myQuestionState(mine('rejected'), null)).toBe('rejected');
    expect(myQuestionState(mine('merged'), null)).toBe('merged');
  });
});
