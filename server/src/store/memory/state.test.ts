import { describe, expect, it } from 'vitest';
import { EDITION, SESSION, edition, session } from '../../../../tests/support/store-contract/fixtures.ts';
import { State, type Op } from './state.ts';

describe('embedded state', () => {
  it('replays an erasure journaled in one step by earlier versions as the two steps of today', () => {
    const state = new State();
    const ops: Op[] = [
      { t: 'edition', edition },
      { t: 'session', session: session(SESSION) },
      {
        t: 'registrant',
        registrant: {
          id: 'r1',
          editionId: EDITION,
          name: 'Ada',
          email: 'ada@example.org',
          organisation: '',
          attendance: 'onsite',
        },
      },
      {
        t: 'code',
        code: { hash: 'h1', role: 'participant', principalId: 'r1', editionId: EDITION, revoked: false },
      },
      {
        t: 'ask',
        q: {
          id: 'q1',
          sessionId: SESSION,
          authorId: 'r1',
          clientId: 'client-q1-xx',
          text: 'Une question ?',
          anonymous: false,
          authorName: 'Ada',
          authorMode: 'onsite',
          at: 5,
        },
      },
    ];
    for (const op of ops) state.apply(op);
    // As the journal of the previous version holds it.
    const legacy = JSON.parse(
      '{"t":"org-erase","role":"participant","editionId":"ed1","principalId":"r1"}',
    ) as Op;
    expect(state.apply(legacy)).toEqual({ questions: 1, codes: 1 });
    expect(state.principals.size).toBe(0);
    expect(state.codes.get('h1')?.revoked).toBe(true);
    expect(state.questions.get('q1')).toMatchObject({ authorName: '', anonymous: true });
  });
});
