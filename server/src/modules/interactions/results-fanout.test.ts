import { describe, expect, it, vi } from 'vitest';
import type { PollResults } from '@agora/shared';
import { hall, home, mod, useInteractions } from '../../../../tests/support/interactions-fixture.ts';
import { RecordingBroadcaster } from '../../../../tests/support/service-fixtures.ts';
import type { AudienceSize } from '../audience-cadence.ts';
import { rooms } from '../rooms.ts';
import { ResultsFanout } from './results-fanout.ts';

const AUD = rooms.audience('plen');
const MOD = rooms.moderation('plen');
const SCREENS = rooms.screens('plen');

describe('results fan-out', () => {
  const f = useInteractions();
  const lastResults = (room: string) => f.bus.of(room, 'poll:results').at(-1) as PollResults | undefined;

  it('paces results to a large audience by its size, moderators and projectors every 250 ms, final to all at once', async () => {
    f.bus.sizes.set(AUD, 10_000);
    const poll = await f.openPoll();
    await f.tick(2_000);
    f.bus.sent = [];
    // A ballot every 50 ms for 3 s.
    for (let i = 0; i < 60; i += 1) {
      await f.vote(i % 2 ? hall(`p${i}`) : home(`p${i}`), poll.id, ['o1']);
      await f.tick(50);
    }
    await f.tick(2_000);
    const toScreens = f.bus.of(SCREENS, 'poll:results');
    const toAudience = f.bus.to(AUD).filter((s) => s.event === 'poll:results');
    // 10,000 sockets: one audience broadcast per second at most (audience-cadence.ts), never to the
    // projectors; live ones volatile, and the burst's last results once more, reliably, a second later.
    const live = toAudience.filter((s) => s.volatile);
    expect(live.length).toBeGreaterThanOrEqual(3);
    expect(live.length).toBeLessThanOrEqual(4);
    expect(toAudience.every((s) => s.except === SCREENS)).toBe(true);
    const settled = toAudience.filter((s) => !s.volatile);
    expect(settled).toHaveLength(1);
    expect(settled[0]?.payload).toMatchObject({ all: { ballots: 60 }, final: false });
    expect(toAudience.at(-1)).toBe(settled[0]);
    expect(f.bus.to(SCREENS).every((s) => !s.volatile)).toBe(true);
    expect(toScreens.length).toBeGreaterThanOrEqual(12);
    expect(toScreens.length).toBeLessThanOrEqual(13);
    expect(f.bus.of(MOD, 'poll:results')).toHaveLength(toScreens.length);
    expect(lastResults(AUD)).toMatchObject({ all: { ballots: 60 } });
    expect(lastResults(SCREENS)).toEqual(lastResults(AUD));

    // A small audience gets the moderators' pace.
    f.bus.sizes.set(AUD, 800);
    await f.tick(2_000);
    f.bus.sent = [];
    for (let i = 60; i < 100; i += 1) {
      await f.vote(hall(`p${i}`), poll.id, ['o2']);
      await f.tick(50);
    }
    await f.tick(2_000);
    expect(f.bus.of(AUD, 'poll:results').length).toBeGreaterThanOrEqual(7);

    await f.polls.close(mod, poll.id);
    f.bus.sent = [];
    await f.tick(30_000);
    for (const room of [AUD, SCREENS, MOD]) {
      await vi.waitFor(() => expect(lastResults(room)).toMatchObject({ final: true, all: { ballots: 100 } }));
    }
    // Final results are never volatile.
    expect(f.bus.sent.filter((s) => (s.payload as PollResults).final).every((s) => !s.volatile)).toBe(true);
  });

  it('paces the phones by the session’s audience on every node, not by this node’s share of it', async () => {
    const poll = await f.openPoll();
    const logger = { error: (obj: unknown) => console.error(obj) };
    // Two nodes' fan-outs of the same ballots, each with 5,000 of the session's 10,000 sockets: one
    // paced by its own share (500 ms), one by the session's audience on both nodes (1 s, as one node).
    const node = (audienceSize?: AudienceSize) => {
      const bus = new RecordingBroadcaster();
      bus.sizes.set(AUD, 5_000);
      const results = new ResultsFanout({
        store: f.store.interactions,
        bus,
        scheduler: f.time,
        logger,
        ...(audienceSize ? { audienceSize } : {}),
      });
      return { bus, results };
    };
    const share = node();
    const session = node((sessionId) => (sessionId === 'plen' ? 10_000 : 0));
    for (let i = 0; i < 60; i += 1) {
      await f.store.interactions.castBallot({
        pollId: poll.id,
        voterId: `p${i}`,
        mode: 'onsite',
        clientId: f.cid(),
        choices: ['o1'],
        at: f.time.now(),
      });
      share.results.changed('poll', poll.id);
      session.results.changed('poll', poll.id);
      await f.tick(50);
    }
    await f.tick(3_000);
    const toPhones = (bus: RecordingBroadcaster) =>
      bus.to(AUD).filter((s) => s.event === 'poll:results' && s.volatile).length;
    expect(toPhones(share.bus)).toBeGreaterThanOrEqual(6);
    expect(toPhones(session.bus)).toBeGreaterThanOrEqual(3);
    expect(toPhones(session.bus)).toBeLessThanOrEqual(4);
    // Both end on the whole results, reliably; the moderators' pace does not change.
    for (const { bus } of [share, session]) {
      expect(bus.to(AUD).at(-1)).toMatchObject({ payload: { all: { ballots: 60 } } });
      expect(bus.to(AUD).at(-1)?.volatile).toBeUndefined();
    }
    expect(session.bus.of(MOD, 'poll:results')).toHaveLength(share.bus.of(MOD, 'poll:results').length);
    share.results.stop();
    session.results.stop();
  });

  it('tells the other nodes of its changes once per flush, sends theirs to its own sockets, and never echoes them', async () => {
    const poll = await f.openPoll();
    await f.tick(1_000);
    f.bus.signals = [];
    f.bus.sent = [];
    for (let i = 0; i < 20; i += 1) {
      await f.vote(hall(`p${i}`), poll.id, ['o1']);
      await f.tick(50);
    }
    await f.tick(1_000);
    const key = `poll:${poll.id}`;
    // 20 ballots over 1 s: one signal per first-tier flush, not one per ballot.
    expect(f.bus.signals.length).toBeGreaterThanOrEqual(3);
    expect(f.bus.signals.length).toBeLessThanOrEqual(6);
    expect(f.bus.signals.every((s) => s.key === key && !s.now)).toBe(true);
    expect(f.bus.of(MOD, 'poll:results')).toHaveLength(f.bus.signals.length);

    // Another node's ballot: sent here (read from the shared store), not signalled back.
    f.bus.signals = [];
    await f.store.interactions.castBallot({
      pollId: poll.id,
      voterId: 'elsewhere',
      mode: 'remote',
      clientId: 'client-elsewhere',
      choices: ['o2'],
      at: f.time.now(),
    });
    f.bus.fromPeer(key);
    await f.tick(1_000);
    expect(lastResults(MOD)?.all.ballots).toBe(21);
    expect(lastResults(AUD)?.all.ballots).toBe(21);
    expect(f.bus.signals).toEqual([]);
    // A signal for results this node has already sent (reliably, once settled): nothing goes out again.
    await f.tick(1_000);
    await vi.waitFor(() => expect(f.bus.to(AUD).at(-1)?.volatile).toBeUndefined());
    const sentBefore = f.bus.sent.length;
    f.bus.fromPeer(key);
    await f.tick(3_000);
    expect(f.bus.sent.length).toBe(sentBefore);
    f.bus.fromPeer('question:x');
    f.bus.fromPeer('poll:');
    await f.tick(1_000);
    expect(f.bus.signals).toEqual([]);

    // Final results: the other nodes are told to send them at once.
    await f.polls.close(mod, poll.id);
    await f.tick(30_000);
    await vi.waitFor(() => expect(f.bus.signals).toContainEqual({ key, now: true }));
  });
});
