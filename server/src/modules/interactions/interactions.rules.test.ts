import { describe, expect, it } from 'vitest';
import { checkAnswerable, type Cloud, type MyWord, type Poll } from '@agora/shared';
import { checkCreate, decideLifecycle, decideReset, decideReveal, refusals } from './lifecycle.rules.ts';
import { decideBallot, decideUpdatePoll, newPoll, refusals as polls } from '../polls/polls.rules.ts';
import {
  decideUpdateCloud,
  decideWord,
  decideWordHidden,
  newCloud,
  shownSpelling,
} from '../wordcloud/wordcloud.rules.ts';

const T = 1_782_000_000_000;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return `${code} ${message}`;
  }
  return 'no refusal';
};
const definition = {
  question: 'Which?',
  pollKind: 'multiple' as const,
  options: [
    { id: 'o1', label: 'A' },
    { id: 'o2', label: 'B' },
    { id: 'o3', label: 'C' },
  ],
  maxChoices: 2,
  scale: null,
  visibility: 'hidden' as const,
};
const poll = (more: Partial<Poll> = {}): Poll => ({
  ...newPoll({ id: 'p1', sessionId: 's1', definition, at: T }),
  ...more,
});
const cloud = (more: Partial<Cloud> = {}): Cloud => ({
  ...newCloud({
    id: 'c1',
    sessionId: 's1',
    definition: { prompt: 'One word?', maxWordsPerParticipant: 2, maxLength: 6, visibility: 'live' },
    at: T,
  }),
  ...more,
});
const ref = { kind: 'poll' as const, id: 'p1' };

describe('lifecycle rules', () => {
  it('creates drafts in an existing session under a free id', () => {
    expect(poll()).toMatchObject({ status: 'draft', revealed: false, openedAt: null, createdAt: T });
    expect(cloud().revealed).toBe(true);
    expect(refusal(() => checkCreate({ sessionExists: false, idTaken: true }))).toBe(
      'NOT_FOUND session not found',
    );
    expect(refusal(() => checkCreate({ sessionExists: true, idTaken: true }))).toBe(
      'CONFLICT id already taken',
    );
  });

  it('opens, closes with the remote window, finalises at its end', () => {
    const open = decideLifecycle(poll(), ref, { action: 'open', at: T, remoteDelaySeconds: null });
    expect(open).toEqual({
      changed: true,
      bumpVersion: true,
      patch: { status: 'open', openedAt: T, closedAt: null, remoteClosesAt: null },
    });
    expect(
      decideLifecycle(poll({ status: 'open' }), ref, { action: 'open', at: T, remoteDelaySeconds: 0 })
        .changed,
    ).toBe(false);
    const close = decideLifecycle(poll({ status: 'open' }), ref, {
      action: 'close',
      at: T,
      remoteDelaySeconds: 30,
    });
    expect(close.patch).toEqual({ status: 'closing', closedAt: T, remoteClosesAt: T + 30_000 });
    const now = decideLifecycle(poll({ status: 'open' }), ref, {
      action: 'close',
      at: T,
      remoteDelaySeconds: 0,
    });
    expect(now.patch.status).toBe('closed');
    expect(
      refusal(() => decideLifecycle(poll(), ref, { action: 'close', at: T, remoteDelaySeconds: 0 })),
    ).toBe('CONFLICT the poll was never opened');
    expect(
      refusal(() =>
        decideLifecycle(poll({ status: 'open' }), ref, { action: 'close', at: T, remoteDelaySeconds: null }),
      ),
    ).toBe('NOT_FOUND session not found');
    expect(
      decideLifecycle(poll({ status: 'closed' }), ref, { action: 'close', at: T, remoteDelaySeconds: null })
        .changed,
    ).toBe(false);
    const closing = poll({ status: 'closing', remoteClosesAt: T + 10 });
    expect(
      decideLifecycle(closing, ref, { action: 'finalize', at: T + 9, remoteDelaySeconds: null }).changed,
    ).toBe(false);
    expect(
      decideLifecycle(closing, ref, { action: 'finalize', at: T + 10, remoteDelaySeconds: null }).patch,
    ).toEqual({
      status: 'closed',
    });
    expect(refusal(() => decideLifecycle(null, ref, { action: 'open', at: T, remoteDelaySeconds: 0 }))).toBe(
      'NOT_FOUND poll not found',
    );
  });

  it('reveals hidden results only; resets to the draft, used when opened or answered', () => {
    expect(decideReveal(poll(), ref, true)).toEqual({
      changed: true,
      patch: { revealed: true },
      bumpVersion: false,
    });
    expect(decideReveal(cloud(), { kind: 'cloud', id: 'c1' }, false).changed).toBe(false);
    expect(decideReset(poll({ status: 'closed', revealed: true }), false)).toEqual({
      used: true,
      patch: { status: 'draft', revealed: false, openedAt: null, closedAt: null, remoteClosesAt: null },
    });
    expect(decideReset(poll(), true).used).toBe(true);
    expect(decideReset(poll(), false).used).toBe(false);
  });

  it('takes answers while open, from remote people until the window ends', () => {
    const closing = poll({ status: 'closing', remoteClosesAt: T + 10 });
    expect(refusal(() => checkAnswerable(closing, 'remote', T + 9))).toBe('no refusal');
    expect(refusal(() => checkAnswerable(closing, 'remote', T + 10))).toBe('CLOSED the poll is not open');
    expect(refusal(() => checkAnswerable(closing, 'onsite', T))).toBe(
      'CLOSED closed in the hall (still open for remote participants)',
    );
    // The codes of Redis' scripts name the same texts.
    expect(refusals.closed('poll', 'closing', 'onsite').message).toBe(
      'closed in the hall (still open for remote participants)',
    );
    expect(refusals.closed('cloud', 'closing', 'remote').message).toBe('the cloud is not open');
    expect(refusals.closed('cloud', 'draft', 'onsite').message).toBe('the cloud is not open');
  });
});

