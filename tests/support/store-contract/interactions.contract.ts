import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPolicy, type AppError } from '@agora/shared';
import type {
  CloudDefinition,
  NewBallot,
  NewWord,
  PollDefinition,
} from '../../../server/src/modules/interactions/interactions.store.ts';
import type { Store } from '../../../server/src/store/store.ts';
import { EDITION, rejects, seedEdition, session, SESSION } from './fixtures.ts';
import type { StoreFactory } from './store.contract.ts';

const OTHER = 'ses2';

const single: PollDefinition = {
  question: 'La coopération, c’est…',
  pollKind: 'single',
  options: [
    { id: 'a', label: 'Facile' },
    { id: 'b', label: 'Difficile' },
    { id: 'c', label: 'Indispensable' },
  ],
  maxChoices: 1,
  scale: null,
  visibility: 'live',
};
const multiple: PollDefinition = { ...single, pollKind: 'multiple', maxChoices: 2 };
const rating: PollDefinition = {
  question: 'Utile ?',
  pollKind: 'rating',
  options: ['1', '2', '3', '4', '5'].map((v) => ({ id: v, label: v })),
  maxChoices: 1,
  scale: { min: 1, max: 5, minLabel: 'pas du tout', maxLabel: 'tout à fait' },
  visibility: 'hidden',
};
const cloudDef: CloudDefinition = {
  prompt: 'En un mot ?',
  maxWordsPerParticipant: 3,
  maxLength: 30,
  visibility: 'live',
};

