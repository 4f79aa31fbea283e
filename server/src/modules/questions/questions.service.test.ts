import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../store/memory/embedded-store.ts';
import type { Principal } from '../identity/principal.ts';
import { rooms } from '../rooms.ts';
import {
  errorCode,
  openSeededStore,
  principal,
  RecordingBroadcaster,
  testEdition,
  testSession,
} from '../test-fixtures.ts';
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
  let n = 0;
  const ask = (who: Principal, text = 'Une question ?', sessionId = 'plen', anonymous = false) =>
    service.ask(who, { sessionId, clientId: `client-${(n += 1)}-xyz`, text, anonymous });

  beforeEach(async () => {
    ({ dir, store } = await openSeededStore('agora-svc-'));
    await store.putEdition(testEdition('other', 'Other'));
    await store.putSession(testSession('elsewhere', 'Autre', 'plenary', { editionId: 'other' }));
    bus = new RecordingBroadcaster();
    service = new QuestionsService(store, bus, fakeClock);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a new question to moderators in full but only the queue size to the audience', async () => {
    const mine = await ask(participant('p1'), 'Quelle place pour les familles ?');
    expect(mine.status).toBe('pending');
    const [audience] = bus.to(rooms.audience('plen'));
    expect(audience?.payload).toMatchObject({ seq: 1, upsert: [], pendingCount: 1 });
    expect(JSON.stringify(audience?.payload)).not.toContain('familles');
    expect(bus.to(rooms.moderation('plen'))[0]?.payload).toMatchObject({
      seq: 1,
      upsert: [{ text: 'Quelle place pour les familles ?' }],
    });
    expect(bus.to(rooms.participant('p1'))[0]).toMatchObject({ event: 'question:mine' });
  });

  it('shows an approved question to the audience and hides the name of an anonymous author', async () => {
    const q = await ask(participant('p1'), 'Question anonyme ?', 'plen', true);
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    const delta = bus.to(rooms.audience('plen')).at(-1)?.payload;
    expect(delta).toMatchObject({
      seq: 2,
      upsert: [{ id: q.id, authorName: null, authorMode: 'onsite' }],
      pendingCount: 0,
    });
    const snapshot = await service.audienceSnapshot(participant('p2'), 'plen');
    expect(snapshot.questions).toHaveLength(1);
    expect(snapshot.questions[0]?.authorName).toBeNull();
  });

  it('removes a rejected question from the audience and tells its author', async () => {
    const q = await ask(participant('p1'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    await service.moderate(moderator, { questionId: q.id, action: 'reject' });
    expect(bus.to(rooms.audience('plen')).at(-1)?.payload).toMatchObject({ remove: [q.id] });
    expect(bus.to(rooms.participant('p1')).at(-1)?.payload).toMatchObject({ status: 'rejected' });
    const mine = await service.audienceSnapshot(participant('p1'), 'plen');
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
    await service.setPolicy(moderator, {
      sessionId: 'work',
      policy: { ask: 'everyone', upvote: 'everyone', vote: 'everyone' },
    });
    await expect(ask(participant('far', 'remote'), 'Et maintenant ?', 'work')).resolves.toBeTruthy();
    expect(bus.to(rooms.audience('work')).some((s) => s.event === 'session:updated')).toBe(true);
  });

  it('refuses moderation to participants and projectors, and asking to moderators and projectors', async () => {
    const q = await ask(participant('p1'));
    expect(
      await errorCode(service.moderate(participant('p2'), { questionId: q.id, action: 'approve' })),
    ).toBe('FORBIDDEN');
    expect(await errorCode(service.moderate(projector, { questionId: q.id, action: 'approve' }))).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(service.show(participant('p2'), { sessionId: 'plen', questionId: q.id }))).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(ask(moderator))).toBe('FORBIDDEN');
    expect(await errorCode(ask(projector))).toBe('FORBIDDEN');
    expect(await errorCode(service.moderationSnapshot(participant('p1'), 'plen'))).toBe('FORBIDDEN');
  });

  it('refuses a moderator who only moderates another session', async () => {
    const q = await ask(participant('p1'));
    const scoped: Principal = { ...moderator, id: 'scoped', sessionIds: ['work'] };
    expect(await errorCode(service.moderate(scoped, { questionId: q.id, action: 'approve' }))).toBe(
      'FORBIDDEN',
    );
  });

  it('reports another edition’s session as missing', async () => {
    expect(await errorCode(service.audienceSnapshot(participant('p1'), 'elsewhere'))).toBe('NOT_FOUND');
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
    await service.show(moderator, { sessionId: 'plen', questionId: q.id });
    expect(bus.to(rooms.audience('plen')).at(-1)?.payload).toMatchObject({
      onScreen: { id: q.id, status: 'approved' },
    });
    const projectorView = await service.audienceSnapshot(projector, 'plen');
    expect(projectorView.onScreen?.text).toBe('À l’écran ?');
    await service.show(moderator, { sessionId: 'plen', questionId: null });
    expect(bus.to(rooms.audience('plen')).at(-1)?.payload).toMatchObject({ onScreen: null });
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
    expect(bus.to(rooms.audience('plen')).at(-1)?.payload).toMatchObject({ remove: [b.id] });
  });

  it('numbers the broadcasts of a session without gaps', async () => {
    const q = await ask(participant('p1'));
    await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    await service.upvote(participant('p2'), { questionId: q.id, up: true });
    await service.edit(moderator, { questionId: q.id, text: 'Texte corrigé ?' });
    await service.show(moderator, { sessionId: 'plen', questionId: q.id });
    const seqOf = (room: string, event: string) =>
      bus
        .to(room)
        .filter((s) => s.event === event)
        .map((s) => (s.payload as { seq: number }).seq);
    const seqs = seqOf(rooms.moderation('plen'), 'qa:moderation');
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect(seqOf(rooms.audience('plen'), 'qa:audience')).toEqual(seqs);
    expect((await service.moderationSnapshot(moderator, 'plen')).seq).toBe(5);
  });
});
