import {
  acceptsFrom,
  type AudienceInteractions,
  type ModInteractions,
  type PollResults,
} from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  applyCloud,
  applyCloudResults,
  applyMyBallot,
  applyMyWord,
  applyPoll,
  applyPollResults,
  applyPresence,
  audiencePollResults,
  interactionsFromSnapshot,
  moderationInteractionsFromSnapshot,
  moderatorList,
  participantList,
  participationRate,
  pollBars,
  ratingAverage,
  remoteRemainingMs,
  screenSplit,
  splitPollBars,
} from './interactions.state.ts';
import { cloud, poll } from './test-fixtures.ts';

function results(pollId: string, version: number, counts: Record<string, number>, ballots = 1): PollResults {
  const tally = { ballots, counts };
  return { pollId, sessionId: 's1', version, all: tally, onsite: tally, remote: tally, final: false };
}

function snapshot(over: Partial<AudienceInteractions> = {}): AudienceInteractions {
  return {
    polls: [],
    clouds: [],
    pollResults: [],
    cloudResults: [],
    myBallots: [],
    myWords: [],
    ...over,
  };
}

describe('interactions state', () => {
  it('builds from a participant snapshot, grouping my words by cloud', () => {
    const s = interactionsFromSnapshot(
      's1',
      snapshot({
        polls: [poll('p1')],
        clouds: [cloud('c1')],
        myBallots: [{ pollId: 'p1', clientId: 'client-001', choices: ['a'] }],
        myWords: [
          { cloudId: 'c1', clientId: 'client-002', text: 'Confiance', key: 'confiance' },
          { cloudId: 'c1', clientId: 'client-003', text: 'Écoute', key: 'ecoute' },
        ],
      }),
    );
    expect(s.polls.get('p1')?.question).toBe('Votre avis ?');
    expect(s.myBallots.get('p1')?.choices).toEqual(['a']);
    expect(s.myWords.get('c1')?.map((w) => w.text)).toEqual(['Confiance', 'Écoute']);
  });

  it('builds from a moderator snapshot with the connected count', () => {
    const mod: ModInteractions = {
      polls: [poll('p1', { status: 'draft' })],
      clouds: [],
      pollResults: [],
      cloudResults: [],
    };
    const s = moderationInteractionsFromSnapshot('s1', mod, 0, { onsite: 3, remote: 2 });
    expect(s.connected).toEqual({ onsite: 3, remote: 2 });
    expect(s.polls.get('p1')?.status).toBe('draft');
  });

  it('keeps the highest results version of a poll, whatever order they arrive in', () => {
    const s0 = interactionsFromSnapshot('s1', snapshot({ polls: [poll('p1')] }));
    const s1 = applyPollResults(s0, results('p1', 5, { a: 5 }));
    const s2 = applyPollResults(s1, results('p1', 3, { a: 3 }));
    expect(s2.pollResults.get('p1')?.all.counts).toEqual({ a: 5 });
    const s3 = applyPollResults(s2, results('p1', 6, { a: 4, b: 2 }));
    expect(s3.pollResults.get('p1')?.version).toBe(6);
  });

  it('takes the final results of the same version', () => {
    const s0 = applyPollResults(interactionsFromSnapshot('s1', snapshot()), results('p1', 5, { a: 5 }));
    const s1 = applyPollResults(s0, { ...results('p1', 5, { a: 5 }), final: true });
    expect(s1.pollResults.get('p1')?.final).toBe(true);
  });

  it('keeps the highest cloud results version', () => {
    const s0 = interactionsFromSnapshot('s1', snapshot());
    const r = (version: number, n: number) => ({
      cloudId: 'c1',
      sessionId: 's1',
      version,
      participants: n,
      words: [],
      final: false,
    });
    const s1 = applyCloudResults(applyCloudResults(s0, r(4, 4)), r(2, 2));
    expect(s1.cloudResults.get('c1')?.participants).toBe(4);
  });

  it('ignores events of another session', () => {
    const s0 = interactionsFromSnapshot('s1', snapshot());
    expect(applyPoll(s0, poll('x', { sessionId: 's2' }))).toBe(s0);
    expect(applyPollResults(s0, { ...results('x', 1, {}), sessionId: 's2' })).toBe(s0);
  });

  it('follows status changes and presence', () => {
    const s0 = interactionsFromSnapshot('s1', snapshot({ polls: [poll('p1')] }));
    const s1 = applyPoll(s0, poll('p1', { status: 'closed', closedAt: 50 }));
    expect(s1.polls.get('p1')?.status).toBe('closed');
    expect(applyPresence(s1, { sessionId: 's1', onsite: 4, remote: 6 }).connected).toEqual({
      onsite: 4,
      remote: 6,
    });
    const s3 = applyCloud(s1, cloud('c1', { status: 'closed' }));
    expect(s3.clouds.get('c1')?.status).toBe('closed');
  });

  it('tells whether the moderator shows a poll split on the projector', () => {
    expect(screenSplit(null, 'p1')).toBe(false);
    const split = { kind: 'poll', id: 'p1', split: true } as const;
    expect(screenSplit(split, 'p1')).toBe(true);
    expect(screenSplit(split, 'p2')).toBe(false);
    expect(screenSplit({ ...split, split: false }, 'p1')).toBe(false);
  });

  it('replaces my ballot when I change my mind, and keeps a retried word once', () => {
    const s0 = interactionsFromSnapshot('s1', snapshot());
    const s1 = applyMyBallot(s0, { pollId: 'p1', clientId: 'client-001', choices: ['a'] });
    const s2 = applyMyBallot(s1, { pollId: 'p1', clientId: 'client-002', choices: ['b'] });
    expect(s2.myBallots.get('p1')?.choices).toEqual(['b']);
    const w = { cloudId: 'c1', clientId: 'client-003', text: 'Confiance', key: 'confiance' };
    const s3 = applyMyWord(applyMyWord(s2, w), w);
    expect(s3.myWords.get('c1')).toHaveLength(1);
  });

  it('hides results of a hidden poll until it is revealed', () => {
    const hidden = poll('p1', { visibility: 'hidden', revealed: false });
    const s0 = applyPollResults(
      interactionsFromSnapshot('s1', snapshot({ polls: [hidden] })),
      results('p1', 1, {}),
    );
    expect(audiencePollResults(s0, hidden)).toBeNull();
    expect(audiencePollResults(s0, { ...hidden, revealed: true })).not.toBeNull();
  });
});

