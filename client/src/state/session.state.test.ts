import type {
  LiveState,
  ModeratorSnapshot,
  ModQuestion,
  PollResults,
  PublicQuestion,
  SessionSnapshot,
} from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  audienceSessionFrom,
  moderatorSessionFrom,
  projectorScreen,
  reduceAudience,
  reduceModerator,
  type AudienceSession,
  type ModeratorSession,
  type ServerEvent,
  type SessionInput,
} from './session.state.ts';
import { live, mine, poll, question } from './test-fixtures.ts';

function results(pollId: string, version: number, ballots: number): PollResults {
  const tally = { ballots, counts: { a: ballots } };
  return { pollId, sessionId: 's1', version, all: tally, onsite: tally, remote: tally, final: false };
}

function snapshot(over: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    sessionId: 's1',
    serverNow: 10_000,
    live: live(),
    qa: { seq: 3, questions: [question('a')], pendingCount: 1, mine: [], myUpvotes: [] },
    interactions: { polls: [], clouds: [], pollResults: [], cloudResults: [], myBallots: [], myWords: [] },
    ...over,
  };
}

const event = (e: ServerEvent): SessionInput => ({ type: 'event', event: e });

/** Applies inputs one after the other; fails on any resync. */
function run(state: AudienceSession, ...inputs: SessionInput[]): AudienceSession {
  for (const input of inputs) {
    const step = reduceAudience(state, input);
    if (step.resync !== 'none') throw new Error(`unexpected ${step.resync}`);
    state = step.state;
  }
  return state;
}

const delta = (fromSeq: number, seq: number, upsert: PublicQuestion[] = [], pendingCount = 1) =>
  event({
    name: 'qa:audience',
    payload: { sessionId: 's1', fromSeq, seq, upsert, remove: [], pendingCount },
  });

describe('audience session', () => {
  it('builds from the one join snapshot: live state, questions, polls and the server clock', () => {
    const s = audienceSessionFrom(
      snapshot({ interactions: { ...snapshot().interactions, polls: [poll('p1')] } }),
      9_000,
      null,
    );
    expect(s.live).toEqual(live());
    expect(s.qa.seq).toBe(3);
    expect(s.qa.questions.get('a')?.text).toBe('Question a');
    expect(s.interactions.polls.get('p1')?.question).toBe('Votre avis ?');
    expect(s.interactions.clockOffsetMs).toBe(1_000);
  });

  it('takes every live state whole, and only its own session’s', () => {
    const s0 = audienceSessionFrom(snapshot(), 10_000, null);
    const onsite = { ask: 'onsite', upvote: 'onsite', vote: 'nobody' } as const;
    const s1 = run(
      s0,
      event({ name: 'live:state', payload: live({ screen: { kind: 'question', id: 'a' } }) }),
      event({ name: 'live:state', payload: live({ policy: onsite, remoteDelaySeconds: 0 }) }),
      event({ name: 'live:state', payload: live({ sessionId: 's2', remoteDelaySeconds: 99 }) }),
    );
    expect(s1.live).toEqual(live({ policy: onsite, remoteDelaySeconds: 0 }));
  });

  it('applies Q&A deltas in order, asks for a snapshot on a gap, and drops everything on a reset', () => {
    const s0 = audienceSessionFrom(snapshot(), 10_000, null);
    const s1 = run(s0, delta(3, 5, [question('b')], 0));
    expect([...s1.qa.questions.keys()].sort()).toEqual(['a', 'b']);
    expect(s1.qa.pendingCount).toBe(0);
    const gap = reduceAudience(s1, delta(7, 8));
    expect(gap.resync).toBe('gap');
    expect(gap.state).toBe(s1);
    expect(reduceAudience(s1, event({ name: 'session:reset', payload: { sessionId: 's1' } })).resync).toBe(
      'reset',
    );
    expect(reduceAudience(s1, event({ name: 'session:reset', payload: { sessionId: 's2' } })).resync).toBe(
      'none',
    );
  });

  it('applies the answers of the outbox at once', () => {
    const s0 = audienceSessionFrom(snapshot(), 10_000, null);
    const s1 = run(
      s0,
      { type: 'ack', ack: { name: 'question:ask', data: mine('m', { updatedAt: 5 }) } },
      { type: 'ack', ack: { name: 'question:upvote', data: { questionId: 'a', votes: 1, upvoted: true } } },
      {
        type: 'ack',
        ack: { name: 'poll:vote', data: { pollId: 'p1', clientId: 'client-p1-01', choices: ['a'] } },
      },
    );
    expect(s1.qa.mine.get('m')?.status).toBe('pending');
    expect(s1.qa.myUpvotes.has('a')).toBe(true);
    expect(s1.qa.questions.get('a')?.votes).toBe(1);
    expect(s1.interactions.myBallots.get('p1')?.choices).toEqual(['a']);
  });

  it('replays on a snapshot what arrived during the join: older things change nothing, newer ones apply', () => {
    const s0 = audienceSessionFrom(
      snapshot({
        qa: {
          seq: 6,
          questions: [question('a', { votes: 4 })],
          pendingCount: 0,
          mine: [mine('m', { updatedAt: 20, status: 'approved' })],
          myUpvotes: [],
        },
        interactions: { ...snapshot().interactions, polls: [poll('p1')], pollResults: [results('p1', 7, 7)] },
      }),
      10_000,
      null,
    );
    const s1 = run(
      s0,
      delta(4, 5, [question('a', { votes: 2 })]),
      event({ name: 'question:mine', payload: mine('m', { updatedAt: 10, status: 'pending' }) }),
      event({ name: 'poll:results', payload: results('p1', 5, 5) }),
      delta(5, 7, [question('a', { votes: 5 })], 0),
      event({ name: 'poll:results', payload: results('p1', 8, 8) }),
    );
    expect(s1.qa.seq).toBe(7);
    expect(s1.qa.questions.get('a')?.votes).toBe(5);
    expect(s1.qa.mine.get('m')?.status).toBe('approved');
    expect(s1.interactions.pollResults.get('p1')?.version).toBe(8);
  });

  it('keeps results newer than a fresh snapshot that crossed them', () => {
    const s0 = run(
      audienceSessionFrom(snapshot(), 10_000, null),
      event({ name: 'poll:results', payload: results('p1', 9, 9) }),
    );
    const fresh = audienceSessionFrom(
      snapshot({ interactions: { ...snapshot().interactions, pollResults: [results('p1', 8, 8)] } }),
      10_000,
      s0,
    );
    expect(fresh.interactions.pollResults.get('p1')?.version).toBe(9);
  });
});