describe('poll rules', () => {
  const open = poll({ status: 'open' });
  const input = { mode: 'onsite' as const, clientId: 'b1', choices: ['o1', 'o2'], at: T };

  it('edits a poll without ballots; revealed follows the visibility', () => {
    expect(decideUpdatePoll(poll(), false, { ...definition, visibility: 'live' }).revealed).toBe(true);
    expect(refusal(() => decideUpdatePoll(poll(), true, definition))).toBe(
      'CONFLICT a poll with ballots cannot be edited',
    );
  });

  it('refuses choices the poll does not take', () => {
    const decide =
      (choices: string[], p: Poll = open) =>
      () =>
        decideBallot(p, { ballot: null, seen: false }, { ...input, choices });
    expect(refusal(decide(['o9']))).toBe('INVALID_PAYLOAD a choice is not an option of this poll');
    expect(refusal(decide(['o1', 'o1']))).toBe('INVALID_PAYLOAD a choice is given twice');
    expect(refusal(decide(['o1', 'o2', 'o3']))).toBe('INVALID_PAYLOAD between 1 and 2 choices');
    expect(refusal(decide(['o1', 'o2'], { ...open, pollKind: 'single', maxChoices: 1 }))).toBe(
      'INVALID_PAYLOAD exactly one choice',
    );
    expect(refusal(decide(['o1'], poll({ status: 'closed' })))).toBe('CLOSED the poll is not open');
  });

  it('counts a first ballot, moves a changed one, records the same one, answers a re-send', () => {
    const first = decideBallot(open, { ballot: null, seen: false }, input);
    expect(first).toMatchObject({
      kind: 'count',
      counted: true,
      moves: [{ side: 'onsite', delta: 1, choices: ['o1', 'o2'] }],
    });
    const prior = first.ballot;
    const moved = decideBallot(
      open,
      { ballot: prior, seen: false },
      { ...input, clientId: 'b2', mode: 'remote' },
    );
    expect(moved).toMatchObject({
      kind: 'count',
      moves: [
        { side: 'onsite', delta: -1, choices: ['o1', 'o2'] },
        { side: 'remote', delta: 1, choices: ['o1', 'o2'] },
      ],
    });
    const same = decideBallot(
      open,
      { ballot: prior, seen: false },
      { ...input, clientId: 'b3', choices: ['o2', 'o1'] },
    );
    expect(same).toMatchObject({
      kind: 'same',
      counted: false,
      answer: { clientId: 'b3', choices: ['o2', 'o1'] },
    });
    expect(same.ballot).toEqual({ ...prior, clientId: 'b3' });
    // A re-send is answered with the current ballot, even once the poll is closed.
    const again = decideBallot(
      poll({ status: 'closed' }),
      { ballot: prior, seen: true },
      { ...input, choices: ['o3'] },
    );
    expect(again).toMatchObject({
      kind: 'again',
      counted: false,
      answer: { clientId: 'b1', choices: ['o1', 'o2'] },
    });
    expect(polls.choiceCount('1').message).toBe('exactly one choice');
  });
});

