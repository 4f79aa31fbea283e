import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AudienceDelta, LiveState } from '@agora/shared';
import { EmbeddedStore } from '../../store/memory/embedded-store.ts';
import { FakeScheduler } from '../../../../tests/support/fake-scheduler.ts';
import type { Principal } from '../identity/principal.ts';
import { rooms } from '../rooms.ts';
import {
  errorCode,
  openSeededStore,
  principal,
  RecordingBroadcaster,
  testEdition,
  testSession,
} from '../../../../tests/support/service-fixtures.ts';
import { LiveSessionService } from '../live/live-session.service.ts';
import { GAP_WAIT_MS, QA_TOPIC, QaFanout } from './qa-fanout.ts';
import { QuestionsService } from './questions.service.ts';

const fakeClock = {
  t: 1_000,
  now() {
    return (this.t += 1);
  },
};

const participant = (id: string, attendance: 'onsite' | 'remote' = 'onsite', editionId = 'ed'): Principal =>
  principal('participant', id, { name: `Name ${id}`, attendance, editionId });
const moderator = principal('moderator', 'mod', { name: 'Mod' });
const projector = principal('projector', 'screen', { name: 'Screen', room: 'Amphi' });

describe('questions service', () => {
  let dir: string;
  let store: EmbeddedStore;
  let bus: RecordingBroadcaster;
  let service: QuestionsService;
  let qa: QaFanout;
  let live: LiveSessionService;
  let time: FakeScheduler;
  let n = 0;
  const audience = (sessionId = 'plen') =>
    bus.of(rooms.audience(sessionId), 'qa:audience') as AudienceDelta[];
  /** Lets the audience coalescer send what it holds (its flushes read no store: no await needed). */
  const settle = () => time.advance(1_000);
  /** What a join would hand the caller of the session's questions. */
  const audienceSnapshot = async (who: Principal, sessionId = 'plen') =>
    service.audienceQa(who, sessionId, await store.questions.getLive(sessionId));
  const show = (questionId: string | null, sessionId = 'plen') =>
    live.show(moderator, { sessionId, item: questionId ? { kind: 'question', id: questionId } : null });
  const ask = (who: Principal, text = 'Une question ?', sessionId = 'plen', anonymous = false) =>
    service.ask(who, { sessionId, clientId: `client-${(n += 1)}-xyz`, text, anonymous });

  beforeEach(async () => {
    ({ dir, store } = await openSeededStore('agora-svc-'));
    await store.program.putEdition(testEdition('other', 'Other'));
    await store.program.putSession(testSession('elsewhere', 'Autre', 'plenary', { editionId: 'other' }));
    bus = new RecordingBroadcaster();
    time = new FakeScheduler();
    qa = new QaFanout(bus, time, 250);
    live = new LiveSessionService({ store, bus, clock: fakeClock, qa });
    service = new QuestionsService({ store, clock: fakeClock, qa, live });
  });

  afterEach(async () => {
    qa.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a new question to moderators in full but only the queue size to the audience', async () => {
    const mine = await ask(participant('p1'), 'Quelle place pour les familles ?');
    expect(mine.status).toBe('pending');
    settle();
    const [delta] = audience();
    expect(delta).toMatchObject({ fromSeq: 0, seq: 1, upsert: [], pendingCount: 1 });
    expect(JSON.stringify(delta)).not.toContain('familles');
    expect(bus.to(rooms.moderation('plen'))[0]?.payload).toMatchObject({
      seq: 1,
      upsert: [{ text: 'Quelle place pour les familles ?' }],
    });
    expect(bus.to(rooms.participant('p1'))[0]).toMatchObject({ event: 'question:mine' });
  });

  it('shows an approved question to the audience and hides the name of an anonymous author', async () => {
    const q = await ask(participant('p1'), 'Question anonyme ?', 'plen', true);
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    settle();
    const delta = audience().at(-1);
    expect(delta).toMatchObject({
      seq: 2,
      upsert: [{ id: q.id, authorName: null, authorMode: 'onsite' }],
      pendingCount: 0,
    });
    const snapshot = await audienceSnapshot(participant('p2'), 'plen');
    expect(snapshot.questions).toHaveLength(1);
    expect(snapshot.questions[0]?.authorName).toBeNull();
  });

  it('removes a rejected question from the audience and tells its author', async () => {
    const q = await ask(participant('p1'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    await service.moderate(moderator, { questionId: q.id, action: 'reject' });
    settle();
    expect(audience().at(-1)).toMatchObject({ remove: [q.id] });
    expect(bus.to(rooms.participant('p1')).at(-1)?.payload).toMatchObject({ status: 'rejected' });
    const mine = await audienceSnapshot(participant('p1'), 'plen');
    expect(mine.mine.map((m) => m.status)).toEqual(['rejected']);
  });

  it('refuses a remote participant’s question in a workshop, and lets an on-site one ask', async () => {
    expect(await errorCode(ask(participant('far', 'remote'), 'Je suis loin ?', 'work'))).toBe(
      'POLICY_FORBIDS',
    );
    await expect(ask(participant('near', 'onsite'), 'Je suis là ?', 'work')).resolves.toMatchObject({
      status: 'pending',
    });
    expect(bus.to(rooms.moderation('work'))).toHaveLength(1);
  });

  it('lets the moderator open a workshop to remote questions', async () => {
    await live.setPolicy(moderator, {
      sessionId: 'work',
      policy: { ask: 'everyone', upvote: 'everyone', vote: 'everyone' },
    });
    await expect(ask(participant('far', 'remote'), 'Et maintenant ?', 'work')).resolves.toBeTruthy();
    expect(bus.to(rooms.audience('work')).some((s) => s.event === 'live:state')).toBe(true);
  });

  it('refuses moderation to participants and projectors, and asking to moderators and projectors', async () => {
    const q = await ask(participant('p1'));
    expect(
      await errorCode(service.moderate(participant('p2'), { questionId: q.id, action: 'approve' })),
    ).toBe('FORBIDDEN');
    expect(await errorCode(service.moderate(projector, { questionId: q.id, action: 'approve' }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await errorCode(
        live.show(participant('p2'), { sessionId: 'plen', item: { kind: 'question', id: q.id } }),
      ),
    ).toBe('FORBIDDEN');
    expect(await errorCode(ask(moderator))).toBe('FORBIDDEN');
    expect(await errorCode(ask(projector))).toBe('FORBIDDEN');
  });

  it('refuses a moderator who only moderates another session', async () => {
    const q = await ask(participant('p1'));
    const scoped: Principal = { ...moderator, id: 'scoped', sessionIds: ['work'] };
    expect(await errorCode(service.moderate(scoped, { questionId: q.id, action: 'approve' }))).toBe(
      'FORBIDDEN',
    );
  });

  it('reports another edition’s session as missing', async () => {
    expect(await errorCode(ask(participant('p1'), 'Ailleurs ?', 'elsewhere'))).toBe('NOT_FOUND');
  });

  it('answers a retried question with the original and publishes nothing more', async () => {
    const input = { sessionId: 'plen', clientId: 'retry-me-123', text: 'Une seule fois ?', anonymous: false };
    const first = await service.ask(participant('p1'), input);
    const published = bus.sent.length;
    const again = await service.ask(participant('p1'), input);
    expect(again.id).toBe(first.id);
    expect(bus.sent.length).toBe(published);
  });

  it('counts upvotes once per participant and refuses them where the policy forbids', async () => {
    const q = await ask(participant('p1'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    await service.upvote(participant('p2'), { questionId: q.id, up: true });
    const twice = await service.upvote(participant('p2'), { questionId: q.id, up: true });
    expect(twice).toEqual({ questionId: q.id, votes: 1, upvoted: true });
    const w = await ask(participant('near'), 'En atelier ?', 'work');
    await service.moderate(moderator, { questionId: w.id, action: 'approve' });
    expect(
      await errorCode(service.upvote(participant('far', 'remote'), { questionId: w.id, up: true })),
    ).toBe('POLICY_FORBIDS');
    expect(await errorCode(service.upvote(projector, { questionId: w.id, up: true }))).toBe('FORBIDDEN');
  });

  it('puts a question on screen for the projector and clears it', async () => {
    const q = await ask(participant('p1'), 'À l’écran ?');
    await show(q.id);
    // No timer runs: the projector gets the question the screen change approved at once, with the
    // ask held back before it, then the live state that names it.
    expect(audience()).toMatchObject([{ fromSeq: 0, seq: 2, upsert: [{ id: q.id, status: 'approved' }] }]);
    expect(bus.of(rooms.audience('plen'), 'live:state').at(-1)).toMatchObject({
      screen: { kind: 'question', id: q.id },
    });
    const projectorView = await audienceSnapshot(projector, 'plen');
    expect(projectorView.questions.find((p) => p.id === q.id)?.text).toBe('À l’écran ?');
    await show(null);
    expect((bus.of(rooms.audience('plen'), 'live:state').at(-1) as LiveState).screen).toBeNull();
    // Only the screen moved: the sequence too, sent with the next delta, not at once.
    expect(audience()).toHaveLength(1);
    settle();
    expect(audience().at(-1)).toMatchObject({ fromSeq: 2, seq: 3, upsert: [], remove: [] });
  });

  it('merges duplicates and returns the target with the united votes', async () => {
    const a = await ask(participant('p1'), 'Doublon A ?');
    const b = await ask(participant('p2'), 'Doublon B ?');
    for (const q of [a, b]) await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    await service.upvote(participant('p3'), { questionId: a.id, up: true });
    await service.upvote(participant('p3'), { questionId: b.id, up: true });
    await service.upvote(participant('p4'), { questionId: b.id, up: true });
    const target = await service.merge(moderator, { sourceId: b.id, targetId: a.id });
    expect(target).toMatchObject({ id: a.id, votes: 2, merged: [b.id] });
    settle();
    expect(audience().at(-1)).toMatchObject({ remove: [b.id], upsert: [{ id: a.id, votes: 2 }] });
  });

  it('numbers the moderators’ deltas one by one and covers every seq in the audience’s', async () => {
    const q = await ask(participant('p1'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    settle();
    await service.upvote(participant('p2'), { questionId: q.id, up: true });
    await service.edit(moderator, { questionId: q.id, text: 'Texte corrigé ?' });
    await show(q.id);
    const seqs = bus.of(rooms.moderation('plen'), 'qa:moderation').map((d) => (d as { seq: number }).seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    const ranges = audience().map((d) => [d.fromSeq, d.seq]);
    // The ask and the approval in one delta, then the upvote and the edit sent with the screen change.
    expect(ranges).toEqual([
      [0, 2],
      [2, 5],
    ]);
    expect((await service.moderationQa('plen', await store.questions.getLive('plen'))).seq).toBe(5);
  });

  it('tells the author of an upvote withdrawn from a question the audience no longer sees', async () => {
    const q = await ask(participant('author'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    await service.upvote(participant('v1'), { questionId: q.id, up: true });
    await service.moderate(moderator, { questionId: q.id, action: 'reject' });
    const mineBefore = bus.of(rooms.participant('author'), 'question:mine').length;
    await service.upvote(participant('v1'), { questionId: q.id, up: false });
    expect(bus.of(rooms.participant('author'), 'question:mine').slice(mineBefore)).toMatchObject([
      { id: q.id, status: 'rejected', votes: 0 },
    ]);
  });

  it('coalesces an upvote storm into a few audience deltas; moderators hear at once, the author with the audience', async () => {
    const q = await ask(participant('author'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    settle();
    const before = audience().length;
    const modBefore = bus.of(rooms.moderation('plen'), 'qa:moderation').length;
    const mineBefore = bus.of(rooms.participant('author'), 'question:mine').length;
    for (let i = 0; i < 40; i += 1) {
      const ack = await service.upvote(participant(`v${i}`), { questionId: q.id, up: true });
      expect(ack).toEqual({ questionId: q.id, votes: i + 1, upvoted: true });
      time.advance(10);
    }
    expect(bus.of(rooms.moderation('plen'), 'qa:moderation')).toHaveLength(modBefore + 40);
    // Not one message per upvote to the author of a popular question (10,000 upvotes: 10,000
    // renders on one phone): their question's votes come with the audience's deltas.
    expect(bus.of(rooms.participant('author'), 'question:mine')).toHaveLength(mineBefore);
    settle();
    const storm = audience().slice(before);
    // 40 upvotes over 400 ms: the first goes out at once, then at most one delta per 250 ms.
    expect(storm.length).toBeGreaterThanOrEqual(2);
    expect(storm.length).toBeLessThanOrEqual(3);
    let last = 2;
    for (const d of storm) {
      expect(d.fromSeq).toBe(last);
      last = d.seq;
    }
    expect(last).toBe(42);
    expect(storm.at(-1)?.upsert).toEqual([expect.objectContaining({ id: q.id, votes: 40 })]);
  });

  it('paces the audience deltas by the size of the audience room, a question put on screen still at once', async () => {
    const q = await ask(participant('author'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    settle();
    bus.sizes.set(rooms.audience('plen'), 10_000);
    const before = audience().length;
    // 100 upvotes over 3 s to 10,000 sockets: one delta per second at most.
    for (let i = 0; i < 100; i += 1) {
      await service.upvote(participant(`v${i}`), { questionId: q.id, up: true });
      time.advance(30);
    }
    settle();
    const storm = audience().slice(before);
    expect(storm.length).toBeGreaterThanOrEqual(3);
    expect(storm.length).toBeLessThanOrEqual(4);
    expect(storm.at(-1)?.upsert).toEqual([expect.objectContaining({ id: q.id, votes: 100 })]);

    await service.upvote(participant('late'), { questionId: q.id, up: true });
    await show(q.id);
    // Without the timer: the screen change sends the pending run at once.
    expect(audience().at(-1)).toMatchObject({ upsert: [{ id: q.id, votes: 101 }] });
  });

  it('reads the questions once per sequence number for the audience snapshots, again after any change', async () => {
    const q = await ask(participant('author'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    const reads = vi.spyOn(store.questions, 'listQuestions');
    const first = await audienceSnapshot(participant('p1'), 'plen');
    const second = await audienceSnapshot(participant('author'), 'plen');
    expect(reads).toHaveBeenCalledTimes(1);
    expect(second.questions).toEqual(first.questions);
    expect(second.mine.map((m) => m.id)).toEqual([q.id]);
    await service.upvote(participant('p1'), { questionId: q.id, up: true });
    const after = await audienceSnapshot(participant('p1'), 'plen');
    expect(reads).toHaveBeenCalledTimes(2);
    expect(after.seq).toBe(first.seq + 1);
    expect(after.questions).toEqual([expect.objectContaining({ id: q.id, votes: 1 })]);
    expect(after.myUpvotes).toEqual([q.id]);
  });

  it('shares one frozen list between snapshots until a question changes, whatever else changes', async () => {
    const q1 = await ask(participant('a1'));
    const q2 = await ask(participant('a2'));
    await service.moderate(moderator, { questionId: q1.id, action: 'approve' });
    const reads = vi.spyOn(store.questions, 'listQuestions');
    const snapshot = (who = 'p1') => audienceSnapshot(participant(who), 'plen');
    const first = await snapshot();
    expect((await snapshot('p2')).questions).toBe(first.questions);
    expect(Object.isFrozen(first.questions) && Object.isFrozen(first.questions[0])).toBe(true);
    expect(() => (first.questions as unknown as { votes: number }[])[0]!.votes++).toThrow(TypeError);

    // Ballots do not touch questions: the list stays.
    await store.interactions.createPoll({
      id: 'p',
      sessionId: 'plen',
      definition: {
        question: 'Q ?',
        pollKind: 'single',
        options: [{ id: 'a', label: 'A' }],
        maxChoices: 1,
        scale: null,
        visibility: 'live',
      },
      at: 10,
    });
    await store.interactions.openInteraction({ kind: 'poll', id: 'p' }, 11);
    await store.interactions.castBallot({
      pollId: 'p',
      voterId: 'p1',
      mode: 'remote',
      clientId: 'ballot-1-abc',
      choices: ['a'],
      at: 12,
    });
    expect((await snapshot()).questions).toBe(first.questions);
    expect(reads).toHaveBeenCalledTimes(1);

    // A moderation, an upvote, a new question: a new list that shows it.
    await service.moderate(moderator, { questionId: q2.id, action: 'approve' });
    const approved = await snapshot();
    expect(approved.questions).not.toBe(first.questions);
    expect(approved.questions.map((q) => q.id).sort()).toEqual([q1.id, q2.id].sort());
    await service.upvote(participant('p3'), { questionId: q1.id, up: true });
    expect((await snapshot()).questions.find((q) => q.id === q1.id)?.votes).toBe(1);
    const q3 = await ask(participant('a3'));
    const withNew = await snapshot('a3');
    expect(withNew.pendingCount).toBe(1);
    expect(withNew.mine.map((m) => m.id)).toEqual([q3.id]);
    expect(reads).toHaveBeenCalledTimes(4);
  });

  it('sends each question once per delta, as it is at the end of the range', async () => {
    const shown = await ask(participant('p1'), 'Montrée puis rejetée ?');
    const kept = await ask(participant('p2'), 'Gardée ?');
    await service.moderate(moderator, { questionId: shown.id, action: 'approve' });
    await service.moderate(moderator, { questionId: kept.id, action: 'approve' });
    await service.upvote(participant('p3'), { questionId: kept.id, up: true });
    await service.moderate(moderator, { questionId: shown.id, action: 'reject' });
    settle();
    const deltas = audience();
    expect(deltas.map((d) => [d.fromSeq, d.seq])).toEqual([[0, 6]]);
    const [merged] = deltas;
    expect(merged?.upsert).toEqual([expect.objectContaining({ id: kept.id, votes: 1 })]);
    expect(merged?.remove).toEqual([shown.id]);
    expect(merged?.pendingCount).toBe(0);
  });

  /**
   * An approved question of p1 with its deltas sent (the session at seq 2); `change(seq, votes)`:
   * a change of it as another node (or this one, past the others) would make it.
   */
  async function approvedAtSeq2() {
    const q = await ask(participant('p1'));
    settle();
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    settle();
    const record = (await store.questions.getQuestion(q.id))!;
    const live = await store.questions.getLive('plen');
    const change = (seq: number, votes: number) => ({
      sessionId: 'plen',
      seq,
      changed: [{ ...record, votes }],
      live: { ...live, seq },
      onScreen: null,
      screenChanged: false,
    });
    return { sent: audience().length, change };
  }

  it('holds a change beyond its run until another node’s change between arrives, then sends both as one', async () => {
    const { sent, change } = await approvedAtSeq2();
    // This node's change 4 comes before another node's 3 reaches it: the phones get nothing meanwhile.
    qa.publish(change(4, 7));
    time.advance(GAP_WAIT_MS / 2);
    expect(audience().slice(sent)).toEqual([]);
    bus.fromPeerShared(QA_TOPIC, { change: change(3, 6), now: false, votesOnly: false });
    settle();
    expect(audience().slice(sent)).toMatchObject([{ fromSeq: 2, seq: 4, upsert: [{ votes: 7 }] }]);
  });

  it('goes on past another node’s change that never comes, after GAP_WAIT_MS (the phones resync)', async () => {
    const { sent, change } = await approvedAtSeq2();
    qa.publish(change(4, 7));
    time.advance(GAP_WAIT_MS - 1);
    expect(audience().slice(sent)).toEqual([]);
    time.advance(1);
    expect(audience().slice(sent)).toMatchObject([{ fromSeq: 3, seq: 4, upsert: [{ votes: 7 }] }]);
  });

  it('sends what it holds back when it stops', async () => {
    await ask(participant('p1'));
    expect(audience()).toHaveLength(0);
    qa.stop();
    expect(audience()).toMatchObject([{ fromSeq: 0, seq: 1, pendingCount: 1 }]);
    expect(time.pendingCount).toBe(0);
  });
});