/** Polls, word clouds and the shared screen: the behaviour every Store implementation must have. */
export function interactionsContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract: polls, word clouds, screen`, () => {
    let store: Store;
    let n = 0;
    const id = (prefix: string) => `${prefix}${(n += 1)}`;

    /** Results versions grow with every counted change and status change; tests compare differences. */
    const version = async (pollId: string) => (await store.interactions.pollResults(pollId))?.version ?? -1;
    const poll = async (definition: PollDefinition = single, sessionId = SESSION) => {
      const p = await store.interactions.createPoll({ id: id('poll'), sessionId, definition, at: 100 });
      await store.interactions.openInteraction({ kind: 'poll', id: p.id }, 110);
      return p.id;
    };
    const cloud = async (definition: CloudDefinition = cloudDef) => {
      const c = await store.interactions.createCloud({
        id: id('cloud'),
        sessionId: SESSION,
        definition,
        at: 100,
      });
      await store.interactions.openInteraction({ kind: 'cloud', id: c.id }, 110);
      return c.id;
    };
    const vote = (pollId: string, voterId: string, choices: string[], more: Partial<NewBallot> = {}) =>
      store.interactions.castBallot({
        pollId,
        voterId,
        mode: 'onsite',
        clientId: `client-${id('b')}-xx`,
        choices,
        at: 200,
        ...more,
      });
    const word = (cloudId: string, participantId: string, key: string, more: Partial<NewWord> = {}) =>
      store.interactions.submitWord({
        cloudId,
        participantId,
        mode: 'onsite',
        clientId: `client-${id('w')}-xx`,
        text: key,
        key,
        blocked: false,
        at: 200,
        ...more,
      });

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
      await store.program.putSession(session(OTHER, { remoteDelaySeconds: 30 }));
    });

    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    // --- definitions and lifecycle ---

    it('creates drafts and lists them per session in creation order', async () => {
      const p = await store.interactions.createPoll({
        id: 'p1',
        sessionId: SESSION,
        definition: single,
        at: 100,
      });
      expect(p).toMatchObject({
        id: 'p1',
        kind: 'poll',
        status: 'draft',
        revealed: true,
        createdAt: 100,
        openedAt: null,
        closedAt: null,
        remoteClosesAt: null,
        options: single.options,
      });
      const c = await store.interactions.createCloud({
        id: 'c1',
        sessionId: SESSION,
        definition: cloudDef,
        at: 101,
      });
      expect(c).toMatchObject({ kind: 'cloud', status: 'draft', prompt: 'En un mot ?' });
      const h = await store.interactions.createPoll({
        id: 'p2',
        sessionId: SESSION,
        definition: rating,
        at: 102,
      });
      expect(h.revealed).toBe(false);
      const listed = await store.interactions.listInteractions(SESSION);
      expect(listed.polls.map((x) => x.id)).toEqual(['p1', 'p2']);
      expect(listed.clouds.map((x) => x.id)).toEqual(['c1']);
      expect((await store.interactions.listInteractions(OTHER)).polls).toEqual([]);
      expect(await store.interactions.getPoll('p1')).toEqual(p);
      expect(await store.interactions.getCloud('c1')).toEqual(c);
      expect(await store.interactions.getPoll('c1')).toBeNull();
      await rejects(
        store.interactions.createPoll({ id: 'p3', sessionId: 'missing', definition: single, at: 1 }),
        'NOT_FOUND',
      );
      await rejects(
        store.interactions.createCloud({ id: 'p1', sessionId: SESSION, definition: cloudDef, at: 1 }),
        'CONFLICT',
      );
    });

    it('edits a poll until its first ballot, and a cloud until its first word', async () => {
      const p = await store.interactions.createPoll({
        id: 'p1',
        sessionId: SESSION,
        definition: single,
        at: 100,
      });
      const edited = await store.interactions.updatePoll({
        pollId: p.id,
        definition: { ...single, question: 'Autre ?', visibility: 'hidden' },
        at: 101,
      });
      expect(edited).toMatchObject({ question: 'Autre ?', visibility: 'hidden', revealed: false });
      await store.interactions.openInteraction({ kind: 'poll', id: p.id }, 102);
      await vote(p.id, 'alice', ['a']);
      await rejects(store.interactions.updatePoll({ pollId: p.id, definition: single, at: 103 }), 'CONFLICT');

      const c = await cloud();
      await store.interactions.updateCloud({
        cloudId: c,
        definition: { ...cloudDef, prompt: 'Un mot ?' },
        at: 104,
      });
      await word(c, 'alice', 'confiance');
      await rejects(
        store.interactions.updateCloud({ cloudId: c, definition: cloudDef, at: 105 }),
        'CONFLICT',
      );
      await rejects(
        store.interactions.updatePoll({ pollId: 'missing', definition: single, at: 105 }),
        'NOT_FOUND',
      );
    });

    it('opens, closes at once without a stream delay, and reopens with the ballots kept', async () => {
      const pollId = await poll();
      await vote(pollId, 'alice', ['a']);
      const closed = await store.interactions.closeInteraction({ kind: 'poll', id: pollId }, 300);
      expect(closed.changed).toBe(true);
      expect(closed.item).toMatchObject({ status: 'closed', closedAt: 300, remoteClosesAt: 300 });
      expect((await store.interactions.pollResults(pollId))?.final).toBe(true);
      expect((await store.interactions.closeInteraction({ kind: 'poll', id: pollId }, 301)).changed).toBe(
        false,
      );
      await rejects(vote(pollId, 'bob', ['b']), 'CLOSED');

      const reopened = await store.interactions.openInteraction({ kind: 'poll', id: pollId }, 400);
      expect(reopened.item).toMatchObject({
        status: 'open',
        openedAt: 400,
        closedAt: null,
        remoteClosesAt: null,
      });
      expect((await store.interactions.openInteraction({ kind: 'poll', id: pollId }, 401)).changed).toBe(
        false,
      );
      await vote(pollId, 'bob', ['b']);
      const results = await store.interactions.pollResults(pollId);
      expect(results).toMatchObject({ final: false, all: { ballots: 2, counts: { a: 1, b: 1, c: 0 } } });
    });

    it('refuses to close a draft, and votes on a draft', async () => {
      const p = await store.interactions.createPoll({
        id: 'p1',
        sessionId: SESSION,
        definition: single,
        at: 100,
      });
      await rejects(store.interactions.closeInteraction({ kind: 'poll', id: p.id }, 101), 'CONFLICT');
      await rejects(vote(p.id, 'alice', ['a']), 'CLOSED');
      await rejects(store.interactions.closeInteraction({ kind: 'cloud', id: p.id }, 101), 'NOT_FOUND');
    });

    it('closes for the hall at once and for remote people after the stream delay', async () => {
      const pollId = await poll(single, OTHER);
      const closing = await store.interactions.closeInteraction({ kind: 'poll', id: pollId }, 1_000);
      expect(closing.item).toMatchObject({ status: 'closing', closedAt: 1_000, remoteClosesAt: 31_000 });
      expect((await store.interactions.listClosing()).map((x) => x.id)).toEqual([pollId]);

      await rejects(vote(pollId, 'hall', ['a'], { mode: 'onsite', at: 1_001 }), 'CLOSED');
      const remote = await vote(pollId, 'home', ['b'], { mode: 'remote', at: 30_999 });
      expect(remote.counted).toBe(true);
      await rejects(vote(pollId, 'late', ['b'], { mode: 'remote', at: 31_000 }), 'CLOSED');
      expect((await store.interactions.pollResults(pollId))?.final).toBe(false);

      const early = await store.interactions.finalizeInteraction({ kind: 'poll', id: pollId }, 30_000);
      expect(early.changed).toBe(false);
      expect(early.item.status).toBe('closing');
      const final = await store.interactions.finalizeInteraction({ kind: 'poll', id: pollId }, 31_000);
      expect(final.changed).toBe(true);
      expect(final.item.status).toBe('closed');
      expect(
        (await store.interactions.finalizeInteraction({ kind: 'poll', id: pollId }, 32_000)).changed,
      ).toBe(false);
      expect(await store.interactions.listClosing()).toEqual([]);
      expect(await store.interactions.pollResults(pollId)).toMatchObject({
        final: true,
        all: { ballots: 1, counts: { b: 1 } },
        remote: { ballots: 1 },
        onsite: { ballots: 0 },
      });
    });

    it('reveals and hides the results of a hidden poll; a live one stays revealed', async () => {
      const hidden = await poll(rating);
      const shown = await store.interactions.revealInteraction({ kind: 'poll', id: hidden }, true, 300);
      expect(shown).toMatchObject({ changed: true, item: { revealed: true } });
      expect(
        (await store.interactions.revealInteraction({ kind: 'poll', id: hidden }, true, 301)).changed,
      ).toBe(false);
      expect(
        (await store.interactions.revealInteraction({ kind: 'poll', id: hidden }, false, 302)).item.revealed,
      ).toBe(false);
      const live = await poll();
      expect(
        await store.interactions.revealInteraction({ kind: 'poll', id: live }, false, 303),
      ).toMatchObject({
        changed: false,
        item: { revealed: true },
      });
    });

    // --- ballots ---

    it('counts one ballot per participant, split by attendance mode', async () => {
      const pollId = await poll();
      const v0 = await version(pollId);
      await vote(pollId, 'alice', ['a']);
      await vote(pollId, 'bob', ['a'], { mode: 'remote' });
      await vote(pollId, 'carol', ['c'], { mode: 'remote' });
      expect(await store.interactions.pollResults(pollId)).toMatchObject({
        pollId,
        sessionId: SESSION,
        version: v0 + 3,
        all: { ballots: 3, counts: { a: 2, b: 0, c: 1 } },
        onsite: { ballots: 1, counts: { a: 1, b: 0, c: 0 } },
        remote: { ballots: 2, counts: { a: 1, b: 0, c: 1 } },
        final: false,
      });
    });

    it('moves the count when a ballot changes, and counts nothing for the same choices again', async () => {
      const pollId = await poll(multiple);
      const v0 = await version(pollId);
      await vote(pollId, 'alice', ['a', 'b']);
      const changed = await vote(pollId, 'alice', ['c']);
      expect(changed.counted).toBe(true);
      expect(changed.ballot.choices).toEqual(['c']);
      expect(await store.interactions.pollResults(pollId)).toMatchObject({
        version: v0 + 2,
        all: { ballots: 1, counts: { a: 0, b: 0, c: 1 } },
      });
      const same = await vote(pollId, 'alice', ['c']);
      expect(same.counted).toBe(false);
      expect(await version(pollId)).toBe(v0 + 2);
      expect(await store.interactions.listMyBallots(SESSION, 'alice')).toEqual([
        { pollId, clientId: same.ballot.clientId, choices: ['c'] },
      ]);
    });

    it('counts the same choices from the other attendance mode as a change between hall and remote', async () => {
      const pollId = await poll();
      await vote(pollId, 'alice', ['a']);
      const v1 = await version(pollId);
      const moved = await vote(pollId, 'alice', ['a'], { mode: 'remote' });
      expect(moved.counted).toBe(true);
      expect(await store.interactions.pollResults(pollId)).toMatchObject({
        version: v1 + 1,
        all: { ballots: 1, counts: { a: 1, b: 0, c: 0 } },
        onsite: { ballots: 0, counts: { a: 0, b: 0, c: 0 } },
        remote: { ballots: 1, counts: { a: 1, b: 0, c: 0 } },
      });
    });

    it('answers a re-sent client id with the current ballot and counts nothing', async () => {
      const pollId = await poll();
      const v0 = await version(pollId);
      await vote(pollId, 'alice', ['a'], { clientId: 'client-first-1' });
      expect(await version(pollId)).toBe(v0 + 1);
      await vote(pollId, 'alice', ['b'], { clientId: 'client-second-2' });
      const retry = await vote(pollId, 'alice', ['a'], { clientId: 'client-first-1' });
      expect(retry.counted).toBe(false);
      expect(retry.ballot).toEqual({ pollId, clientId: 'client-second-2', choices: ['b'] });
      const results = await store.interactions.pollResults(pollId);
      expect(results?.all.counts).toMatchObject({ a: 0, b: 1 });
      expect(results?.version).toBe(v0 + 2);
      // A retry after the close still answers the stored ballot: it was accepted before.
      await store.interactions.closeInteraction({ kind: 'poll', id: pollId }, 300);
      expect((await vote(pollId, 'alice', ['a'], { clientId: 'client-second-2' })).ballot.choices).toEqual([
        'b',
      ]);
      // Another voter's client id is theirs, not alice's.
      await rejects(vote(pollId, 'bob', ['a'], { clientId: 'client-first-1' }), 'CLOSED');
    });

    it("checks the voter's admission in the ballot's own write: edition, then policy, before a re-sent client id", async () => {
      const pollId = await poll();
      const onsiteOnly = { editionId: EDITION, audiences: ['everyone' as const, 'onsite' as const] };
      const remote = { editionId: EDITION, audiences: ['everyone' as const] };
      const first = await vote(pollId, 'alice', ['a'], { clientId: 'client-adm-1', admission: onsiteOnly });
      expect(first.counted).toBe(true);
      await rejects(
        vote(pollId, 'bob', ['a'], { admission: { ...remote, editionId: 'other' } }),
        'NOT_FOUND',
      );
      await store.program.setPolicy(SESSION, { ...defaultPolicy('plenary'), vote: 'onsite' });
      await rejects(vote(pollId, 'bob', ['a'], { mode: 'remote', admission: remote }), 'POLICY_FORBIDS');
      expect((await vote(pollId, 'carol', ['b'], { admission: onsiteOnly })).counted).toBe(true);
      await store.program.setPolicy(SESSION, { ...defaultPolicy('plenary'), vote: 'nobody' });
      const refused = await vote(pollId, 'alice', ['a'], {
        clientId: 'client-adm-1',
        admission: onsiteOnly,
      }).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      expect(refused).toMatchObject({ code: 'POLICY_FORBIDS', message: 'nobody may vote in this session' });
      expect((await store.interactions.pollResults(pollId))?.all.counts).toMatchObject({ a: 1, b: 1 });
      await rejects(vote('missing', 'alice', ['a'], { admission: onsiteOnly }), 'NOT_FOUND');
    });

    it("checks the sender's admission in the word's own write: edition, then policy, before a re-sent client id", async () => {
      const c = await cloud();
      const onsiteOnly = { editionId: EDITION, audiences: ['everyone' as const, 'onsite' as const] };
      const remote = { editionId: EDITION, audiences: ['everyone' as const] };
      const first = await word(c, 'alice', 'joie', { clientId: 'client-wadm-1', admission: onsiteOnly });
      expect(first.counted).toBe(true);
      await rejects(word(c, 'bob', 'joie', { admission: { ...remote, editionId: 'other' } }), 'NOT_FOUND');
      await store.program.setPolicy(SESSION, { ...defaultPolicy('plenary'), vote: 'onsite' });
      await rejects(word(c, 'bob', 'joie', { mode: 'remote', admission: remote }), 'POLICY_FORBIDS');
      expect((await word(c, 'carol', 'paix', { admission: onsiteOnly })).counted).toBe(true);
      await store.program.setPolicy(SESSION, { ...defaultPolicy('plenary'), vote: 'nobody' });
      await rejects(
        word(c, 'alice', 'joie', { clientId: 'client-wadm-1', admission: onsiteOnly }),
        'POLICY_FORBIDS',
      );
      const counted = (await store.interactions.cloudResults(c))?.words.map((w) => `${w.key} ${w.count}`);
      expect(counted?.sort()).toEqual(['joie 1', 'paix 1']);
      await rejects(word('missing', 'alice', 'joie', { admission: onsiteOnly }), 'NOT_FOUND');
    });

    it('refuses choices the poll does not offer', async () => {
      const one = await poll();
      const v0 = await version(one);
      await rejects(vote(one, 'alice', ['z']), 'INVALID_PAYLOAD');
      await rejects(vote(one, 'alice', ['a', 'b']), 'INVALID_PAYLOAD');
      await rejects(vote(one, 'alice', []), 'INVALID_PAYLOAD');
      const many = await poll(multiple);
      await rejects(vote(many, 'alice', ['a', 'a']), 'INVALID_PAYLOAD');
      await rejects(vote(many, 'alice', ['a', 'b', 'c']), 'INVALID_PAYLOAD');
      const scale = await poll(rating);
      await rejects(vote(scale, 'alice', ['6']), 'INVALID_PAYLOAD');
      await vote(scale, 'alice', ['5']);
      expect(await version(one)).toBe(v0);
      expect((await store.interactions.pollResults(scale))?.all.counts['5']).toBe(1);
      await rejects(vote('missing', 'alice', ['a']), 'NOT_FOUND');
    });

    it('gives the exact tally after a concurrent burst of distinct voters changing their ballots', async () => {
      const pollId = await poll(multiple);
      const v0 = await version(pollId);
      const voters = Array.from({ length: 200 }, (_, i) => `voter${i}`);
      const firstChoice = (i: number) => (i % 3 === 0 ? ['a'] : i % 3 === 1 ? ['b'] : ['a', 'c']);
      await Promise.all(
        voters.map((v, i) =>
          vote(pollId, v, firstChoice(i), { mode: i % 2 ? 'remote' : 'onsite', clientId: `client-${v}-1` }),
        ),
      );
      // Half change their mind, and every change is also re-sent once, concurrently.
      await Promise.all(
        voters.flatMap((v, i) =>
          i % 2 === 0
            ? [0, 1].map(() => vote(pollId, v, ['b', 'c'], { mode: 'onsite', clientId: `client-${v}-2` }))
            : [vote(pollId, v, firstChoice(i), { mode: 'remote', clientId: `client-${v}-1` })],
        ),
      );
      const expected = { a: 0, b: 0, c: 0 };
      const onsite = { a: 0, b: 0, c: 0 };
      voters.forEach((_, i) => {
        const choices = i % 2 === 0 ? ['b', 'c'] : firstChoice(i);
        for (const c of choices) {
          expected[c as 'a'] += 1;
          if (i % 2 === 0) onsite[c as 'a'] += 1;
        }
      });
      const results = await store.interactions.pollResults(pollId);
      expect(results?.all).toEqual({ ballots: 200, counts: expected });
      expect(results?.onsite).toEqual({ ballots: 100, counts: onsite });
      expect(results?.remote.ballots).toBe(100);
      // 200 first ballots + 100 changes (each only once, however often re-sent).
      expect(results?.version).toBe(v0 + 300);
    });

    // --- word clouds ---

    it('groups words under their key, counts per mode, and shows the most frequent spelling', async () => {
      const c = await cloud();
      const v0 = (await store.interactions.cloudResults(c))?.version ?? -1;
      await word(c, 'p1', 'cooperation', { text: 'Coopération' });
      await word(c, 'p2', 'cooperation', { text: 'coopération', mode: 'remote' });
      await word(c, 'p3', 'cooperation', { text: 'coopération' });
      await word(c, 'p4', 'confiance', { text: 'Confiance' });
      await word(c, 'p5', 'confiance', { text: 'confiance' });
      const results = await store.interactions.cloudResults(c);
      expect(results).toMatchObject({
        cloudId: c,
        sessionId: SESSION,
        version: v0 + 5,
        participants: 5,
        final: false,
      });
      expect(results?.words).toEqual([
        {
          key: 'cooperation',
          text: 'coopération',
          count: 3,
          onsite: 2,
          remote: 1,
          hidden: false,
          blocked: false,
        },
        // A tie goes to the spelling seen first.
        {
          key: 'confiance',
          text: 'Confiance',
          count: 2,
          onsite: 2,
          remote: 0,
          hidden: false,
          blocked: false,
        },
      ]);
    });

    it('limits words per participant, counts a repeated word once and a re-sent client id not at all', async () => {
      const c = await cloud({ ...cloudDef, maxWordsPerParticipant: 2 });
      const first = await word(c, 'p1', 'confiance', { clientId: 'client-one-1' });
      expect(first.counted).toBe(true);
      const retry = await word(c, 'p1', 'autre', { clientId: 'client-one-1' });
      expect(retry).toEqual({ word: first.word, counted: false });
      const repeated = await word(c, 'p1', 'confiance', { clientId: 'client-two-2' });
      expect(repeated.counted).toBe(false);
      await word(c, 'p1', 'ecoute');
      await rejects(word(c, 'p1', 'respect'), 'LIMIT_REACHED');
      await rejects(word(c, 'p2', 'x'.repeat(31)), 'INVALID_PAYLOAD');
      const results = await store.interactions.cloudResults(c);
      expect(results?.participants).toBe(1);
      expect(results?.words.map((w) => [w.key, w.count])).toEqual([
        ['confiance', 1],
        ['ecoute', 1],
      ]);
      expect((await store.interactions.listMyWords(SESSION, 'p1')).map((w) => w.key)).toEqual([
        'confiance',
        'ecoute',
      ]);
    });

    it('checks a word in one order: re-sent client id, lifecycle, text, repeated key, limit', async () => {
      const c = await cloud({ ...cloudDef, maxWordsPerParticipant: 1 });
      const first = await word(c, 'p1', 'confiance', { clientId: 'client-first-1' });
      // At the limit: a bad text is refused as such, a repeated key is answered, a new key is refused.
      await rejects(word(c, 'p1', 'x'.repeat(31)), 'INVALID_PAYLOAD');
      await rejects(word(c, 'p1', '', { text: '' }), 'INVALID_PAYLOAD');
      expect((await word(c, 'p1', 'confiance', { text: 'Confiance' })).counted).toBe(false);
      await rejects(word(c, 'p1', 'ecoute'), 'LIMIT_REACHED');
      await store.interactions.closeInteraction({ kind: 'cloud', id: c }, 300);
      // Closed: a re-sent client id is still answered; anything else is CLOSED, bad text included.
      expect(await word(c, 'p1', 'autre', { clientId: 'client-first-1', at: 301 })).toEqual({
        word: first.word,
        counted: false,
      });
      await rejects(word(c, 'p2', 'x'.repeat(31), { at: 301 }), 'CLOSED');
      await rejects(word(c, 'p2', '', { text: '', at: 301 }), 'CLOSED');
      await rejects(word(c, 'p1', 'confiance', { at: 301 }), 'CLOSED');
      expect((await store.interactions.cloudResults(c))?.words.map((w) => [w.key, w.count])).toEqual([
        ['confiance', 1],
      ]);
    });

    it('holds back blocked words until released, and keeps hidden words hidden when sent again', async () => {
      const c = await cloud();
      await word(c, 'p1', 'gros mot', { blocked: true });
      await word(c, 'p2', 'confiance');
      let words = (await store.interactions.cloudResults(c))?.words ?? [];
      expect(words.find((w) => w.key === 'gros mot')).toMatchObject({ hidden: true, blocked: true });
      const hidden = await store.interactions.setWordHidden({
        cloudId: c,
        key: 'confiance',
        hidden: true,
        at: 300,
      });
      expect(hidden).toMatchObject({ key: 'confiance', hidden: true, blocked: false });
      await word(c, 'p3', 'confiance');
      const released = await store.interactions.setWordHidden({
        cloudId: c,
        key: 'gros mot',
        hidden: false,
        at: 301,
      });
      expect(released).toMatchObject({ hidden: false, blocked: true });
      await word(c, 'p4', 'gros mot', { blocked: true });
      words = (await store.interactions.cloudResults(c))?.words ?? [];
      expect(words.find((w) => w.key === 'confiance')).toMatchObject({ hidden: true, count: 2 });
      expect(words.find((w) => w.key === 'gros mot')).toMatchObject({ hidden: false, count: 2 });
      await rejects(
        store.interactions.setWordHidden({ cloudId: c, key: 'nobody', hidden: true, at: 302 }),
        'NOT_FOUND',
      );
    });

    it('applies the remote window to words too', async () => {
      const c = await store.interactions.createCloud({
        id: 'c1',
        sessionId: OTHER,
        definition: cloudDef,
        at: 100,
      });
      await store.interactions.openInteraction({ kind: 'cloud', id: c.id }, 110);
      await store.interactions.closeInteraction({ kind: 'cloud', id: c.id }, 1_000);
      await rejects(word(c.id, 'hall', 'confiance', { at: 1_001 }), 'CLOSED');
      expect((await word(c.id, 'home', 'confiance', { mode: 'remote', at: 30_000 })).counted).toBe(true);
      await rejects(word(c.id, 'home2', 'confiance', { mode: 'remote', at: 31_000 }), 'CLOSED');
      await store.interactions.finalizeInteraction({ kind: 'cloud', id: c.id }, 31_000);
      expect((await store.interactions.cloudResults(c.id))?.final).toBe(true);
    });

    // --- screen ---

    it('shows one thing at a time: a poll or cloud replaces the on-screen question and back', async () => {
      const q = await store.questions.askQuestion({
        id: 'q1',
        sessionId: SESSION,
        authorId: 'alice',
        clientId: 'client-q1-xxxx',
        text: 'Une question ?',
        anonymous: false,
        authorName: 'Alice',
        authorMode: 'onsite',
        at: 10,
      });
      await store.questions.setOnScreen({ sessionId: SESSION, questionId: q.question.id, at: 20 });
      const pollId = await poll();
      const before = await store.questions.getLive(SESSION);
      const shown = await store.interactions.setScreen({
        sessionId: SESSION,
        item: { kind: 'poll', id: pollId, split: false },
        at: 30,
      });
      expect(shown.screenChanged).toBe(true);
      expect(shown.seq).toBe(before.seq + 1);
      expect(shown.live).toMatchObject({
        onScreenId: null,
        screen: { kind: 'poll', id: pollId, split: false },
      });
      expect(shown.onScreen).toBeNull();
      expect((await store.questions.getLive(SESSION)).screen).toEqual({
        kind: 'poll',
        id: pollId,
        split: false,
      });

      const back = await store.questions.setOnScreen({
        sessionId: SESSION,
        questionId: q.question.id,
        at: 40,
      });
      expect(back.live).toMatchObject({
        onScreenId: q.question.id,
        screen: { kind: 'question', id: q.question.id },
      });
      const viaScreen = await store.interactions.setScreen({
        sessionId: SESSION,
        item: { kind: 'question', id: q.question.id },
        at: 45,
      });
      expect(viaScreen.screenChanged).toBe(false);
      const cleared = await store.interactions.setScreen({ sessionId: SESSION, item: null, at: 50 });
      expect(cleared.live).toMatchObject({ onScreenId: null, screen: null });
      expect(cleared.screenChanged).toBe(true);
    });

    it('shows a poll split between hall and remote, changes only that, and clears it with the screen', async () => {
      const pollId = await poll();
      const split = { kind: 'poll' as const, id: pollId, split: true };
      const shown = await store.interactions.setScreen({ sessionId: SESSION, item: split, at: 30 });
      expect(shown).toMatchObject({ screenChanged: true, live: { onScreenId: null, screen: split } });
      expect((await store.questions.getLive(SESSION)).screen).toEqual(split);

      const again = await store.interactions.setScreen({ sessionId: SESSION, item: split, at: 31 });
      expect(again.screenChanged).toBe(false);
      const whole = await store.interactions.setScreen({
        sessionId: SESSION,
        item: { ...split, split: false },
        at: 32,
      });
      expect(whole.screenChanged).toBe(true);
      expect(whole.live.screen).toEqual({ ...split, split: false });
      const back = await store.interactions.setScreen({ sessionId: SESSION, item: split, at: 33 });
      expect(back).toMatchObject({ screenChanged: true, live: { screen: split } });

      store = await factory.reopen(store);
      expect((await store.questions.getLive(SESSION)).screen).toEqual(split);

      // Another poll, or nothing, does not inherit the split.
      const other = await poll();
      const next = await store.interactions.setScreen({
        sessionId: SESSION,
        item: { kind: 'poll', id: other, split: false },
        at: 40,
      });
      expect(next.live.screen).toEqual({ kind: 'poll', id: other, split: false });
      await store.interactions.setScreen({ sessionId: SESSION, item: split, at: 41 });
      const cleared = await store.interactions.setScreen({ sessionId: SESSION, item: null, at: 42 });
      expect(cleared).toMatchObject({ screenChanged: true, live: { screen: null } });
      const reshown = await store.interactions.setScreen({
        sessionId: SESSION,
        item: { ...split, split: false },
        at: 43,
      });
      expect(reshown.live.screen).toEqual({ ...split, split: false });
      store = await factory.reopen(store);
      expect((await store.questions.getLive(SESSION)).screen).toEqual({ ...split, split: false });
    });

    it("refuses a draft, a missing item or another session's item on screen, changing nothing", async () => {
      const draft = await store.interactions.createCloud({
        id: 'c1',
        sessionId: SESSION,
        definition: cloudDef,
        at: 100,
      });
      const other = await poll(single, OTHER);
      const before = await store.questions.getLive(SESSION);
      await rejects(
        store.interactions.setScreen({ sessionId: SESSION, item: { kind: 'cloud', id: draft.id }, at: 1 }),
        'CONFLICT',
      );
      await rejects(
        store.interactions.setScreen({
          sessionId: SESSION,
          item: { kind: 'poll', id: other, split: true },
          at: 1,
        }),
        'NOT_FOUND',
      );
      await rejects(
        store.interactions.setScreen({
          sessionId: SESSION,
          item: { kind: 'poll', id: 'nope', split: false },
          at: 1,
        }),
        'NOT_FOUND',
      );
      await rejects(store.interactions.setScreen({ sessionId: 'missing', item: null, at: 1 }), 'NOT_FOUND');
      expect(await store.questions.getLive(SESSION)).toEqual(before);
    });

    // --- durability ---

    it('still holds polls, ballots, words, flags and the screen after a reopen', async () => {
      const pollId = await poll(single, OTHER);
      await vote(pollId, 'alice', ['a'], { clientId: 'client-alice-1' });
      await vote(pollId, 'alice', ['b'], { clientId: 'client-alice-2' });
      await vote(pollId, 'bob', ['b'], { mode: 'remote' });
      await store.interactions.closeInteraction({ kind: 'poll', id: pollId }, 1_000);
      const c = await cloud();
      await word(c, 'p1', 'confiance', { text: 'Confiance', clientId: 'client-word-1' });
      await word(c, 'p2', 'gros mot', { blocked: true });
      await store.interactions.setWordHidden({ cloudId: c, key: 'confiance', hidden: true, at: 300 });
      await store.interactions.setScreen({ sessionId: SESSION, item: { kind: 'cloud', id: c }, at: 310 });
      const before = {
        interactions: await store.interactions.listInteractions(SESSION),
        other: await store.interactions.listInteractions(OTHER),
        poll: await store.interactions.pollResults(pollId),
        cloud: await store.interactions.cloudResults(c),
        live: await store.questions.getLive(SESSION),
        closing: await store.interactions.listClosing(),
        ballots: await store.interactions.listMyBallots(OTHER, 'alice'),
        words: await store.interactions.listMyWords(SESSION, 'p1'),
      };
      store = await factory.reopen(store);
      expect({
        interactions: await store.interactions.listInteractions(SESSION),
        other: await store.interactions.listInteractions(OTHER),
        poll: await store.interactions.pollResults(pollId),
        cloud: await store.interactions.cloudResults(c),
        live: await store.questions.getLive(SESSION),
        closing: await store.interactions.listClosing(),
        ballots: await store.interactions.listMyBallots(OTHER, 'alice'),
        words: await store.interactions.listMyWords(SESSION, 'p1'),
      }).toEqual(before);
      // Idempotency survives the restart too.
      const retry = await vote(pollId, 'alice', ['a'], {
        clientId: 'client-alice-1',
        mode: 'remote',
        at: 1_001,
      });
      expect(retry).toMatchObject({ counted: false, ballot: { choices: ['b'] } });
      expect((await word(c, 'p1', 'autre', { clientId: 'client-word-1' })).word.key).toBe('confiance');
      // The remote window goes on after the restart.
      await store.interactions.finalizeInteraction({ kind: 'poll', id: pollId }, 31_000);
      expect((await store.interactions.getPoll(pollId))?.status).toBe('closed');
    });
  });
}