describe('what the projector shows', () => {
  const base = audienceSessionFrom(
    snapshot({
      interactions: {
        ...snapshot().interactions,
        polls: [poll('p1'), poll('hidden', { visibility: 'hidden', revealed: false })],
        pollResults: [results('p1', 1, 3), results('hidden', 1, 2)],
      },
    }),
    10_000,
    null,
  );
  const showing = (screen: LiveState['screen']) => ({ ...base, live: live({ screen }) });

  it('shows the join instructions when nothing is on screen, or what it does not hold', () => {
    expect(projectorScreen(base)).toEqual({ kind: 'join' });
    expect(projectorScreen(showing({ kind: 'question', id: 'unknown' }))).toEqual({ kind: 'join' });
    expect(projectorScreen(showing({ kind: 'cloud', id: 'unknown' }))).toEqual({ kind: 'join' });
  });

  it('shows the question on screen with its votes as they are now', () => {
    const s = run(showing({ kind: 'question', id: 'a' }), delta(3, 4, [question('a', { votes: 12 })]));
    expect(projectorScreen(s)).toEqual({ kind: 'question', question: question('a', { votes: 12 }) });
  });

  it('shows a poll split or not, with only the results the audience may see', () => {
    expect(projectorScreen(showing({ kind: 'poll', id: 'p1', split: true }))).toMatchObject({
      kind: 'poll',
      poll: { id: 'p1' },
      results: { version: 1 },
      split: true,
    });
    expect(projectorScreen(showing({ kind: 'poll', id: 'hidden', split: false }))).toMatchObject({
      kind: 'poll',
      results: null,
      split: false,
    });
  });

  it('shows the questions put on screen so far, in that order, leaving out those it does not hold', () => {
    const s = run(
      showing({ kind: 'question', id: 'a' }),
      delta(3, 4, [question('a'), question('r', { authorMode: 'remote' })]),
    );
    const history = {
      ...s,
      live: live({ screen: { kind: 'history', id: 's1' }, history: ['r', 'gone', 'a'] }),
    };
    expect(projectorScreen(history)).toEqual({
      kind: 'history',
      questions: [question('r', { authorMode: 'remote' }), question('a')],
    });
  });
});

