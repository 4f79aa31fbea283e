import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistrantRecord } from '../../../server/src/modules/identity/identity.store.ts';
import type { Store } from '../../../server/src/store/store.ts';
import { EDITION, SESSION, edition, rejects, seedEdition, session } from './fixtures.ts';
import type { StoreFactory } from './store.contract.ts';

const registrant = (id: string, email: string): RegistrantRecord => ({
  id,
  editionId: EDITION,
  name: `Name ${id}`,
  email,
  organisation: 'Org',
  attendance: 'onsite',
});

/**
 * Each feature's own erasure and wipe, which the privacy service composes (identity:
 * `erasePrincipal`; questions: `anonymiseAuthor`, `wipeQuestions`; polls and clouds:
 * `wipeInteractions`); run against every Store implementation.
 */
export function privacyContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: erasure and wipes`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
    });

    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('erases a principal in two steps: questions anonymised in its edition only, then record and codes', async () => {
      await store.organizer.upsertRegistrants(EDITION, [registrant('r1', 'a@example.org')]);
      await store.identity.putCode({
        hash: 'h1',
        role: 'participant',
        principalId: 'r1',
        editionId: EDITION,
        revoked: false,
      });
      await store.questions.askQuestion({
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
      await rejects(store.identity.erasePrincipal('participant', 'other', 'r1'), 'NOT_FOUND');
      expect(await store.questions.anonymiseAuthor('other', 'r1')).toBe(0);
      expect(await store.questions.getQuestion('q1')).toMatchObject({
        authorName: 'Name r1',
        anonymous: false,
      });
      expect(await store.questions.anonymiseAuthor(EDITION, 'r1')).toBe(1);
      // Idempotent: an erasure interrupted after this step is simply run again.
      expect(await store.questions.anonymiseAuthor(EDITION, 'r1')).toBe(1);
      expect(await store.identity.erasePrincipal('participant', EDITION, 'r1')).toBe(1);
      await rejects(store.identity.erasePrincipal('participant', EDITION, 'r1'), 'NOT_FOUND');
      store = await factory.reopen(store);
      expect(await store.identity.getPrincipal('participant', 'r1')).toBeNull();
      expect((await store.identity.findCode('h1'))?.revoked).toBe(true);
      expect(await store.questions.getQuestion('q1')).toMatchObject({
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
        store.questions.askQuestion({
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
      await store.questions.moderate({ questionId: 'q1', action: 'approve', at: 6 });
      await store.questions.setUpvote({ questionId: 'q1', voterId: 'v', up: true, at: 7 });
      await store.questions.setOnScreen({ sessionId: SESSION, questionId: 'q1', at: 8 });
      const seq = (await store.questions.getLive(SESSION)).seq;
      expect(await store.questions.wipeQuestions(EDITION)).toBe(2);
      store = await factory.reopen(store);
      expect(await store.questions.listQuestions(SESSION)).toEqual([]);
      expect(await store.questions.getQuestion('q1')).toBeNull();
      const live = await store.questions.getLive(SESSION);
      expect(live).toMatchObject({ pending: 0, onScreenId: null, screen: null });
      expect(live.seq).toBeGreaterThan(seq);
      expect(await store.program.getEditionBySlug(edition.slug)).not.toBeNull();
      expect(await store.program.getSession(SESSION)).not.toBeNull();
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
      await store.program.putEdition({ ...edition, id: 'ed2', slug: 'ed-two' });
      await store.program.putSession(session('other', { editionId: 'ed2' }));
      await store.interactions.createPoll({ id: 'p1', sessionId: SESSION, definition, at: 1 });
      await store.interactions.createPoll({ id: 'p2', sessionId: SESSION, definition, at: 1 });
      await store.interactions.createCloud({
        id: 'c1',
        sessionId: SESSION,
        definition: cloudDefinition,
        at: 1,
      });
      await store.interactions.createCloud({
        id: 'c2',
        sessionId: 'other',
        definition: cloudDefinition,
        at: 1,
      });
      for (const ref of [
        { kind: 'poll' as const, id: 'p1' },
        { kind: 'cloud' as const, id: 'c1' },
        { kind: 'cloud' as const, id: 'c2' },
      ]) {
        await store.interactions.openInteraction(ref, 2);
      }
      await store.interactions.revealInteraction({ kind: 'poll', id: 'p1' }, true, 3);
      const ballot = { pollId: 'p1', mode: 'onsite' as const, choices: ['a'], at: 4 };
      await store.interactions.castBallot({ ...ballot, voterId: 'v1', clientId: 'ballot-v1-xxxx' });
      await store.interactions.castBallot({
        ...ballot,
        voterId: 'v2',
        clientId: 'ballot-v2-xxxx',
        mode: 'remote',
      });
      const word = { mode: 'onsite' as const, text: 'Joie', key: 'joie', blocked: false, at: 4 };
      await store.interactions.submitWord({
        ...word,
        cloudId: 'c1',
        participantId: 'v1',
        clientId: 'word-v1-xxxx',
      });
      await store.interactions.submitWord({
        ...word,
        cloudId: 'c2',
        participantId: 'v1',
        clientId: 'word-v1-xxxx',
      });
      await store.interactions.closeInteraction({ kind: 'poll', id: 'p1' }, 5);
      await store.interactions.setScreen({ sessionId: SESSION, item: { kind: 'cloud', id: 'c1' }, at: 6 });
      const before = {
        seq: (await store.questions.getLive(SESSION)).seq,
        version: (await store.interactions.pollResults('p1'))!.version,
      };

      expect(await store.interactions.wipeInteractions(EDITION)).toBe(2);
      store = await factory.reopen(store);
      const { polls, clouds } = await store.interactions.listInteractions(SESSION);
      expect(polls.map((p) => [p.id, p.status, p.revealed, p.openedAt, p.closedAt, p.question])).toEqual([
        ['p1', 'draft', false, null, null, 'Prêts ?'],
        ['p2', 'draft', false, null, null, 'Prêts ?'],
      ]);
      expect(clouds.map((c) => [c.id, c.status, c.revealed, c.prompt])).toEqual([
        ['c1', 'draft', true, 'Un mot ?'],
      ]);
      const results = await store.interactions.pollResults('p1');
      expect(results).toMatchObject({
        all: { ballots: 0, counts: { a: 0, b: 0 } },
        onsite: { ballots: 0, counts: { a: 0, b: 0 } },
        remote: { ballots: 0, counts: { a: 0, b: 0 } },
        final: false,
      });
      expect(results!.version).toBeGreaterThan(before.version);
      expect(await store.interactions.cloudResults('c1')).toMatchObject({
        participants: 0,
        words: [],
        final: false,
      });
      expect(await store.interactions.listMyBallots(SESSION, 'v1')).toEqual([]);
      expect(await store.interactions.listMyWords(SESSION, 'v1')).toEqual([]);
      expect(await store.interactions.listClosing()).toEqual([]);
      const live = await store.questions.getLive(SESSION);
      expect(live.screen).toBeNull();
      expect(live.seq).toBeGreaterThan(before.seq);
      // Another edition's cloud keeps its words.
      expect((await store.interactions.cloudResults('c2'))?.words.map((w) => w.key)).toEqual(['joie']);
      expect(await store.interactions.listMyWords('other', 'v1')).toHaveLength(1);

      // Reopened at the event, the same client ids count anew: nothing of the rehearsal is left.
      await store.interactions.openInteraction({ kind: 'poll', id: 'p1' }, 10);
      await store.interactions.openInteraction({ kind: 'cloud', id: 'c1' }, 10);
      const again = await store.interactions.castBallot({
        ...ballot,
        voterId: 'v1',
        clientId: 'ballot-v1-xxxx',
        at: 11,
      });
      expect(again.counted).toBe(true);
      expect((await store.interactions.pollResults('p1'))?.all).toEqual({
        ballots: 1,
        counts: { a: 1, b: 0 },
      });
      const sent = await store.interactions.submitWord({
        ...word,
        cloudId: 'c1',
        participantId: 'v1',
        clientId: 'word-v1-xxxx',
        at: 11,
      });
      expect(sent.counted).toBe(true);
      expect(await store.interactions.cloudResults('c1')).toMatchObject({
        participants: 1,
        words: [{ key: 'joie', count: 1 }],
      });
    });
  });
}
