import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CloudResults, type ModCloudResults, type PollDraft, type PollResults } from '@agora/shared';
import { EmbeddedStore } from '../../store/memory/embedded-store.ts';
import { FakeScheduler } from '../../../../tests/support/fake-scheduler.ts';
import type { Principal } from '../identity/principal.ts';
import type { PresenceCounts } from '../presence.ts';
import { QuestionsService } from '../questions/questions.service.ts';
import { rooms } from '../rooms.ts';
import {
  errorCode,
  openSeededStore,
  principal,
  RecordingBroadcaster,
} from '../../../../tests/support/service-fixtures.ts';
import { BlockedWords } from '../wordcloud/blocked-words.ts';
import { InteractionsService } from './interactions.service.ts';

const mod = principal('moderator', 'mod');
const hall = (id: string) => principal('participant', id, { attendance: 'onsite' });
const home = (id: string) => principal('participant', id, { attendance: 'remote' });
const screen = principal('projector', 'screen', { room: 'Amphi' });

const AUD = rooms.audience('plen');
const MOD = rooms.moderation('plen');
const SCREENS = rooms.screens('plen');

const choice: PollDraft = {
  question: 'La coopération, c’est…',
  kind: 'single',
  options: ['Facile', 'Difficile', 'Indispensable'],
  maxChoices: 1,
  visibility: 'live',
};