describe('who may answer while a poll is closing', () => {
  const closing = poll('p1', { status: 'closing', closedAt: 100, remoteClosesAt: 130_100 });

  it('stays open for remote people until their window ends, closed for the hall at once', () => {
    expect(acceptsFrom(closing, 'remote', 1_000)).toBe(true);
    expect(acceptsFrom(closing, 'onsite', 1_000)).toBe(false);
    expect(acceptsFrom(closing, 'remote', 130_100)).toBe(false);
    expect(remoteRemainingMs(closing, 100_100)).toBe(30_000);
    expect(remoteRemainingMs(poll('p2'), 0)).toBeNull();
  });

  it('lists every poll and cloud I may still answer, newest opened first', () => {
    const s = interactionsFromSnapshot(
      's1',
      snapshot({
        polls: [
          poll('old', { openedAt: 5 }),
          poll('draft', { status: 'draft' }),
          poll('new', { openedAt: 40 }),
        ],
        clouds: [cloud('c1', { openedAt: 20 })],
      }),
    );
    const ids = (l: ReturnType<typeof participantList>) => ({
      answerable: l.answerable.map((i) => i.id),
      over: l.over.map((i) => i.id),
    });
    expect(ids(participantList(s, 'onsite', 1_000))).toEqual({ answerable: ['new', 'c1', 'old'], over: [] });
  });

  it('shows a hall phone the poll still open, not the one closing for remote people', () => {
    const s = interactionsFromSnapshot(
      's1',
      snapshot({
        polls: [poll('open', { openedAt: 5 }), { ...closing, openedAt: 50 }],
      }),
    );
    const onsite = participantList(s, 'onsite', 1_000);
    expect(onsite.answerable.map((i) => i.id)).toEqual(['open']);
    expect(onsite.over.map((i) => i.id)).toEqual(['p1']);
    // Remote people answer both until their window ends, then it is over for them too.
    expect(participantList(s, 'remote', 1_000).answerable.map((i) => i.id)).toEqual(['p1', 'open']);
    expect(participantList(s, 'remote', 130_100).over.map((i) => i.id)).toEqual(['p1']);
  });

  it('lists closed ones after, last closed first, and nothing for a session without any', () => {
    const s = interactionsFromSnapshot(
      's1',
      snapshot({
        polls: [
          poll('a', { status: 'closed', closedAt: 10 }),
          poll('b', { status: 'closed', closedAt: 30 }),
          poll('d', { status: 'draft' }),
        ],
        clouds: [cloud('c', { openedAt: 3 })],
      }),
    );
    const l = participantList(s, 'remote', 0);
    expect(l.answerable.map((i) => i.id)).toEqual(['c']);
    expect(l.over.map((i) => i.id)).toEqual(['b', 'a']);
    expect(participantList(interactionsFromSnapshot('s1', snapshot()), 'remote', 0)).toEqual({
      answerable: [],
      over: [],
    });
  });

  it('lists open ones first for moderators, then drafts, then closed', () => {
    const s = interactionsFromSnapshot(
      's1',
      snapshot({
        polls: [poll('closed', { status: 'closed' }), poll('draft', { status: 'draft' }), poll('open')],
      }),
    );
    expect(moderatorList(s).map((i) => i.id)).toEqual(['open', 'draft', 'closed']);
  });
});

