import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistrantRecord } from '../../modules/identity/identity.store.ts';
import type { Store } from '../store.ts';
import { EDITION, SESSION, edition, rejects, seedEdition, session } from './fixtures.ts';
import type { StoreFactory } from './store.contract.ts';

const registrant = (
  id: string,
  email: string,
  overrides: Partial<RegistrantRecord> = {},
): RegistrantRecord => ({
  id,
  editionId: EDITION,
  name: `Name ${id}`,
  email,
  organisation: 'Org',
  attendance: 'onsite',
  ...overrides,
});

const account = (id: string, email: string) => ({
  id,
  email,
  name: 'Orga',
  passwordHash: 'scrypt$15$8$1$salt$key',
  createdAt: 1,
});

/** The organizer part every Store implementation must have; run against each of them. */
export function organizerContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: organizer part`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
    });

    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('keeps accounts by id and by email, and refuses an email taken by another account', async () => {
      await store.organizer.putOrganizer(account('a1', 'orga@example.org'));
      expect(await store.organizer.findOrganizerByEmail('orga@example.org')).toMatchObject({ id: 'a1' });
      await rejects(store.organizer.putOrganizer(account('a2', 'orga@example.org')), 'CONFLICT');
      await store.organizer.putOrganizer(account('a1', 'new@example.org'));
      expect(await store.organizer.findOrganizerByEmail('orga@example.org')).toBeNull();
      expect((await store.organizer.getOrganizer('a1'))?.email).toBe('new@example.org');
    });

    it('lists editions and keeps their settings', async () => {
      expect((await store.organizer.listEditions()).map((e) => e.id)).toEqual([EDITION]);
      expect(await store.organizer.getSettings(EDITION)).toEqual({ rehearsal: false, purgedAt: null });
      await store.organizer.putSettings(EDITION, { rehearsal: true, purgedAt: null });
      store = await factory.reopen(store);
      expect(await store.organizer.getSettings(EDITION)).toEqual({ rehearsal: true, purgedAt: null });
      await rejects(store.organizer.putSettings('nope', { rehearsal: true, purgedAt: null }), 'NOT_FOUND');
    });

    it('upserts registrants keyed on their email: created, updated, unchanged, in insertion order', async () => {
      await store.putRegistrant(registrant('r0', 'Early@Example.org'));
      const first = await store.organizer.upsertRegistrants(EDITION, [
        registrant('r1', 'a@example.org'),
        registrant('r2', 'b@example.org'),
        registrant('new-id', 'early@example.org'),
      ]);
      expect(first).toEqual({ created: ['r1', 'r2'], updated: ['r0'], unchanged: [] });
      const again = await store.organizer.upsertRegistrants(EDITION, [
        registrant('x1', 'a@example.org', { name: 'Name r1' }),
        registrant('x2', 'b@example.org', { attendance: 'remote', name: 'Bé Renommée' }),
      ]);
      expect(again).toEqual({ created: [], updated: ['r2'], unchanged: ['r1'] });
      store = await factory.reopen(store);
      const list = await store.organizer.listPrincipals('participant', EDITION);
      expect(list.map((r) => [r.id, r.email, r.name, r.attendance])).toEqual([
        ['r0', 'early@example.org', 'Name new-id', 'onsite'],
        ['r1', 'a@example.org', 'Name r1', 'onsite'],
        ['r2', 'b@example.org', 'Bé Renommée', 'remote'],
      ]);
      await rejects(
        store.organizer.upsertRegistrants('nope', [registrant('z', 'z@example.org')]),
        'NOT_FOUND',
      );
    });

    it('imports a plenary-sized list in one call (12,000 rows: 60,000 script arguments on Redis)', async () => {
      const rows = Array.from({ length: 12_000 }, (_, i) => registrant(`big${i}`, `big${i}@example.org`));
      const report = await store.organizer.upsertRegistrants(EDITION, rows);
      expect(report.created).toHaveLength(12_000);
      expect(report.created.at(-1)).toBe('big11999');
      expect(await store.organizer.listPrincipals('participant', EDITION)).toHaveLength(12_000);
    });

    it('tells who holds an active code, and counts codes', async () => {
      await store.organizer.upsertRegistrants(EDITION, [
        registrant('r1', 'a@example.org'),
        registrant('r2', 'b@example.org'),
      ]);
      await store.putCode({
        hash: 'h1',
        role: 'participant',
        principalId: 'r1',
        editionId: EDITION,
        revoked: false,
      });
      await store.putCode({
        hash: 'h2',
        role: 'participant',
        principalId: 'r2',
        editionId: EDITION,
        revoked: false,
      });
      await store.revokeCodes('participant', 'r2');
      expect([...(await store.organizer.withActiveCode('participant', EDITION))]).toEqual(['r1']);
      expect(await store.organizer.codeCounts('participant', 'r2')).toEqual({ active: 0, revoked: 1 });
    });

    it('does not count a code issued to a principal after its erasure', async () => {
      await store.organizer.upsertRegistrants(EDITION, [registrant('r1', 'a@example.org')]);
      await store.organizer.erasePrincipal('participant', EDITION, 'r1');
      await store.putCode({
        hash: 'h1',
        role: 'participant',
        principalId: 'r1',
        editionId: EDITION,
        revoked: false,
      });
      expect([...(await store.organizer.withActiveCode('participant', EDITION))]).toEqual([]);
    });

    it('erases a principal: record and email gone, codes revoked, questions anonymised', async () => {
      await store.organizer.upsertRegistrants(EDITION, [registrant('r1', 'a@example.org')]);
      await store.putCode({
        hash: 'h1',
        role: 'participant',
        principalId: 'r1',
        editionId: EDITION,
        revoked: false,
      });
      await store.askQuestion({
        id: 'q1',
        sessionId: SESSION,
        authorId: 'r1',
        clientId: 'client-q1-xx',
        text: 'Une question ?',
        anonymous: false,
        authorName: 'Name r1',
        authorMode: 'onsite',
        at: 5,
      });
      await rejects(store.organizer.erasePrincipal('participant', 'other', 'r1'), 'NOT_FOUND');
      expect(await store.organizer.erasePrincipal('participant', EDITION, 'r1')).toEqual({
        questions: 1,
        codes: 1,
      });
      expect(await store.getPrincipal('participant', 'r1')).toBeNull();
      expect((await store.findCode('h1'))?.revoked).toBe(true);
      expect(await store.getQuestion('q1')).toMatchObject({
        authorName: '',
        anonymous: true,
        text: 'Une question ?',
      });
      expect(await store.organizer.listPrincipals('participant', EDITION)).toEqual([]);
      // The email is free again: a new import creates a new registrant.
      const again = await store.organizer.upsertRegistrants(EDITION, [registrant('r9', 'a@example.org')]);
      expect(again.created).toEqual(['r9']);
    });

    it('wipes the questions of an edition and resets the live state, keeping the programme', async () => {
      const ask = (id: string) =>
        store.askQuestion({
          id,
          sessionId: SESSION,
          authorId: 'p',
          clientId: `client-${id}-xx`,
          text: 'Une question ?',
          anonymous: false,
          authorName: 'P',
          authorMode: 'remote',
          at: 5,
        });
      await ask('q1');
      await ask('q2');
      await store.moderate({ questionId: 'q1', action: 'approve', at: 6 });
      await store.setUpvote({ questionId: 'q1', voterId: 'v', up: true, at: 7 });
      await store.setOnScreen({ sessionId: SESSION, questionId: 'q1', at: 8 });
      const seq = (await store.getLive(SESSION)).seq;
      expect(await store.organizer.wipeQuestions(EDITION)).toBe(2);
      store = await factory.reopen(store);
      expect(await store.listQuestions(SESSION)).toEqual([]);
      expect(await store.getQuestion('q1')).toBeNull();
      const live = await store.getLive(SESSION);
      expect(live).toMatchObject({ pending: 0, onScreenId: null, screen: null });
      expect(live.seq).toBeGreaterThan(seq);
      expect(await store.getEditionBySlug(edition.slug)).not.toBeNull();
      expect(await store.getSession(SESSION)).not.toBeNull();
      // The same client id asks anew rather than answering the wiped question.
      expect((await ask('q3')).created).toBe(true);
    });

    it('resets the polls and clouds of an edition to drafts, without ballots or words, and clears the screen', async () => {
      const options = [
        { id: 'a', label: 'Oui' },
        { id: 'b', label: 'Non' },
      ];
      const definition = {
        question: 'Prêts ?',
        pollKind: 'single' as const,
        options,
        maxChoices: 1,
        scale: null,
        visibility: 'hidden' as const,
      };
      const cloudDefinition = {
        prompt: 'Un mot ?',
        maxWordsPerParticipant: 2,
        maxLength: 20,
        visibility: 'live' as const,
      };
      await store.putEdition({ ...edition, id: 'ed2', slug: 'ed-two' });
      await store.putSession(session('other', { editionId: 'ed2' }));
      await store.createPoll({ id: 'p1', sessionId: SESSION, definition, at: 1 });
      await store.createPoll({ id: 'p2', sessionId: SESSION, definition, at: 1 });
      await store.createCloud({ id: 'c1', sessionId: SESSION, definition: cloudDefinition, at: 1 });
      await store.createCloud({ id: 'c2', sessionId: 'other', definition: cloudDefinition, at: 1 });
      for (const ref of [
        { kind: 'poll' as const, id: 'p1' },
        { kind: 'cloud' as const, id: 'c1' },
        { kind: 'cloud' as const, id: 'c2' },
      ]) {
        await store.openInteraction(ref, 2);
      }
      await store.revealInteraction({ kind: 'poll', id: 'p1' }, true, 3);
      const ballot = { pollId: 'p1', mode: 'onsite' as const, choices: ['a'], at: 4 };
      await store.castBallot({ ...ballot, voterId: 'v1', clientId: 'ballot-v1-xxxx' });
      await store.castBallot({ ...ballot, voterId: 'v2', clientId: 'ballot-v2-xxxx', mode: 'remote' });
      const word = { mode: 'onsite' as const, text: 'Joie', key: 'joie', blocked: false, at: 4 };
      await store.submitWord({ ...word, cloudId: 'c1', participantId: 'v1', clientId: 'word-v1-xxxx' });
      await store.submitWord({ ...word, cloudId: 'c2', participantId: 'v1', clientId: 'word-v1-xxxx' });
      await store.closeInteraction({ kind: 'poll', id: 'p1' }, 5);
      await store.setScreen({ sessionId: SESSION, item: { kind: 'cloud', id: 'c1' }, at: 6 });
      const before = {
        seq: (await store.getLive(SESSION)).seq,
        version: (await store.pollResults('p1'))!.version,
      };

      expect(await store.organizer.wipeInteractions(EDITION)).toBe(2);
      store = await factory.reopen(store);
      const { polls, clouds } = await store.listInteractions(SESSION);
      expect(polls.map((p) => [p.id, p.status, p.revealed, p.openedAt, p.closedAt, p.question])).toEqual([
        ['p1', 'draft', false, null, null, 'Prêts ?'],
        ['p2', 'draft', false, null, null, 'Prêts ?'],
      ]);
      expect(clouds.map((c) => [c.id, c.status, c.revealed, c.prompt])).toEqual([
        ['c1', 'draft', true, 'Un mot ?'],
      ]);
      const results = await store.pollResults('p1');
      expect(results).toMatchObject({
        all: { ballots: 0, counts: { a: 0, b: 0 } },
        onsite: { ballots: 0, counts: { a: 0, b: 0 } },
        remote: { ballots: 0, counts: { a: 0, b: 0 } },
        final: false,
      });
      expect(results!.version).toBeGreaterThan(before.version);
      expect(await store.cloudResults('c1')).toMatchObject({ participants: 0, words: [], final: false });
      expect(await store.listMyBallots(SESSION, 'v1')).toEqual([]);
      expect(await store.listMyWords(SESSION, 'v1')).toEqual([]);
      expect(await store.listClosing()).toEqual([]);
      const live = await store.getLive(SESSION);
      expect(live.screen).toBeNull();
      expect(live.seq).toBeGreaterThan(before.seq);
      // Another edition's cloud keeps its words.
      expect((await store.cloudResults('c2'))?.words.map((w) => w.key)).toEqual(['joie']);
      expect(await store.listMyWords('other', 'v1')).toHaveLength(1);

      // Reopened at the event, the same client ids count anew: nothing of the rehearsal is left.
      await store.openInteraction({ kind: 'poll', id: 'p1' }, 10);
      await store.openInteraction({ kind: 'cloud', id: 'c1' }, 10);
      const again = await store.castBallot({ ...ballot, voterId: 'v1', clientId: 'ballot-v1-xxxx', at: 11 });
      expect(again.counted).toBe(true);
      expect(again.results.all).toEqual({ ballots: 1, counts: { a: 1, b: 0 } });
      const sent = await store.submitWord({
        ...word,
        cloudId: 'c1',
        participantId: 'v1',
        clientId: 'word-v1-xxxx',
        at: 11,
      });
      expect(sent.counted).toBe(true);
      expect(await store.cloudResults('c1')).toMatchObject({
        participants: 1,
        words: [{ key: 'joie', count: 1 }],
      });
    });
  });
}
