import { describe, expect, it, vi } from 'vitest';
import type { PollResults } from '@agora/shared';
import {
  choice,
  hall,
  home,
  mod,
  screen,
  useInteractions,
} from '../../../../tests/support/interactions-fixture.ts';
import { errorCode, principal } from '../../../../tests/support/service-fixtures.ts';
import { rooms } from '../rooms.ts';

const AUD = rooms.audience('plen');
const MOD = rooms.moderation('plen');
const SCREENS = rooms.screens('plen');

describe('polls service', () => {
  const f = useInteractions();
  const lastResults = (room: string) => f.bus.of(room, 'poll:results').at(-1) as PollResults | undefined;

  it('keeps drafts between moderators, and publishes a poll to the audience once opened', async () => {
    const draft = await f.polls.create(mod, { sessionId: 'plen', draft: choice });
    expect(draft.options.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
    expect(f.bus.of(MOD, 'poll:updated')).toHaveLength(1);
    expect(f.bus.of(AUD, 'poll:updated')).toHaveLength(0);
    expect((await f.join.audience(hall('alice'), 'plen')).interactions.polls).toEqual([]);
    await f.polls.open(mod, draft.id);
    expect(f.bus.of(AUD, 'poll:updated')).toMatchObject([{ id: draft.id, status: 'open' }]);
    expect((await f.join.audience(hall('alice'), 'plen')).interactions.polls.map((p) => p.id)).toEqual([
      draft.id,
    ]);
  });

  it('tallies ballot changes exactly and coalesces the broadcasts', async () => {
    const poll = await f.openPoll();
    await f.tick(1_000);
    f.bus.sent = [];
    for (let i = 0; i < 50; i += 1) await f.vote(hall(`p${i}`), poll.id, ['o1']);
    for (let i = 0; i < 20; i += 1) await f.vote(hall(`p${i}`), poll.id, ['o3']);
    await f.vote(home('remote1'), poll.id, ['o2']);
    await f.tick(1_000);
    const sent = f.bus.of(AUD, 'poll:results');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(lastResults(AUD)).toMatchObject({
      all: { ballots: 51, counts: { o1: 30, o2: 1, o3: 20 } },
      onsite: { ballots: 50, counts: { o1: 30, o2: 0, o3: 20 } },
      remote: { ballots: 1, counts: { o2: 1 } },
      final: false,
    });
    expect(lastResults(MOD)).toEqual(lastResults(AUD));
  });

  it('answers a retried client id with the stored ballot, counting it once', async () => {
    const poll = await f.openPoll();
    const first = await f.vote(hall('alice'), poll.id, ['o1'], 'client-alice-1');
    const retried = await f.vote(hall('alice'), poll.id, ['o1'], 'client-alice-1');
    expect(retried).toEqual(first);
    await f.vote(hall('alice'), poll.id, ['o2'], 'client-alice-2');
    expect(await f.vote(hall('alice'), poll.id, ['o1'], 'client-alice-1')).toEqual({
      pollId: poll.id,
      clientId: 'client-alice-2',
      choices: ['o2'],
    });
    expect((await f.store.interactions.pollResults(poll.id))?.all).toEqual({
      ballots: 1,
      counts: { o1: 0, o2: 1, o3: 0 },
    });
    expect((await f.join.audience(hall('alice'), 'plen')).interactions.myBallots).toEqual([
      { pollId: poll.id, clientId: 'client-alice-2', choices: ['o2'] },
    ]);
  });

  it('never sends hidden results to the audience room before the reveal', async () => {
    const poll = await f.openPoll({ ...choice, visibility: 'hidden' });
    for (let i = 0; i < 5; i += 1) await f.vote(hall(`p${i}`), poll.id, ['o2']);
    await f.tick(1_000);
    expect(f.bus.of(AUD, 'poll:results')).toEqual([]);
    expect(lastResults(MOD)?.all.ballots).toBe(5);
    expect((await f.join.audience(hall('p0'), 'plen')).interactions.pollResults).toEqual([]);
    expect((await f.join.audience(screen, 'plen')).interactions.pollResults).toEqual([]);
    expect((await f.join.moderator(mod, 'plen')).interactions.pollResults).toHaveLength(1);

    expect(f.bus.of(SCREENS, 'poll:results')).toEqual([]);
    const revealed = await f.polls.reveal(mod, poll.id, true);
    expect(revealed.revealed).toBe(true);
    await f.tick(0);
    // The reveal sends the results at once, no timer needed.
    expect(lastResults(AUD)?.all.ballots).toBe(5);
    expect(lastResults(SCREENS)?.all.ballots).toBe(5);
    expect((await f.join.audience(screen, 'plen')).interactions.pollResults).toHaveLength(1);

    await f.polls.reveal(mod, poll.id, false);
    const before = f.bus.of(AUD, 'poll:results').length;
    await f.vote(hall('late'), poll.id, ['o1']);
    await f.tick(1_000);
    expect(f.bus.of(AUD, 'poll:results')).toHaveLength(before);
  });

  it('closes at once for the hall and after the stream delay for remote people, then sends final results', async () => {
    const poll = await f.openPoll();
    await f.vote(hall('alice'), poll.id, ['o1']);
    const closing = await f.polls.close(mod, poll.id);
    expect(closing).toMatchObject({ status: 'closing', remoteClosesAt: f.time.now() + 30_000 });
    expect(await errorCode(f.vote(hall('bob'), poll.id, ['o1']))).toBe('CLOSED');
    await f.tick(10_000);
    await f.vote(home('carol'), poll.id, ['o2']);
    await f.tick(1_000);
    expect(lastResults(AUD)).toMatchObject({ final: false, all: { ballots: 2 } });

    await f.tick(19_000);
    // The timer's finalize writes to disk (fsync) before it publishes.
    await vi.waitFor(() => expect(f.bus.of(AUD, 'poll:updated').at(-1)).toMatchObject({ status: 'closed' }));
    await vi.waitFor(() => expect(lastResults(AUD)?.final).toBe(true));
    expect(lastResults(AUD)).toMatchObject({ final: true, all: { ballots: 2, counts: { o1: 1, o2: 1 } } });
    expect(lastResults(MOD)).toMatchObject({ final: true });
    expect(await errorCode(f.vote(home('dan'), poll.id, ['o2']))).toBe('CLOSED');
  });

  it('finalizes a remote window left open by a previous run', async () => {
    const poll = await f.openPoll();
    await f.polls.close(mod, poll.id);
    f.bus.sent = [];
    await f.restart();
    await f.tick(30_000);
    await vi.waitFor(() => expect(lastResults(AUD)?.final).toBe(true));
    expect((await f.store.interactions.getPoll(poll.id))?.status).toBe('closed');
  });

  it('refuses votes the policy does not allow, and roles that do not vote', async () => {
    const poll = await f.polls.create(mod, { sessionId: 'work', draft: choice });
    await f.polls.open(mod, poll.id);
    expect(await errorCode(f.vote(home('remote'), poll.id, ['o1']))).toBe('POLICY_FORBIDS');
    await f.vote(hall('onsite'), poll.id, ['o1']);
    expect(await errorCode(f.vote(mod, poll.id, ['o1']))).toBe('FORBIDDEN');
    expect(await errorCode(f.vote(screen, poll.id, ['o1']))).toBe('FORBIDDEN');
    expect(await errorCode(f.vote(hall('x'), 'missing', ['o1']))).toBe('NOT_FOUND');
    expect(await errorCode(f.vote(hall('x'), poll.id, ['o9']))).toBe('INVALID_PAYLOAD');
  });

  it('lets only the moderators of the session create, close and reveal a poll and see its moderation snapshot', async () => {
    const poll = await f.openPoll();
    const elsewhere = principal('moderator', 'mod2', { sessionIds: ['work'] });
    const otherEdition = principal('moderator', 'mod3', { editionId: 'other' });
    expect(await errorCode(f.polls.create(hall('alice'), { sessionId: 'plen', draft: choice }))).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(f.polls.create(elsewhere, { sessionId: 'plen', draft: choice }))).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(f.polls.create(otherEdition, { sessionId: 'plen', draft: choice }))).toBe(
      'NOT_FOUND',
    );
    expect(await errorCode(f.polls.close(hall('alice'), poll.id))).toBe('FORBIDDEN');
    expect(await errorCode(f.polls.close(screen, poll.id))).toBe('FORBIDDEN');
    expect(await errorCode(f.polls.close(elsewhere, poll.id))).toBe('FORBIDDEN');
    expect(await errorCode(f.polls.reveal(hall('alice'), poll.id, true))).toBe('FORBIDDEN');
    expect(await errorCode(f.join.moderator(hall('alice'), 'plen'))).toBe('FORBIDDEN');
  });

  it('refuses to edit a poll once it has a ballot', async () => {
    const poll = await f.openPoll();
    const edited = await f.polls.update(mod, {
      pollId: poll.id,
      draft: { ...choice, options: ['Oui', 'Non'] },
    });
    expect(edited.options).toEqual([
      { id: 'o1', label: 'Oui' },
      { id: 'o2', label: 'Non' },
    ]);
    await f.vote(hall('alice'), poll.id, ['o1']);
    expect(await errorCode(f.polls.update(mod, { pollId: poll.id, draft: choice }))).toBe('CONFLICT');
  });

  it('builds a rating poll whose options are the values of the scale', async () => {
    const poll = await f.openPoll({
      question: 'Utile ?',
      kind: 'rating',
      options: [],
      maxChoices: 1,
      scale: { min: 1, max: 5, minLabel: 'pas du tout', maxLabel: 'tout à fait' },
      visibility: 'live',
    });
    expect(poll.options.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5']);
    await f.vote(hall('alice'), poll.id, ['4']);
    expect((await f.store.interactions.pollResults(poll.id))?.all.counts['4']).toBe(1);
  });
});