describe('interactions service', () => {
  let dir: string;
  let store: EmbeddedStore;
  let bus: RecordingBroadcaster;
  let time: FakeScheduler;
  let presence: PresenceCounts;
  let service: InteractionsService;
  let questions: QuestionsService;
  let n = 0;
  const cid = () => `client-${(n += 1)}-xyz`;
  const build = () =>
    new InteractionsService({
      store,
      bus,
      clock: time,
      scheduler: time,
      presence: { connected: async () => presence },
      blocked: new BlockedWords(),
      publishQuestionChange: (change, force) => questions.publishChange(change, force),
      logger: { error: (obj) => console.error(obj) },
    });
  const vote = (who: Principal, pollId: string, choices: string[], clientId = cid()) =>
    service.vote(who, { pollId, clientId, choices });
  const send = (who: Principal, cloudId: string, text: string, clientId = cid()) =>
    service.submitWord(who, { cloudId, clientId, text });
  const openPoll = async (draft: PollDraft = choice, sessionId = 'plen') => {
    const poll = await service.createPoll(mod, { sessionId, draft });
    return service.open(mod, { kind: 'poll', id: poll.id });
  };
  const openCloud = async (visibility: 'live' | 'hidden' = 'live') => {
    const cloud = await service.createCloud(mod, {
      sessionId: 'plen',
      draft: { prompt: 'En un mot ?', maxWordsPerParticipant: 3, maxLength: 30, visibility },
    });
    return service.open(mod, { kind: 'cloud', id: cloud.id });
  };
  /** Moves time on, then lets the broadcasts that the due timers started finish their reads. */
  const tick = async (ms: number) => {
    time.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const lastResults = (room: string) => bus.of(room, 'poll:results').at(-1) as PollResults | undefined;

  beforeEach(async () => {
    ({ dir, store } = await openSeededStore('agora-interactions-', { remoteDelaySeconds: 30 }));
    bus = new RecordingBroadcaster();
    time = new FakeScheduler();
    presence = { onsite: 0, remote: 0 };
    questions = new QuestionsService(store, bus, time, time);
    service = build();
    await service.start();
  });

  afterEach(async () => {
    service.stop();
    questions.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps drafts between moderators, and publishes a poll to the audience once opened', async () => {
    const draft = await service.createPoll(mod, { sessionId: 'plen', draft: choice });
    expect(draft.options.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
    expect(bus.of(MOD, 'poll:updated')).toHaveLength(1);
    expect(bus.of(AUD, 'poll:updated')).toHaveLength(0);
    expect((await service.snapshot(hall('alice'), 'plen')).polls).toEqual([]);
    await service.open(mod, { kind: 'poll', id: draft.id });
    expect(bus.of(AUD, 'poll:updated')).toMatchObject([{ id: draft.id, status: 'open' }]);
    expect((await service.snapshot(hall('alice'), 'plen')).polls.map((p) => p.id)).toEqual([draft.id]);
  });

  it('tallies ballot changes exactly and coalesces the broadcasts', async () => {
    const poll = await openPoll();
    await tick(1_000);
    bus.sent = [];
    for (let i = 0; i < 50; i += 1) await vote(hall(`p${i}`), poll.id, ['o1']);
    for (let i = 0; i < 20; i += 1) await vote(hall(`p${i}`), poll.id, ['o3']);
    await vote(home('remote1'), poll.id, ['o2']);
    await tick(1_000);
    const sent = bus.of(AUD, 'poll:results');
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

  it('paces results to a large audience by its size, moderators and projectors every 250 ms, final to all at once', async () => {
    bus.sizes.set(AUD, 10_000);
    const poll = await openPoll();
    await tick(2_000);
    bus.sent = [];
    // A ballot every 50 ms for 3 s.
    for (let i = 0; i < 60; i += 1) {
      await vote(i % 2 ? hall(`p${i}`) : home(`p${i}`), poll.id, ['o1']);
      await tick(50);
    }
    await tick(2_000);
    const toScreens = bus.of(SCREENS, 'poll:results');
    const toAudience = bus.to(AUD).filter((s) => s.event === 'poll:results');
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
    expect(bus.to(SCREENS).every((s) => !s.volatile)).toBe(true);
    expect(toScreens.length).toBeGreaterThanOrEqual(12);
    expect(toScreens.length).toBeLessThanOrEqual(13);
    expect(bus.of(MOD, 'poll:results')).toHaveLength(toScreens.length);
    expect(lastResults(AUD)).toMatchObject({ all: { ballots: 60 } });
    expect(lastResults(SCREENS)).toEqual(lastResults(AUD));

    // A small audience gets the moderators' pace.
    bus.sizes.set(AUD, 800);
    await tick(2_000);
    bus.sent = [];
    for (let i = 60; i < 100; i += 1) {
      await vote(hall(`p${i}`), poll.id, ['o2']);
      await tick(50);
    }
    await tick(2_000);
    expect(bus.of(AUD, 'poll:results').length).toBeGreaterThanOrEqual(7);

    await service.close(mod, { kind: 'poll', id: poll.id });
    bus.sent = [];
    await tick(30_000);
    for (const room of [AUD, SCREENS, MOD]) {
      await vi.waitFor(() => expect(lastResults(room)).toMatchObject({ final: true, all: { ballots: 100 } }));
    }
    // Final results are never volatile.
    expect(bus.sent.filter((s) => (s.payload as PollResults).final).every((s) => !s.volatile)).toBe(true);
  });

  it('tells the other nodes of its changes once per flush, sends theirs to its own sockets, and never echoes them', async () => {
    const poll = await openPoll();
    await tick(1_000);
    bus.signals = [];
    bus.sent = [];
    for (let i = 0; i < 20; i += 1) {
      await vote(hall(`p${i}`), poll.id, ['o1']);
      await tick(50);
    }
    await tick(1_000);
    const key = `poll:${poll.id}`;
    // 20 ballots over 1 s: one signal per first-tier flush, not one per ballot.
    expect(bus.signals.length).toBeGreaterThanOrEqual(3);
    expect(bus.signals.length).toBeLessThanOrEqual(6);
    expect(bus.signals.every((s) => s.key === key && !s.now)).toBe(true);
    expect(bus.of(MOD, 'poll:results')).toHaveLength(bus.signals.length);

    // Another node's ballot: sent here (read from the shared store), not signalled back.
    bus.signals = [];
    await store.castBallot({
      pollId: poll.id,
      voterId: 'elsewhere',
      mode: 'remote',
      clientId: 'client-elsewhere',
      choices: ['o2'],
      at: time.now(),
    });
    bus.fromPeer(key);
    await tick(1_000);
    expect(lastResults(MOD)?.all.ballots).toBe(21);
    expect(lastResults(AUD)?.all.ballots).toBe(21);
    expect(bus.signals).toEqual([]);
    // A signal for results this node has already sent (reliably, once settled): nothing goes out again.
    await tick(1_000);
    await vi.waitFor(() => expect(bus.to(AUD).at(-1)?.volatile).toBeUndefined());
    const sentBefore = bus.sent.length;
    bus.fromPeer(key);
    await tick(3_000);
    expect(bus.sent.length).toBe(sentBefore);
    bus.fromPeer('question:x');
    bus.fromPeer('poll:');
    await tick(1_000);
    expect(bus.signals).toEqual([]);

    // Final results: the other nodes are told to send them at once.
    await service.close(mod, { kind: 'poll', id: poll.id });
    await tick(30_000);
    await vi.waitFor(() => expect(bus.signals).toContainEqual({ key, now: true }));
  });

  it('answers a retried client id with the stored ballot, counting it once', async () => {
    const poll = await openPoll();
    const first = await vote(hall('alice'), poll.id, ['o1'], 'client-alice-1');
    const retried = await vote(hall('alice'), poll.id, ['o1'], 'client-alice-1');
    expect(retried).toEqual(first);
    await vote(hall('alice'), poll.id, ['o2'], 'client-alice-2');
    expect(await vote(hall('alice'), poll.id, ['o1'], 'client-alice-1')).toEqual({
      pollId: poll.id,
      clientId: 'client-alice-2',
      choices: ['o2'],
    });
    expect((await store.pollResults(poll.id))?.all).toEqual({ ballots: 1, counts: { o1: 0, o2: 1, o3: 0 } });
    expect((await service.snapshot(hall('alice'), 'plen')).myBallots).toEqual([
      { pollId: poll.id, clientId: 'client-alice-2', choices: ['o2'] },
    ]);
  });

  it('never sends hidden results to the audience room before the reveal', async () => {
    const poll = await openPoll({ ...choice, visibility: 'hidden' });
    for (let i = 0; i < 5; i += 1) await vote(hall(`p${i}`), poll.id, ['o2']);
    await tick(1_000);
    expect(bus.of(AUD, 'poll:results')).toEqual([]);
    expect(lastResults(MOD)?.all.ballots).toBe(5);
    expect((await service.snapshot(hall('p0'), 'plen')).pollResults).toEqual([]);
    expect((await service.snapshot(screen, 'plen')).pollResults).toEqual([]);
    expect((await service.moderationSnapshot(mod, 'plen')).pollResults).toHaveLength(1);

    expect(bus.of(SCREENS, 'poll:results')).toEqual([]);
    const revealed = await service.reveal(mod, { kind: 'poll', id: poll.id }, true);
    expect(revealed.revealed).toBe(true);
    await tick(0);
    // The reveal sends the results at once, no timer needed.
    expect(lastResults(AUD)?.all.ballots).toBe(5);
    expect(lastResults(SCREENS)?.all.ballots).toBe(5);
    expect((await service.snapshot(screen, 'plen')).pollResults).toHaveLength(1);

    await service.reveal(mod, { kind: 'poll', id: poll.id }, false);
    const before = bus.of(AUD, 'poll:results').length;
    await vote(hall('late'), poll.id, ['o1']);
    await tick(1_000);
    expect(bus.of(AUD, 'poll:results')).toHaveLength(before);
  });

  it('closes at once for the hall and after the stream delay for remote people, then sends final results', async () => {
    const poll = await openPoll();
    await vote(hall('alice'), poll.id, ['o1']);
    const closing = await service.close(mod, { kind: 'poll', id: poll.id });
    expect(closing).toMatchObject({ status: 'closing', remoteClosesAt: time.now() + 30_000 });
    expect(await errorCode(vote(hall('bob'), poll.id, ['o1']))).toBe('CLOSED');
    await tick(10_000);
    await vote(home('carol'), poll.id, ['o2']);
    await tick(1_000);
    expect(lastResults(AUD)).toMatchObject({ final: false, all: { ballots: 2 } });

    await tick(19_000);
    // The timer's finalize writes to disk (fsync) before it publishes.
    await vi.waitFor(() => expect(bus.of(AUD, 'poll:updated').at(-1)).toMatchObject({ status: 'closed' }));
    await vi.waitFor(() => expect(lastResults(AUD)?.final).toBe(true));
    expect(lastResults(AUD)).toMatchObject({ final: true, all: { ballots: 2, counts: { o1: 1, o2: 1 } } });
    expect(lastResults(MOD)).toMatchObject({ final: true });
    expect(await errorCode(vote(home('dan'), poll.id, ['o2']))).toBe('CLOSED');
  });

  it('finalizes a remote window left open by a previous run', async () => {
    const poll = await openPoll();
    await service.close(mod, { kind: 'poll', id: poll.id });
    service.stop();
    bus.sent = [];
    service = build();
    await service.start();
    await tick(30_000);
    await vi.waitFor(() => expect(lastResults(AUD)?.final).toBe(true));
    expect((await store.getPoll(poll.id))?.status).toBe('closed');
  });

  it('refuses votes the policy does not allow, and roles that do not vote', async () => {
    const poll = await service.createPoll(mod, { sessionId: 'work', draft: choice });
    await service.open(mod, { kind: 'poll', id: poll.id });
    expect(await errorCode(vote(home('remote'), poll.id, ['o1']))).toBe('POLICY_FORBIDS');
    await vote(hall('onsite'), poll.id, ['o1']);
    expect(await errorCode(vote(mod, poll.id, ['o1']))).toBe('FORBIDDEN');
    expect(await errorCode(vote(screen, poll.id, ['o1']))).toBe('FORBIDDEN');
    expect(await errorCode(vote(hall('x'), 'missing', ['o1']))).toBe('NOT_FOUND');
    expect(await errorCode(vote(hall('x'), poll.id, ['o9']))).toBe('INVALID_PAYLOAD');
  });

  it('lets only the moderators of the session create, open, close, reveal and hide', async () => {
    const poll = await openPoll();
    const elsewhere = principal('moderator', 'mod2', { sessionIds: ['work'] });
    const otherEdition = principal('moderator', 'mod3', { editionId: 'other' });
    expect(await errorCode(service.createPoll(hall('alice'), { sessionId: 'plen', draft: choice }))).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(service.createPoll(elsewhere, { sessionId: 'plen', draft: choice }))).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(service.createPoll(otherEdition, { sessionId: 'plen', draft: choice }))).toBe(
      'NOT_FOUND',
    );
    expect(await errorCode(service.close(hall('alice'), { kind: 'poll', id: poll.id }))).toBe('FORBIDDEN');
    expect(await errorCode(service.close(screen, { kind: 'poll', id: poll.id }))).toBe('FORBIDDEN');
    expect(await errorCode(service.close(elsewhere, { kind: 'poll', id: poll.id }))).toBe('FORBIDDEN');
    expect(await errorCode(service.reveal(hall('alice'), { kind: 'poll', id: poll.id }, true))).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(service.moderationSnapshot(hall('alice'), 'plen'))).toBe('FORBIDDEN');
    expect(
      await errorCode(
        service.show(hall('alice'), { sessionId: 'plen', item: { kind: 'poll', id: poll.id, split: false } }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await errorCode(service.setDelay(hall('alice'), { sessionId: 'plen', remoteDelaySeconds: 5 })),
    ).toBe('FORBIDDEN');
  });

  it('refuses to edit a poll once it has a ballot', async () => {
    const poll = await openPoll();
    const edited = await service.updatePoll(mod, {
      pollId: poll.id,
      draft: { ...choice, options: ['Oui', 'Non'] },
    });
    expect(edited.options).toEqual([
      { id: 'o1', label: 'Oui' },
      { id: 'o2', label: 'Non' },
    ]);
    await vote(hall('alice'), poll.id, ['o1']);
    expect(await errorCode(service.updatePoll(mod, { pollId: poll.id, draft: choice }))).toBe('CONFLICT');
  });

  it('builds a rating poll whose options are the values of the scale', async () => {
    const poll = await openPoll({
      question: 'Utile ?',
      kind: 'rating',
      options: [],
      maxChoices: 1,
      scale: { min: 1, max: 5, minLabel: 'pas du tout', maxLabel: 'tout à fait' },
      visibility: 'live',
    });
    expect(poll.options.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5']);
    await vote(hall('alice'), poll.id, ['4']);
    expect((await store.pollResults(poll.id))?.all.counts['4']).toBe(1);
  });

  it('groups words, holds back blocked ones and hides a word from the audience at once', async () => {
    const cloud = await openCloud();
    await send(hall('a'), cloud.id, 'Coopération');
    await send(home('b'), cloud.id, 'coopérations !');
    await send(hall('c'), cloud.id, '« coopération »');
    await send(hall('d'), cloud.id, 'Connard');
    await send(hall('e'), cloud.id, 'confiance');
    await tick(1_000);
    const audience = bus.of(AUD, 'cloud:results').at(-1) as CloudResults;
    expect(audience.words).toEqual([
      // Three spellings once each: the first seen is shown.
      { key: 'cooperation', text: 'Coopération', count: 3, onsite: 2, remote: 1 },
      { key: 'confiance', text: 'confiance', count: 1, onsite: 1, remote: 0 },
    ]);
    const moderators = bus.of(MOD, 'cloud:moderation').at(-1) as ModCloudResults;
    expect(moderators.words.find((w) => w.key === 'connard')).toMatchObject({ hidden: true, blocked: true });

    const before = bus.of(AUD, 'cloud:results').length;
    await service.hideWord(mod, { cloudId: cloud.id, key: 'confiance', hidden: true });
    await tick(0);
    expect(bus.of(AUD, 'cloud:results')).toHaveLength(before + 1);
    expect((bus.of(AUD, 'cloud:results').at(-1) as CloudResults).words.map((w) => w.key)).toEqual([
      'cooperation',
    ]);
    await send(hall('f'), cloud.id, 'Confiance');
    await tick(1_000);
    expect((bus.of(AUD, 'cloud:results').at(-1) as CloudResults).words.map((w) => w.key)).toEqual([
      'cooperation',
    ]);
    await service.hideWord(mod, { cloudId: cloud.id, key: 'connard', hidden: false });
    await tick(0);
    expect((bus.of(AUD, 'cloud:results').at(-1) as CloudResults).words.map((w) => w.key)).toContain(
      'connard',
    );
    expect(await errorCode(send(hall('g'), cloud.id, ' … '))).toBe('INVALID_PAYLOAD');
    expect(await errorCode(service.hideWord(hall('a'), { cloudId: cloud.id, key: 'x', hidden: true }))).toBe(
      'FORBIDDEN',
    );
  });

  it('limits words per participant and answers a re-sent word with the same word', async () => {
    const cloud = await openCloud();
    const first = await send(hall('a'), cloud.id, 'écoute', 'client-word-1');
    expect(await send(hall('a'), cloud.id, 'écoute', 'client-word-1')).toEqual(first);
    await send(hall('a'), cloud.id, 'respect');
    await send(hall('a'), cloud.id, 'confiance');
    expect(await errorCode(send(hall('a'), cloud.id, 'partage'))).toBe('LIMIT_REACHED');
    expect((await service.snapshot(hall('a'), 'plen')).myWords.map((w) => w.key)).toEqual([
      'ecoute',
      'respect',
      'confiance',
    ]);
  });

  it('shows one thing on the projector: a poll replaces the question and the reverse', async () => {
    const asked = await questions.ask(hall('alice'), {
      sessionId: 'plen',
      clientId: cid(),
      text: 'Une question ?',
      anonymous: false,
    });
    await questions.show(mod, { sessionId: 'plen', questionId: asked.id });
    expect(bus.of(AUD, 'screen:changed').at(-1)).toEqual({
      sessionId: 'plen',
      screen: { kind: 'question', id: asked.id },
    });
    const poll = await openPoll();
    const shown = await service.show(mod, {
      sessionId: 'plen',
      item: { kind: 'poll', id: poll.id, split: false },
    });
    expect(shown).toEqual({ sessionId: 'plen', screen: { kind: 'poll', id: poll.id, split: false } });
    expect(bus.of(AUD, 'screen:changed').at(-1)).toEqual(shown);
    expect(bus.of(MOD, 'screen:changed').at(-1)).toEqual(shown);
    // The Q&A views learn that the question left the screen, with the next sequence number.
    expect(bus.of(AUD, 'qa:audience').at(-1)).toMatchObject({ onScreen: null });
    expect(bus.of(MOD, 'qa:moderation').at(-1)).toMatchObject({ onScreenId: null });
    expect((await service.snapshot(screen, 'plen')).screen).toEqual({
      kind: 'poll',
      id: poll.id,
      split: false,
    });

    // The moderator splits the poll on screen between hall and remote: only that changes.
    const split = await service.show(mod, {
      sessionId: 'plen',
      item: { kind: 'poll', id: poll.id, split: true },
    });
    expect(split.screen).toEqual({ kind: 'poll', id: poll.id, split: true });
    expect(bus.of(AUD, 'screen:changed').at(-1)).toEqual(split);
    expect(bus.of(MOD, 'screen:changed').at(-1)).toEqual(split);
    expect((await service.snapshot(screen, 'plen')).screen).toEqual(split.screen);

    await service.show(mod, { sessionId: 'plen', item: { kind: 'question', id: asked.id } });
    expect(bus.of(AUD, 'screen:changed').at(-1)).toEqual({
      sessionId: 'plen',
      screen: { kind: 'question', id: asked.id },
    });
    await questions.moderate(mod, { questionId: asked.id, action: 'answer' });
    expect(bus.of(AUD, 'screen:changed').at(-1)).toEqual({ sessionId: 'plen', screen: null });
    const draft = await service.createCloud(mod, {
      sessionId: 'plen',
      draft: { prompt: 'Un mot', maxWordsPerParticipant: 3, maxLength: 30, visibility: 'live' },
    });
    expect(
      await errorCode(service.show(mod, { sessionId: 'plen', item: { kind: 'cloud', id: draft.id } })),
    ).toBe('CONFLICT');
  });

  it('changes the stream delay for the next close and tells every room', async () => {
    const session = await service.setDelay(mod, { sessionId: 'plen', remoteDelaySeconds: 0 });
    expect(session.remoteDelaySeconds).toBe(0);
    expect(bus.of(AUD, 'session:updated')).toHaveLength(1);
    expect(bus.of(MOD, 'session:updated')).toHaveLength(1);
    const poll = await openPoll();
    const closed = await service.close(mod, { kind: 'poll', id: poll.id });
    expect(closed.status).toBe('closed');
    await tick(0);
    expect(lastResults(AUD)?.final).toBe(true);
  });

  it('reports connected participants to moderators, coalesced', async () => {
    presence = { onsite: 3, remote: 2 };
    expect((await service.moderationSnapshot(mod, 'plen')).connected).toEqual({ onsite: 3, remote: 2 });
    for (let i = 0; i < 10; i += 1) service.presenceChanged('plen');
    await tick(0);
    expect(bus.of(MOD, 'presence:counts')).toEqual([{ sessionId: 'plen', onsite: 3, remote: 2 }]);
    expect(bus.of(AUD, 'presence:counts')).toEqual([]);
  });
});
