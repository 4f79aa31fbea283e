import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttendanceMark } from '../attendance/attendance.store.ts';
import { defaultPolicy } from '@agora/shared';
import { EmbeddedStore } from '../../store/memory/embedded-store.ts';
import { rooms } from '../rooms.ts';
import { RecordingBroadcaster } from '../../../../tests/support/service-fixtures.ts';
import { PrivacyService, replayEndsAt } from './privacy.service.ts';

const edition = {
  id: 'ed',
  slug: 'assises',
  name: 'Assises',
  startDate: '2026-06-24',
  endDate: '2026-06-25',
  venue: 'Nantes',
  timeZone: 'Europe/Paris',
  replayUntil: '2027-03-25',
};

const attended: AttendanceMark = {
  editionId: 'ed',
  sessionId: 's',
  participantId: 'r1',
  mode: 'live',
  minutes: [0],
};

describe('privacy: purge after the replay window, erasure, go-live', () => {
  let dir: string;
  let store: EmbeddedStore;
  let bus: RecordingBroadcaster;
  const clock = { t: 0, now: () => clock.t };

  beforeEach(async () => {
    bus = new RecordingBroadcaster();
    dir = mkdtempSync(join(tmpdir(), 'agora-purge-'));
    store = await EmbeddedStore.open({ dataDir: dir });
    await store.program.putEdition(edition);
    await store.program.putSession({
      id: 's',
      editionId: 'ed',
      title: 'Ouverture',
      description: '',
      startsAt: 0,
      endsAt: 1,
      room: 'Amphi',
      kind: 'plenary',
      speakers: [],
      policy: defaultPolicy('plenary'),
      remoteDelaySeconds: 0,
      streamUrl: null,
      replayUrl: null,
    });
    await store.organizer.upsertRegistrants('ed', [
      {
        id: 'r1',
        editionId: 'ed',
        name: 'Léa Moreau',
        email: 'lea@example.org',
        organisation: 'X',
        attendance: 'onsite',
      },
    ]);
    await store.identity.putModerator({ id: 'm1', editionId: 'ed', name: 'Nadia', sessionIds: null });
    await store.identity.putCode({
      hash: 'h1',
      role: 'participant',
      principalId: 'r1',
      editionId: 'ed',
      revoked: false,
    });
    await store.questions.askQuestion({
      id: 'q1',
      sessionId: 's',
      authorId: 'r1',
      clientId: 'client-q1-xx',
      text: 'Une question ?',
      anonymous: false,
      authorName: 'Léa Moreau',
      authorMode: 'onsite',
      at: 1,
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends at the midnight closing the last replay day, in the edition’s time zone', () => {
    // 26 March 2027 00:00 in Paris (UTC+1 before the change to summer time on the 28th).
    expect(replayEndsAt(edition)).toBe(Date.UTC(2027, 2, 25, 23));
  });

  it('keeps everything until the window ends, then erases people and keeps the aggregates', async () => {
    const privacy = new PrivacyService(store, clock, bus);
    await store.attendance.record([attended], []);
    clock.t = replayEndsAt(edition) - 1;
    expect(await privacy.purgeExpired()).toEqual([]);
    expect(await store.identity.getPrincipal('participant', 'r1')).not.toBeNull();

    clock.t = replayEndsAt(edition);
    expect(await privacy.purgeExpired()).toEqual(['assises']);
    expect(await store.identity.getPrincipal('participant', 'r1')).toBeNull();
    expect(await store.identity.getPrincipal('moderator', 'm1')).toBeNull();
    expect((await store.identity.findCode('h1'))?.revoked).toBe(true);
    expect(await store.questions.getQuestion('q1')).toMatchObject({
      text: 'Une question ?',
      authorName: '',
      anonymous: true,
    });
    expect(await store.organizer.getSettings('ed')).toEqual({ rehearsal: false, purgedAt: clock.t });
    expect(await store.program.getSession('s')).not.toBeNull();
    expect(await store.attendance.listEdition('ed')).toEqual([]);

    // Once is enough: the next daily run leaves the edition alone.
    const purgedAt = clock.t;
    clock.t += 24 * 60 * 60 * 1000;
    expect(await privacy.purgeExpired()).toEqual([]);

    // Someone imported after the purge (a late list, a mistaken re-import) is erased by the next
    // daily run too: the window has ended for them as for the others.
    await store.organizer.upsertRegistrants('ed', [
      {
        id: 'r2',
        editionId: 'ed',
        name: 'Tom Petit',
        email: 'tom@example.org',
        organisation: '',
        attendance: 'remote',
      },
    ]);
    clock.t += 24 * 60 * 60 * 1000;
    expect(await privacy.purgeExpired()).toEqual(['assises']);
    expect(await store.identity.getPrincipal('participant', 'r2')).toBeNull();
    expect(await store.organizer.getSettings('ed')).toEqual({ rehearsal: false, purgedAt });
  });

  it('exports a registrant’s attendance and erases it with them', async () => {
    const privacy = new PrivacyService(store, clock, bus);
    await store.attendance.record([attended, { ...attended, mode: 'replay' }], []);
    expect((await privacy.exportRegistrant('assises', 'r1')).attendance).toEqual([
      { sessionId: 's', liveMinutes: 1, replayMinutes: 1 },
    ]);
    await privacy.eraseRegistrant('assises', 'r1');
    expect(await store.attendance.listPerson('ed', 'r1')).toEqual([]);
  });

  it('tells the sessions where an erased registrant’s questions were anonymised to resync', async () => {
    const privacy = new PrivacyService(store, clock, bus);
    expect(await privacy.eraseRegistrant('assises', 'r1')).toEqual({
      questionsAnonymised: 1,
      codesRevoked: 1,
    });
    expect(bus.of(rooms.audience('s'), 'session:reset')).toEqual([{ sessionId: 's' }]);
    expect(bus.of(rooms.moderation('s'), 'session:reset')).toEqual([{ sessionId: 's' }]);
  });

  it('exports the contacts a registrant left to partners, and erases them with the registrant', async () => {
    const privacy = new PrivacyService(store, clock, bus);
    await store.content.putPartner(
      {
        id: 'p1',
        editionId: 'ed',
        rev: 1,
        name: 'Horizon',
        description: '',
        website: null,
        tier: '',
        stand: '',
        order: 0,
        logo: null,
        createdAt: 0,
        updatedAt: 0,
      },
      0,
    );
    await store.content.putContact({
      partnerId: 'p1',
      editionId: 'ed',
      participantId: 'r1',
      name: 'Léa Moreau',
      email: 'lea@example.org',
      organisation: 'X',
      message: 'Rappelez-moi',
      at: 5,
    });
    expect((await privacy.exportRegistrant('assises', 'r1')).partnerContacts).toEqual([
      { partner: 'Horizon', message: 'Rappelez-moi', at: 5 },
    ]);
    await privacy.eraseRegistrant('assises', 'r1');
    expect(await store.content.listContacts('p1')).toEqual([]);
  });

  it('finishes an erasure interrupted after the questions, then answers NOT_FOUND to a third', async () => {
    const privacy = new PrivacyService(store, clock, bus);
    // As a crash between the two steps leaves it: questions anonymised, the record still there.
    await store.questions.anonymiseAuthor('ed', 'r1');
    expect(await privacy.eraseRegistrant('assises', 'r1')).toEqual({
      questionsAnonymised: 1,
      codesRevoked: 1,
    });
    expect(await store.identity.getPrincipal('participant', 'r1')).toBeNull();
    await expect(privacy.eraseRegistrant('assises', 'r1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('goes live: questions wiped, prepared polls back to drafts, then every session resyncs', async () => {
    const privacy = new PrivacyService(store, clock, bus);
    await store.organizer.putSettings('ed', { rehearsal: true, purgedAt: null });
    const definition = {
      question: 'Prêts ?',
      pollKind: 'single' as const,
      options: [{ id: 'a', label: 'Oui' }],
      maxChoices: 1,
      scale: null,
      visibility: 'live' as const,
    };
    await store.interactions.createPoll({ id: 'p1', sessionId: 's', definition, at: 1 });
    await store.interactions.openInteraction({ kind: 'poll', id: 'p1' }, 2);
    await store.interactions.castBallot({
      pollId: 'p1',
      voterId: 'r1',
      mode: 'onsite',
      clientId: 'ballot-r1-xx',
      choices: ['a'],
      at: 3,
    });
    expect(await privacy.goLive('assises', 'assises')).toEqual({
      questionsWiped: 1,
      interactionsWiped: 1,
      rehearsal: false,
    });
    expect((await store.interactions.listInteractions('s')).polls.map((p) => p.status)).toEqual(['draft']);
    expect((await store.interactions.pollResults('p1'))?.all.ballots).toBe(0);
    expect(bus.of(rooms.audience('s'), 'session:reset')).toEqual([{ sessionId: 's' }]);
    expect(bus.of(rooms.moderation('s'), 'session:reset')).toEqual([{ sessionId: 's' }]);
  });
});
