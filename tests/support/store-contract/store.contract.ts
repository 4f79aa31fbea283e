import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPolicy, type Admission, type AppError } from '@agora/shared';
import type { NewQuestion } from '../../../server/src/modules/questions/questions.store.ts';
import type { Store } from '../../../server/src/store/store.ts';
import { EDITION, edition, rejects, seedEdition, session, SESSION } from './fixtures.ts';

/** A fresh store per test; `reopen` closes and reopens the same data (for durable implementations). */
export interface StoreFactory {
  open(): Promise<Store>;
  reopen(store: Store): Promise<Store>;
  cleanup(): Promise<void>;
}

let counter = 0;
function question(overrides: Partial<NewQuestion> = {}): NewQuestion {
  counter += 1;
  return {
    id: `q${counter}`,
    sessionId: SESSION,
    authorId: 'alice',
    clientId: `client-${counter}-xxxx`,
    text: `Question ${counter} ?`,
    anonymous: false,
    authorName: 'Alice',
    authorMode: 'onsite',
    at: 10,
    ...overrides,
  };
}

/** The behaviour every Store implementation must have; run against each of them. */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
    });

    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('is empty before the first edition and not after', async () => {
      expect(await store.program.isEmpty()).toBe(false);
      expect(await store.program.getEditionBySlug('ed-one')).toMatchObject({ id: EDITION });
      expect(await store.program.getEditionBySlug('nope')).toBeNull();
    });

    it('refuses an edition a slug another edition holds, and keeps both as they were', async () => {
      await store.program.putEdition({ ...edition, id: 'ed2', slug: 'ed-two' });
      const error = await store.program.putEdition({ ...edition, id: 'ed3', slug: 'ed-one' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'CONFLICT', message: 'this slug is taken' });
      await rejects(store.program.putEdition({ ...edition, id: 'ed2', slug: 'ed-one' }), 'CONFLICT');
      expect(await store.program.getEdition('ed3')).toBeNull();
      expect(await store.program.getEditionBySlug('ed-one')).toMatchObject({ id: EDITION });
      expect(await store.program.getEditionBySlug('ed-two')).toMatchObject({ id: 'ed2' });
      // Its own slug again, or a free one, is an ordinary change; the old slug is free after it.
      await store.program.putEdition({ ...edition, name: 'Renamed' });
      await store.program.putEdition({ ...edition, id: 'ed2', slug: 'ed-three' });
      await store.program.putEdition({ ...edition, id: 'ed3', slug: 'ed-two' });
      expect(await store.program.getEditionBySlug('ed-two')).toMatchObject({ id: 'ed3' });
    });

    it("changes a session's remote stream delay", async () => {
      const updated = await store.program.setRemoteDelay(SESSION, 45);
      expect(updated.remoteDelaySeconds).toBe(45);
      expect((await store.program.getSession(SESSION))?.remoteDelaySeconds).toBe(45);
      await rejects(store.program.setRemoteDelay('missing', 10), 'NOT_FOUND');
    });

    it("blacks out a session's projectors and keeps that through an edit of the session", async () => {
      expect((await store.program.getSession(SESSION))?.blackout ?? false).toBe(false);
      expect((await store.program.setBlackout(SESSION, true)).blackout).toBe(true);
      const stored = await store.program.getSession(SESSION);
      expect(stored?.blackout).toBe(true);
      await store.program.putSession({ ...session(SESSION), title: 'Renamed' });
      expect(await store.program.getSession(SESSION)).toMatchObject({ title: 'Renamed', blackout: true });
      expect((await store.program.setBlackout(SESSION, false)).blackout).toBe(false);
      await rejects(store.program.setBlackout('missing', true), 'NOT_FOUND');
    });

    it('lists the sessions of an edition by start time and changes a policy', async () => {
      await store.program.putSession(session('early', { startsAt: 10 }));
      expect((await store.program.listSessions(EDITION)).map((s) => s.id)).toEqual(['early', SESSION]);
      const updated = await store.program.setPolicy(SESSION, {
        ask: 'onsite',
        upvote: 'nobody',
        vote: 'onsite',
      });
      expect(updated.policy).toEqual({ ask: 'onsite', upvote: 'nobody', vote: 'onsite' });
      expect((await store.program.getSession(SESSION))?.policy).toEqual({
        ask: 'onsite',
        upvote: 'nobody',
        vote: 'onsite',
      });
    });

    it('finds a code by its hash and stops finding it live once revoked', async () => {
      await store.identity.putRegistrant({
        id: 'alice',
        editionId: EDITION,
        name: 'Alice',
        email: 'a@example.org',
        organisation: 'X',
        attendance: 'onsite',
      });
      await store.identity.putCode({
        hash: 'h1',
        role: 'participant',
        principalId: 'alice',
        editionId: EDITION,
        revoked: false,
      });
      expect(await store.identity.findCode('h1')).toMatchObject({ principalId: 'alice', revoked: false });
      expect(await store.identity.getPrincipal('participant', 'alice')).toMatchObject({
        role: 'participant',
        name: 'Alice',
      });
      expect(await store.identity.getPrincipal('moderator', 'alice')).toBeNull();
      expect(await store.identity.revokeCodes('participant', 'alice')).toBe(1);
      expect(await store.identity.findCode('h1')).toMatchObject({ revoked: true });
    });

    it('adds a question as pending, bumps the sequence and the pending count', async () => {
      const result = await store.questions.askQuestion(question());
      expect(result.created).toBe(true);
      expect(result.question.status).toBe('pending');
      expect(result.seq).toBe(1);
      expect(await store.questions.getLive(SESSION)).toEqual({
        seq: 1,
        onScreenId: null,
        pending: 1,
        screen: null,
      });
    });

    it('answers a retried ask with the original question and changes nothing', async () => {
      const input = question();
      const first = await store.questions.askQuestion(input);
      const again = await store.questions.askQuestion({ ...input, id: 'other-id', text: 'different text' });
      expect(again.created).toBe(false);
      expect(again.changed).toEqual([]);
      expect(again.question.id).toBe(first.question.id);
      expect(again.question.text).toBe(input.text);
      expect(await store.questions.listQuestions(SESSION)).toHaveLength(1);
      expect((await store.questions.getLive(SESSION)).seq).toBe(1);
    });

    it('refuses a question for a session that does not exist', async () => {
      await rejects(store.questions.askQuestion(question({ sessionId: 'missing' })), 'NOT_FOUND');
    });

    it('refuses a new question under the id of another one, keeping the first', async () => {
      const first = await store.questions.askQuestion(question());
      await rejects(
        store.questions.askQuestion(question({ id: first.question.id, authorId: 'bob' })),
        'CONFLICT',
      );
      expect(await store.questions.listQuestions(SESSION)).toEqual([first.question]);
      expect(await store.questions.getLive(SESSION)).toMatchObject({ seq: 1, pending: 1 });
    });

    it('answers upvotes sent together as if each had been sent alone, in the order sent', async () => {
      // Two sessions alike: three questions each (the first on screen, the third still pending);
      // the same upvotes go to the first one after the other and to the second all at once.
      await store.program.putSession(session('ses2'));
      const ids = (sid: string) => [`${sid}-on`, `${sid}-up`, `${sid}-pending`];
      for (const sid of [SESSION, 'ses2']) {
        const [on, up, pending] = ids(sid);
        for (const id of [on!, up!, pending!])
          await store.questions.askQuestion(question({ id, sessionId: sid, clientId: `client-${id}` }));
        await store.questions.moderate({ questionId: up!, action: 'approve', at: 11 });
        await store.questions.setOnScreen({ sessionId: sid, questionId: on!, at: 12 });
      }
      const onsite = { editionId: EDITION, audiences: ['everyone' as const, 'onsite' as const] };
      const sends: [number, string, boolean, Admission?][] = [
        [0, 'bob', true, onsite],
        [1, 'bob', true, onsite],
        [0, 'carol', true],
        [0, 'bob', true, onsite],
        [2, 'bob', true, onsite],
        [1, 'eve', true, { ...onsite, editionId: 'other' }],
        [0, 'bob', false, onsite],
        [1, 'dan', true, onsite],
        [0, 'bob', false],
        [0, 'bob', true, onsite],
      ];
      const label = (id: string) => id.replace(/^[^-]+-/, '');
      const outcome = (
        settled: PromiseSettledResult<Awaited<ReturnType<Store['questions']['setUpvote']>>>,
      ) =>
        settled.status === 'rejected'
          ? (settled.reason as AppError).code
          : {
              seq: settled.value.seq,
              liveSeq: settled.value.live.seq,
              question: [label(settled.value.question.id), settled.value.question.votes],
              changed: settled.value.changed.map((q) => [label(q.id), q.votes]),
              onScreen: settled.value.onScreen && [
                label(settled.value.onScreen.id),
                settled.value.onScreen.votes,
              ],
              upvoted: settled.value.upvoted,
            };
      const send = (sid: string, [n, voterId, up, admission]: (typeof sends)[number]) =>
        store.questions.setUpvote({ questionId: ids(sid)[n]!, voterId, up, at: 20, admission });
      const alone = [];
      for (const s of sends) alone.push(outcome((await Promise.allSettled([send(SESSION, s)]))[0]!));
      const together = (await Promise.allSettled(sends.map((s) => send('ses2', s)))).map(outcome);
      expect(together).toEqual(alone);
      // Six changes, numbered in turn from the setup's five; a refusal or no change keeps the number.
      expect(alone.map((o) => (typeof o === 'string' ? o : o.seq))).toEqual([
        6,
        7,
        8,
        8,
        'CONFLICT',
        'NOT_FOUND',
        9,
        10,
        10,
        11,
      ]);
      expect((await store.questions.getLive('ses2')).seq).toBe(11);
      expect(await store.questions.listUpvoted('ses2', 'bob')).toEqual([ids('ses2')[0], ids('ses2')[1]]);
    });

    it('counts one upvote per voter and lets it be removed', async () => {
      const { question: q } = await store.questions.askQuestion(question());
      await rejects(
        store.questions.setUpvote({ questionId: q.id, voterId: 'bob', up: true, at: 11 }),
        'CONFLICT',
      );
      await store.questions.moderate({ questionId: q.id, action: 'approve', at: 12 });
      const up = await store.questions.setUpvote({ questionId: q.id, voterId: 'bob', up: true, at: 13 });
      expect(up.question.votes).toBe(1);
      const twice = await store.questions.setUpvote({ questionId: q.id, voterId: 'bob', up: true, at: 14 });
      expect(twice.question.votes).toBe(1);
      expect(twice.changed).toEqual([]);
      await store.questions.setUpvote({ questionId: q.id, voterId: 'carol', up: true, at: 15 });
      expect(await store.questions.listUpvoted(SESSION, 'bob')).toEqual([q.id]);
      const down = await store.questions.setUpvote({ questionId: q.id, voterId: 'bob', up: false, at: 16 });
      expect(down.question.votes).toBe(1);
      expect(down.upvoted).toBe(false);
      expect(await store.questions.listUpvoted(SESSION, 'bob')).toEqual([]);
    });

    it("checks the voter's admission in the upvote's own write: edition, then the upvote policy; a withdrawal by edition alone", async () => {
      const { question: q } = await store.questions.askQuestion(question());
      await store.questions.moderate({ questionId: q.id, action: 'approve', at: 12 });
      const onsite = { editionId: EDITION, audiences: ['everyone' as const, 'onsite' as const] };
      const remote = { editionId: EDITION, audiences: ['everyone' as const] };
      const upvote = (voterId: string, up: boolean, admission: Admission) =>
        store.questions.setUpvote({ questionId: q.id, voterId, up, at: 13, admission });
      expect((await upvote('bob', true, remote)).question.votes).toBe(1);
      await rejects(upvote('eve', true, { ...remote, editionId: 'other' }), 'NOT_FOUND');
      await rejects(upvote('bob', false, { ...remote, editionId: 'other' }), 'NOT_FOUND');
      await store.program.setPolicy(SESSION, { ...defaultPolicy('plenary'), upvote: 'onsite' });
      const refused = await upvote('dan', true, remote).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      expect(refused).toMatchObject({
        code: 'POLICY_FORBIDS',
        message: 'only on-site participants may upvote in this session',
      });
      // The vote policy is not the upvote's.
      await store.program.setPolicy(SESSION, {
        ...defaultPolicy('plenary'),
        vote: 'nobody',
        upvote: 'onsite',
      });
      expect((await upvote('carol', true, onsite)).question.votes).toBe(2);
      // Withdrawing is always allowed, whatever the policy.
      await store.program.setPolicy(SESSION, { ...defaultPolicy('plenary'), upvote: 'nobody' });
      expect((await upvote('bob', false, remote)).question.votes).toBe(1);
      await rejects(upvote('bob', true, onsite), 'POLICY_FORBIDS');
      expect(await store.questions.listUpvoted(SESSION, 'carol')).toEqual([q.id]);
      expect((await store.questions.getQuestion(q.id))?.votes).toBe(1);
      await rejects(
        store.questions.setUpvote({
          questionId: 'missing',
          voterId: 'bob',
          up: true,
          at: 14,
          admission: onsite,
        }),
        'NOT_FOUND',
      );
    });

    it('keeps the pending count exact through every status change', async () => {
      const a = (await store.questions.askQuestion(question())).question;
      const b = (await store.questions.askQuestion(question())).question;
      const c = (await store.questions.askQuestion(question())).question;
      expect((await store.questions.getLive(SESSION)).pending).toBe(3);
      await store.questions.moderate({ questionId: a.id, action: 'approve', at: 20 });
      await store.questions.moderate({ questionId: b.id, action: 'reject', at: 21 });
      await store.questions.moderate({ questionId: b.id, action: 'reopen', at: 22 });
      await store.questions.mergeQuestions({ sourceId: c.id, targetId: a.id, at: 23 });
      expect((await store.questions.getLive(SESSION)).pending).toBe(1);
      await rejects(store.questions.moderate({ questionId: b.id, action: 'reopen', at: 24 }), 'CONFLICT');
    });

    it('stars and unstars without touching the status', async () => {
      const q = (await store.questions.askQuestion(question())).question;
      const starred = await store.questions.moderate({ questionId: q.id, action: 'star', at: 20 });
      expect(starred.changed[0]).toMatchObject({ starred: true, status: 'pending' });
      const unstarred = await store.questions.moderate({ questionId: q.id, action: 'unstar', at: 21 });
      expect(unstarred.changed[0]).toMatchObject({ starred: false });
    });

    it('keeps the original text and an audit entry for every edit', async () => {
      const q = (await store.questions.askQuestion(question({ text: 'Coment coopérer ?' }))).question;
      const change = await store.questions.editQuestion({
        questionId: q.id,
        text: 'Comment coopérer ?',
        by: 'mod',
        at: 30,
      });
      expect(change.changed[0]).toMatchObject({
        text: 'Comment coopérer ?',
        originalText: 'Coment coopérer ?',
        edits: [{ at: 30, by: 'mod', from: 'Coment coopérer ?', to: 'Comment coopérer ?' }],
      });
    });

    it('merges a duplicate: voters united without double votes, source marked merged', async () => {
      const target = (await store.questions.askQuestion(question())).question;
      const source = (await store.questions.askQuestion(question({ authorId: 'bob' }))).question;
      for (const q of [target, source])
        await store.questions.moderate({ questionId: q.id, action: 'approve', at: 20 });
      await store.questions.setUpvote({ questionId: target.id, voterId: 'carol', up: true, at: 21 });
      await store.questions.setUpvote({ questionId: source.id, voterId: 'carol', up: true, at: 22 });
      await store.questions.setUpvote({ questionId: source.id, voterId: 'dan', up: true, at: 23 });
      const change = await store.questions.mergeQuestions({
        sourceId: source.id,
        targetId: target.id,
        at: 24,
      });
      const merged = change.changed.find((q) => q.id === target.id);
      expect(merged).toMatchObject({ votes: 2, merged: [source.id] });
      expect(change.changed.find((q) => q.id === source.id)).toMatchObject({
        status: 'merged',
        mergedInto: target.id,
      });
      await rejects(
        store.questions.mergeQuestions({ sourceId: source.id, targetId: target.id, at: 25 }),
        'CONFLICT',
      );
      await rejects(
        store.questions.mergeQuestions({ sourceId: target.id, targetId: target.id, at: 25 }),
        'CONFLICT',
      );
      await rejects(
        store.questions.moderate({ questionId: source.id, action: 'approve', at: 26 }),
        'CONFLICT',
      );
    });

    it('puts one question on screen at a time, approving a pending one, and clears it', async () => {
      const a = (await store.questions.askQuestion(question())).question;
      const b = (await store.questions.askQuestion(question())).question;
      const shown = await store.questions.setOnScreen({ sessionId: SESSION, questionId: a.id, at: 40 });
      expect(shown.live.onScreenId).toBe(a.id);
      expect(shown.onScreen).toMatchObject({ id: a.id, status: 'approved' });
      expect(shown.live.pending).toBe(1);
      await store.questions.moderate({ questionId: b.id, action: 'approve', at: 41 });
      expect(
        (await store.questions.setOnScreen({ sessionId: SESSION, questionId: b.id, at: 42 })).live.onScreenId,
      ).toBe(b.id);
      const cleared = await store.questions.setOnScreen({ sessionId: SESSION, questionId: null, at: 43 });
      expect(cleared.live.onScreenId).toBeNull();
      expect(cleared.onScreen).toBeNull();
    });

    it('keeps the shared screen in step with the on-screen question', async () => {
      const a = (await store.questions.askQuestion(question())).question;
      const shown = await store.questions.setOnScreen({ sessionId: SESSION, questionId: a.id, at: 40 });
      expect(shown.live.screen).toEqual({ kind: 'question', id: a.id });
      expect(shown.screenChanged).toBe(true);
      const again = await store.questions.setOnScreen({ sessionId: SESSION, questionId: a.id, at: 41 });
      expect(again.screenChanged).toBe(false);
      expect(again.seq).toBe(shown.seq + 1);
      const starred = await store.questions.moderate({ questionId: a.id, action: 'star', at: 42 });
      expect(starred.screenChanged).toBe(false);
      expect(starred.live.screen).toEqual({ kind: 'question', id: a.id });
      const rejected = await store.questions.moderate({ questionId: a.id, action: 'reject', at: 43 });
      expect(rejected.screenChanged).toBe(true);
      expect(rejected.live).toMatchObject({ onScreenId: null, screen: null });
      expect((await store.questions.getLive(SESSION)).screen).toBeNull();
    });

    it('takes a merged question off the screen', async () => {
      const a = (await store.questions.askQuestion(question())).question;
      const b = (await store.questions.askQuestion(question())).question;
      await store.questions.moderate({ questionId: b.id, action: 'approve', at: 40 });
      await store.questions.setOnScreen({ sessionId: SESSION, questionId: a.id, at: 41 });
      const merged = await store.questions.mergeQuestions({ sourceId: a.id, targetId: b.id, at: 42 });
      expect(merged.screenChanged).toBe(true);
      expect(merged.live).toMatchObject({ onScreenId: null, screen: null });
    });

    it('takes an answered or rejected question off the screen', async () => {
      const a = (await store.questions.askQuestion(question())).question;
      await store.questions.setOnScreen({ sessionId: SESSION, questionId: a.id, at: 40 });
      const answered = await store.questions.moderate({ questionId: a.id, action: 'answer', at: 41 });
      expect(answered.live.onScreenId).toBeNull();
      expect(answered.live.screen).toBeNull();
      expect(answered.screenChanged).toBe(true);
      await rejects(
        store.questions.setOnScreen({ sessionId: SESSION, questionId: a.id, at: 42 }),
        'CONFLICT',
      );
    });

    it('changes nothing, not even the sequence, when an operation is refused', async () => {
      const a = (await store.questions.askQuestion(question())).question;
      const before = await store.questions.getLive(SESSION);
      await rejects(
        store.questions.setUpvote({ questionId: a.id, voterId: 'x', up: true, at: 50 }),
        'CONFLICT',
      );
      await rejects(
        store.questions.moderate({ questionId: 'missing', action: 'approve', at: 50 }),
        'NOT_FOUND',
      );
      await rejects(
        store.questions.setOnScreen({ sessionId: 'missing', questionId: null, at: 50 }),
        'NOT_FOUND',
      );
      expect(await store.questions.getLive(SESSION)).toEqual(before);
      expect((await store.questions.getQuestion(a.id))?.votes).toBe(0);
    });

    it('gives every change its own consecutive sequence number', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.questions.askQuestion(question())),
      );
      expect(results.map((r) => r.seq).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });

    it('still holds everything after a reopen', async () => {
      const a = (await store.questions.askQuestion(question())).question;
      await store.questions.moderate({ questionId: a.id, action: 'approve', at: 20 });
      await store.questions.setUpvote({ questionId: a.id, voterId: 'bob', up: true, at: 21 });
      await store.questions.setOnScreen({ sessionId: SESSION, questionId: a.id, at: 22 });
      const before = {
        live: await store.questions.getLive(SESSION),
        questions: await store.questions.listQuestions(SESSION),
      };
      store = await factory.reopen(store);
      expect({
        live: await store.questions.getLive(SESSION),
        questions: await store.questions.listQuestions(SESSION),
      }).toEqual(before);
      expect(await store.questions.listUpvoted(SESSION, 'bob')).toEqual([a.id]);
      const again = await store.questions.askQuestion({
        ...question(),
        authorId: a.authorId,
        clientId: a.clientId,
      });
      expect(again.created).toBe(false);
    });
  });
}