describe('moderator session', () => {
  const mq = (id: string, over: Partial<ModQuestion> = {}): ModQuestion => ({
    ...question(id, { status: 'pending' }),
    originalText: `Question ${id}`,
    edits: [],
    mergedInto: null,
    merged: [],
    updatedAt: 1,
    ...over,
  });
  const modSnapshot: ModeratorSnapshot = {
    sessionId: 's1',
    serverNow: 0,
    live: live(),
    qa: { seq: 2, questions: [mq('a')] },
    interactions: { polls: [poll('d', { status: 'draft' })], clouds: [], pollResults: [], cloudResults: [] },
    connected: { onsite: 1, remote: 2 },
    measuredDelay: { sessionId: 's1', viewers: 0, medianSeconds: null, p90Seconds: null, follow: true },
    shownQuestions: ['old'],
  };
  const step = (s: ModeratorSession, input: SessionInput) => reduceModerator(s, input);

  it('starts from the snapshot’s measured delay and follows delay:measured and its own follow answer', () => {
    const s0 = moderatorSessionFrom(modSnapshot, 0, null);
    expect(s0.measuredDelay.follow).toBe(true);
    const figures = { sessionId: 's1', viewers: 3, medianSeconds: 12, p90Seconds: 18, follow: true };
    const s1 = step(s0, event({ name: 'delay:measured', payload: figures }));
    expect(s1.state.measuredDelay).toEqual(figures);
    // Another session's figures (a console open on two sessions shares one socket) change nothing.
    expect(
      step(s1.state, event({ name: 'delay:measured', payload: { ...figures, sessionId: 's2', viewers: 9 } }))
        .state.measuredDelay,
    ).toEqual(figures);
    const s2 = step(s1.state, {
      type: 'ack',
      ack: { name: 'session:follow-delay', data: { ...figures, follow: false } },
    });
    expect(s2.state.measuredDelay.follow).toBe(false);
  });

  it('follows the queue by sequence number, presence and its own answers', () => {
    const s0 = moderatorSessionFrom(modSnapshot, 0, null);
    expect(s0.interactions.connected).toEqual({ onsite: 1, remote: 2 });
    expect(s0.shown).toEqual(['old']);
    expect(s0.interactions.polls.get('d')?.status).toBe('draft');
    const s1 = step(
      s0,
      event({ name: 'qa:moderation', payload: { sessionId: 's1', seq: 3, upsert: [mq('b')] } }),
    );
    expect([...s1.state.qa.questions.keys()].sort()).toEqual(['a', 'b']);
    expect(
      step(s1.state, event({ name: 'qa:moderation', payload: { sessionId: 's1', seq: 5, upsert: [] } }))
        .resync,
    ).toBe('gap');
    const s2 = step(
      s1.state,
      event({ name: 'presence:counts', payload: { sessionId: 's1', onsite: 7, remote: 0 } }),
    );
    expect(s2.state.interactions.connected).toEqual({ onsite: 7, remote: 0 });
    const s3 = step(s2.state, {
      type: 'ack',
      ack: { name: 'question:moderate', data: mq('a', { status: 'approved', updatedAt: 9 }) },
    });
    expect(s3.state.qa.questions.get('a')?.status).toBe('approved');
    const s4 = step(s3.state, {
      type: 'ack',
      ack: { name: 'screen:show', data: live({ screen: { kind: 'question', id: 'a' } }) },
    });
    expect(s4.state.live.screen).toEqual({ kind: 'question', id: 'a' });
    // The console counts it as shown, once, from the live state it puts on screen.
    expect(s4.state.shown).toEqual(['old', 'a']);
    const again = step(
      s4.state,
      event({ name: 'live:state', payload: live({ screen: { kind: 'question', id: 'a' } }) }),
    );
    expect(again.state.shown).toEqual(['old', 'a']);
    const s5 = step(s4.state, { type: 'ack', ack: { name: 'poll:open', data: poll('d') } });
    expect(s5.state.interactions.polls.get('d')?.status).toBe('open');
  });
});