describe('results as bars', () => {
  it('gives counts and percentages of ballots in option order', () => {
    const bars = pollBars(poll('p1'), { ballots: 4, counts: { b: 3, a: 1 } });
    expect(bars).toEqual([
      { id: 'a', label: 'Oui', count: 1, percent: 25 },
      { id: 'b', label: 'Non', count: 3, percent: 75 },
    ]);
    expect(pollBars(poll('p1'), { ballots: 0, counts: {} }).map((b) => b.percent)).toEqual([0, 0]);
  });

  it('averages a rating scale by its values', () => {
    const rating = poll('r', {
      pollKind: 'rating',
      options: [1, 2, 3, 4, 5].map((v) => ({ id: `v${v}`, label: String(v) })),
      scale: { min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Tout à fait' },
    });
    expect(ratingAverage(rating, { ballots: 4, counts: { v5: 2, v2: 2 } })).toBe(3.5);
    expect(ratingAverage(rating, { ballots: 0, counts: {} })).toBeNull();
  });

  it('splits bars between hall and remote, each side in percent of its own ballots, on one scale', () => {
    const r: PollResults = {
      ...results('p1', 3, { a: 3, b: 2 }, 5),
      onsite: { ballots: 4, counts: { a: 3, b: 1 } },
      remote: { ballots: 1, counts: { a: 0, b: 1 } },
    };
    const { bars, top } = splitPollBars(poll('p1'), r);
    expect(bars).toEqual([
      {
        id: 'a',
        label: 'Oui',
        onsite: { id: 'a', label: 'Oui', count: 3, percent: 75 },
        remote: { id: 'a', label: 'Oui', count: 0, percent: 0 },
      },
      {
        id: 'b',
        label: 'Non',
        onsite: { id: 'b', label: 'Non', count: 1, percent: 25 },
        remote: { id: 'b', label: 'Non', count: 1, percent: 100 },
      },
    ]);
    expect(top).toBe(100);
    const empty = { ballots: 0, counts: {} };
    expect(splitPollBars(poll('p1'), { ...r, onsite: empty, remote: empty }).top).toBe(0);
  });

  it('computes the participation rate among connected participants', () => {
    expect(participationRate(3, { onsite: 2, remote: 2 })).toBe(75);
    expect(participationRate(3, { onsite: 0, remote: 0 })).toBeNull();
    expect(participationRate(9, { onsite: 2, remote: 2 })).toBe(100);
  });
});
