import type { SessionSnapshot } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import { audienceAnnouncements } from './announcements.ts';
import {
  audienceSessionFrom,
  reduceAudience,
  type AudienceSession,
  type SessionInput,
} from './session.state.ts';
import { live, mine, poll, question } from './test-fixtures.ts';

function start(over: Partial<SessionSnapshot['qa']> = {}): AudienceSession {
  return audienceSessionFrom(
    {
      sessionId: 's1',
      serverNow: 0,
      live: live({ remoteDelaySeconds: 0 }),
      qa: { seq: 1, questions: [question('a')], pendingCount: 0, mine: [], myUpvotes: [], ...over },
      interactions: { polls: [], clouds: [], pollResults: [], cloudResults: [], myBallots: [], myWords: [] },
    },
    0,
    null,
  );
}

function step(state: AudienceSession, input: SessionInput): AudienceSession {
  return reduceAudience(state, input).state;
}

describe('what a participant’s screen reader is told', () => {
  it('says nothing about what is already there when the room opens', () => {
    expect(audienceAnnouncements(null, start())).toEqual([]);
  });

  it('announces a poll when it opens, once, and the ballot when it is stored, once', () => {
    const s0 = start();
    const s1 = step(s0, {
      type: 'event',
      event: { name: 'poll:updated', payload: poll('p1', { status: 'open' }) },
    });
    expect(audienceAnnouncements(s0, s1)).toEqual([{ kind: 'pollOpened', text: 'Votre avis ?' }]);
    const s2 = step(s1, {
      type: 'event',
      event: { name: 'poll:updated', payload: poll('p1', { status: 'open' }) },
    });
    expect(audienceAnnouncements(s1, s2)).toEqual([]);
    const ballot = { pollId: 'p1', clientId: 'client-vote-01', choices: ['a'] };
    const s3 = step(s2, { type: 'ack', ack: { name: 'poll:vote', data: ballot } });
    expect(audienceAnnouncements(s2, s3)).toEqual([{ kind: 'voteStored', text: 'Votre avis ?' }]);
    const s4 = step(s3, { type: 'ack', ack: { name: 'poll:vote', data: ballot } });
    expect(audienceAnnouncements(s3, s4)).toEqual([]);
  });

  it('announces the person’s own question approved, not as one more new question', () => {
    const s0 = start({ mine: [mine('m', { status: 'pending' })], pendingCount: 1 });
    const s1 = step(s0, {
      type: 'event',
      event: {
        name: 'qa:audience',
        payload: {
          sessionId: 's1',
          fromSeq: 1,
          seq: 2,
          upsert: [question('m'), question('b')],
          remove: [],
          pendingCount: 0,
        },
      },
    });
    expect(audienceAnnouncements(s0, s1)).toEqual([
      { kind: 'questionApproved', text: 'Question m' },
      { kind: 'newQuestions', count: 1 },
    ]);
  });

  it('announces a question put on screen, also when its text arrives after the screen change', () => {
    const s0 = start();
    const s1 = step(s0, {
      type: 'event',
      event: {
        name: 'live:state',
        payload: live({ remoteDelaySeconds: 0, screen: { kind: 'question', id: 'b' } }),
      },
    });
    expect(audienceAnnouncements(s0, s1)).toEqual([]);
    const s2 = step(s1, {
      type: 'event',
      event: {
        name: 'qa:audience',
        payload: {
          sessionId: 's1',
          fromSeq: 1,
          seq: 2,
          upsert: [question('b')],
          remove: [],
          pendingCount: 0,
        },
      },
    });
    expect(audienceAnnouncements(s1, s2)).toEqual([
      { kind: 'newQuestions', count: 1 },
      { kind: 'questionOnScreen', text: 'Question b' },
    ]);
  });

  it('announces the person’s own question stored, then on screen, then answered; not kept or merged', () => {
    const s0 = start();
    const s1 = step(s0, {
      type: 'ack',
      ack: { name: 'question:ask', data: mine('m', { status: 'pending' }) },
    });
    expect(audienceAnnouncements(s0, s1)).toEqual([{ kind: 'questionStored', text: 'Question m' }]);
    const approved = { ...mine('m', { status: 'approved' }), updatedAt: 2 };
    const s2 = step(s1, { type: 'event', event: { name: 'question:mine', payload: approved } });
    const s3 = step(
      step(s2, {
        type: 'event',
        event: {
          name: 'qa:audience',
          payload: {
            sessionId: 's1',
            fromSeq: 1,
            seq: 2,
            upsert: [question('m')],
            remove: [],
            pendingCount: 0,
          },
        },
      }),
      {
        type: 'event',
        event: {
          name: 'live:state',
          payload: live({ remoteDelaySeconds: 0, screen: { kind: 'question', id: 'm' } }),
        },
      },
    );
    expect(audienceAnnouncements(s2, s3)).toEqual([{ kind: 'myQuestionOnScreen', text: 'Question m' }]);
    const answered = { ...mine('m', { status: 'answered' }), updatedAt: 3 };
    const s4 = step(s3, { type: 'event', event: { name: 'question:mine', payload: answered } });
    expect(audienceAnnouncements(s3, s4)).toEqual([{ kind: 'questionAnswered', text: 'Question m' }]);

    const other = step(s0, {
      type: 'ack',
      ack: { name: 'question:ask', data: mine('n', { status: 'pending' }) },
    });
    for (const [status, kind] of [
      ['rejected', 'questionRejected'],
      ['merged', 'questionMerged'],
    ] as const) {
      const next = step(other, {
        type: 'event',
        event: { name: 'question:mine', payload: { ...mine('n', { status }), updatedAt: 2 } },
      });
      expect(audienceAnnouncements(other, next)).toEqual([{ kind, text: 'Question n' }]);
    }
  });
});