describe('word cloud rules', () => {
  const open = cloud({ status: 'open' });
  const input = {
    mode: 'remote' as const,
    clientId: 'w1',
    text: 'Paris',
    key: 'paris',
    blocked: false,
    at: T,
  };
  const word = (key: string): MyWord => ({ cloudId: 'c1', clientId: `w-${key}`, text: key, key });

  it('edits a cloud without words', () => {
    const def = { prompt: 'Two?', maxWordsPerParticipant: 3, maxLength: 10, visibility: 'hidden' as const };
    expect(decideUpdateCloud(cloud(), false, def)).toMatchObject({ prompt: 'Two?', revealed: false });
    expect(refusal(() => decideUpdateCloud(cloud(), true, def))).toBe(
      'CONFLICT a cloud with words cannot be edited',
    );
    expect(refusal(() => decideUpdateCloud(null, false, def))).toBe('NOT_FOUND cloud not found');
  });

  it('checks the re-send, the lifecycle, the text, a key sent before, then the limit', () => {
    const decide =
      (more: Partial<typeof input>, keys: string[] = [], c: Cloud = open) =>
      () =>
        decideWord(c, { again: null, words: keys.map((key) => ({ key })) }, false, { ...input, ...more });
    expect(
      decideWord(cloud({ status: 'closed' }), { again: word('x'), words: [] }, true, input),
    ).toMatchObject({
      kind: 'again',
      word: word('x'),
    });
    expect(refusal(decide({}, [], cloud({ status: 'closed' })))).toBe('CLOSED the cloud is not open');
    expect(refusal(decide({ text: '' }))).toBe('INVALID_PAYLOAD an empty word');
    expect(refusal(decide({ text: 'Toulouse' }))).toBe('INVALID_PAYLOAD at most 6 characters');
    expect(refusal(decide({ text: 'ÉÉÉÉÉÉ' }))).toBe('no refusal');
    expect(decide({}, ['lyon', 'paris'])()).toMatchObject({ kind: 'duplicate', counted: false });
    expect(refusal(decide({}, ['lyon', 'nice']))).toBe('LIMIT_REACHED at most 2 words each');
    expect(decide({ blocked: true })()).toMatchObject({
      kind: 'count',
      side: 'remote',
      firstWord: true,
      newGroup: { hidden: true, blocked: true },
    });
    expect(decideWord(open, { again: null, words: [{ key: 'lyon' }] }, true, input)).toMatchObject({
      firstWord: false,
      newGroup: null,
    });
  });

  it('hides and shows groups that exist; shows the first seen of the most frequent spellings', () => {
    expect(decideWordHidden({ cloudExists: true, group: { hidden: false } }, true)).toEqual({
      changed: true,
    });
    expect(decideWordHidden({ cloudExists: true, group: { hidden: true } }, true)).toEqual({
      changed: false,
    });
    expect(refusal(() => decideWordHidden({ cloudExists: true, group: null }, true))).toBe(
      'NOT_FOUND word not found',
    );
    expect(refusal(() => decideWordHidden({ cloudExists: false, group: null }, true))).toBe(
      'NOT_FOUND cloud not found',
    );
    expect(
      shownSpelling([
        ['paris', 2],
        ['Paris', 2],
        ['PARIS', 1],
      ]),
    ).toBe('paris');
    expect(
      shownSpelling([
        ['paris', 1],
        ['Paris', 2],
      ]),
    ).toBe('Paris');
  });
});
