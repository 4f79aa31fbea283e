import { afterAll, describe, expect, it } from 'vitest';
import type { ModeratorSnapshot, ModQuestion, MyQuestion } from '@agora/shared';
import { actor, clientId, type Actor } from '../support/actors.ts';
import {
  closeAllSockets,
  codesOf,
  connect,
  joinWithCode,
  nextEvent,
  ok,
  serverFleet,
  type RunningServer,
} from '../support/server-process.ts';

const fleet = serverFleet();
const start = fleet.start;

afterAll(async () => {
  closeAllSockets();
  await fleet.stop();
});

const byId = (snapshot: ModeratorSnapshot) => new Map(snapshot.qa.questions.map((q) => [q.id, q]));

/** Every participant of the demo, joined and connected. */
async function everyone(server: RunningServer): Promise<Actor[]> {
  return Promise.all(codesOf(server.demo, 'participant').map((_, n) => actor(server, 'participant', n)));
}

describe('durability across kill -9', () => {
  it('restores every acknowledged question, vote, edit, merge and the screen after kill -9', async () => {
    const first = await start();
    const session = first.demo.plenarySessionId;
    const mod = await actor(first, 'moderator', 0);
    await ok(mod.socket, 'moderation:join', { sessionId: session });
    const people = (await everyone(first)).slice(0, 12);

    // Everyone asks twice at the same time.
    const asked: MyQuestion[] = await Promise.all(
      people.flatMap((p, i) =>
        [0, 1].map((k) =>
          ok(p.socket, 'question:ask', {
            sessionId: session,
            clientId: clientId(),
            text: `Question durable ${k} de ${i}`,
            anonymous: k === 1,
          }),
        ),
      ),
    );
    // The moderator approves most, rejects some, leaves a few pending.
    const fate = (i: number) => (i % 6 === 5 ? 'pending' : i % 6 === 4 ? 'reject' : 'approve');
    const moderated = await Promise.all(
      asked.map((q, i) =>
        fate(i) === 'pending'
          ? Promise.resolve(null)
          : ok(mod.socket, 'question:moderate', {
              questionId: q.id,
              action: fate(i) as 'approve' | 'reject',
            }),
      ),
    );
    const approved = asked.filter((_, i) => fate(i) === 'approve');
    const [target, source, edited, starred, answered, shown] = approved;
    if (!target || !source || !edited || !starred || !answered || !shown) throw new Error('too few approved');

    // Concurrent upvotes: participant i upvotes the first (i % 5) + 1 approved questions; some take one back.
    const voters = new Map<string, Set<string>>(approved.map((q) => [q.id, new Set()]));
    const upvotes = await Promise.all(
      people.flatMap((p, i) =>
        approved.slice(0, (i % 5) + 1).map(async (q) => {
          const result = await ok(p.socket, 'question:upvote', { questionId: q.id, up: true });
          voters.get(q.id)!.add(p.me.id);
          return result;
        }),
      ),
    );
    expect(upvotes.every((u) => u.upvoted)).toBe(true);
    await Promise.all(
      people
        .filter((_, i) => i % 3 === 0)
        .map(async (p) => {
          await ok(p.socket, 'question:upvote', { questionId: target.id, up: false });
          voters.get(target.id)!.delete(p.me.id);
        }),
    );

    // Moderation of every kind, all at once, each acked.
    const [mergedTarget, editAck, , , showAck] = await Promise.all([
      ok(mod.socket, 'question:merge', { sourceId: source.id, targetId: target.id }),
      ok(mod.socket, 'question:edit', { questionId: edited.id, text: 'Texte corrigé, durable' }),
      ok(mod.socket, 'question:moderate', { questionId: starred.id, action: 'star' }),
      ok(mod.socket, 'question:moderate', { questionId: answered.id, action: 'answer' }),
      ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'question', id: shown.id } }),
    ]);
    const unitedVoters = new Set([...voters.get(target.id)!, ...voters.get(source.id)!]);
    expect(mergedTarget.votes).toBe(unitedVoters.size);

    // The last ack is in: kill -9 right now, with no graceful anything.
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');

    const second = await start(first.dataDir);
    expect(second.demo).toEqual(first.demo);
    // Tokens are signed with the secret kept in the data folder: the moderator's still opens.
    const modAgain = await connect(second.url, mod.token);
    const after = await ok(modAgain, 'moderation:join', { sessionId: session });
    const questions = byId(after);

    for (const [i, q] of asked.entries()) {
      const restored = questions.get(q.id);
      expect(restored, `question ${i}`).toBeDefined();
      expect(restored!.originalText).toBe(q.text);
      const expectedStatus =
        q.id === source.id
          ? 'merged'
          : q.id === answered.id
            ? 'answered'
            : moderated[i]
              ? moderated[i].status
              : 'pending';
      expect(restored!.status, `status of question ${i}`).toBe(expectedStatus);
    }
    for (const q of approved) {
      const expectedVotes = q.id === target.id ? unitedVoters.size : voters.get(q.id)!.size;
      expect(questions.get(q.id)!.votes, `votes of ${q.text}`).toBe(expectedVotes);
    }
    expect(questions.get(source.id)).toMatchObject({ mergedInto: target.id });
    expect(questions.get(target.id)?.merged).toEqual([source.id]);
    expect(questions.get(edited.id)).toMatchObject({
      text: editAck.text,
      originalText: edited.text,
      edits: editAck.edits,
    });
    expect(questions.get(starred.id)?.starred).toBe(true);
    expect(after.live.screen).toEqual(showAck.screen);

    // Participants get their own questions and upvotes back.
    const p0 = people[1]!;
    const view = await ok(await connect(second.url, p0.token), 'session:join', { sessionId: session });
    expect(view.qa.seq).toBe(after.qa.seq);
    // Questions were asked two per person, in order: person 1 asked the third and fourth.
    expect(view.qa.mine.map((q) => q.id).sort()).toEqual([asked[2]!.id, asked[3]!.id].sort());
    expect(view.qa.myUpvotes.sort()).toEqual(
      approved
        .filter((q) => (q.id === target.id ? unitedVoters : voters.get(q.id)!).has(p0.me.id))
        .map((q) => q.id)
        .sort(),
    );
    expect(view.live.screen).toEqual({ kind: 'question', id: shown.id });

    // Numbering goes on from where it stopped.
    const next = nextEvent(modAgain, 'qa:moderation');
    await ok(modAgain, 'screen:show', { sessionId: session, item: null });
    expect((await next).seq).toBe(after.qa.seq + 1);
  });

  it('keeps every change acknowledged before a kill -9 in the middle of a burst, and nothing half-applied', async () => {
    const first = await start();
    const session = first.demo.plenarySessionId;
    const mod = await actor(first, 'moderator', 0);
    await ok(mod.socket, 'moderation:join', { sessionId: session });
    const people = await everyone(first);

    // Setup, fully acked: twelve approved questions with a few votes each.
    const base = await Promise.all(
      people.slice(0, 12).map((p, i) =>
        ok(p.socket, 'question:ask', {
          sessionId: session,
          clientId: clientId(),
          text: `Question de départ ${i}`,
          anonymous: false,
        }),
      ),
    );
    await Promise.all(
      base.map((q) => ok(mod.socket, 'question:moderate', { questionId: q.id, action: 'approve' })),
    );
    await Promise.all(
      people
        .slice(12, 18)
        .flatMap((p, i) =>
          base.slice(i, i + 3).map((q) => ok(p.socket, 'question:upvote', { questionId: q.id, up: true })),
        ),
    );

    // The burst: new questions, upvotes (up only) and merges, none awaited in order.
    type Sent =
      | { kind: 'ask'; who: Actor; clientId: string; text: string }
      | { kind: 'upvote'; who: Actor; questionId: string }
      | { kind: 'merge'; sourceId: string; targetId: string };
    const sent: Sent[] = [];
    const acked: { sent: Sent; data: unknown }[] = [];
    let killAt = Number.POSITIVE_INFINITY;
    let killing = false;
    const track = (s: Sent, p: Promise<unknown>) => {
      sent.push(s);
      p.then(
        (data) => {
          if (killing) return;
          acked.push({ sent: s, data });
          // kill -9 from inside the ack callback: the burst is still in flight.
          if (acked.length >= killAt) {
            killing = true;
            first.child.kill('SIGKILL');
          }
        },
        () => undefined,
      );
    };
    for (const [i, p] of people.entries()) {
      for (const k of [0, 1]) {
        const cid = clientId(`burst${k}`);
        const text = `Question en rafale ${k} de ${i}`;
        track(
          { kind: 'ask', who: p, clientId: cid, text },
          ok(p.socket, 'question:ask', { sessionId: session, clientId: cid, text, anonymous: false }),
        );
      }
      for (const q of base.slice((i * 5) % 12, ((i * 5) % 12) + 6)) {
        track(
          { kind: 'upvote', who: p, questionId: q.id },
          ok(p.socket, 'question:upvote', { questionId: q.id, up: true }),
        );
      }
    }
    for (const k of [0, 1, 2, 3]) {
      const sourceId = base[k * 2 + 1]!.id;
      const targetId = base[k * 2]!.id;
      track({ kind: 'merge', sourceId, targetId }, ok(mod.socket, 'question:merge', { sourceId, targetId }));
    }
    // Kill once a third of the burst is acknowledged.
    killAt = Math.ceil(sent.length / 3);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(killing).toBe(true);
    const ackedNow = [...acked];
    expect(ackedNow.length).toBeGreaterThanOrEqual(killAt);

    const second = await start(first.dataDir);
    const modAgain = await connect(second.url, mod.token);
    const after = await ok(modAgain, 'moderation:join', { sessionId: session });
    const questions = byId(after);

    // Every acknowledged change is there.
    for (const { sent: s, data } of ackedNow) {
      if (s.kind === 'ask') {
        const q = data as MyQuestion;
        expect(questions.get(q.id), `acked question ${s.text}`).toMatchObject({
          text: s.text,
          originalText: s.text,
        });
      } else if (s.kind === 'merge') {
        expect(questions.get(s.sourceId)).toMatchObject({ status: 'merged', mergedInto: s.targetId });
        expect(questions.get(s.targetId)?.merged).toContain(s.sourceId);
      }
    }

    // Each participant's view after the restart: their upvotes and their questions.
    const views = await Promise.all(
      people.map(async (p) => {
        const socket = await connect(second.url, p.token);
        return { p, socket, view: await ok(socket, 'session:join', { sessionId: session }) };
      }),
    );
    const upvotersOf = new Map<string, Set<string>>();
    for (const { p, view } of views) {
      for (const id of view.qa.myUpvotes) {
        if (!upvotersOf.has(id)) upvotersOf.set(id, new Set());
        upvotersOf.get(id)!.add(p.me.id);
      }
    }
    for (const { sent: s } of ackedNow) {
      if (s.kind !== 'upvote') continue;
      expect(upvotersOf.get(s.questionId)?.has(s.who.me.id), `acked upvote on ${s.questionId}`).toBe(true);
    }

    // Consistency: votes are the distinct upvoters, merges are whole, the queue count is exact.
    for (const q of after.qa.questions) {
      expect(q.votes, `votes of ${q.text}`).toBe(upvotersOf.get(q.id)?.size ?? 0);
      if (q.status === 'merged') {
        const target = questions.get(q.mergedInto!);
        expect(target?.merged).toContain(q.id);
        for (const voter of upvotersOf.get(q.id) ?? [])
          expect(upvotersOf.get(target!.id)?.has(voter)).toBe(true);
      } else {
        expect(q.mergedInto).toBeNull();
      }
      for (const id of q.merged)
        expect(questions.get(id)).toMatchObject({ status: 'merged', mergedInto: q.id });
    }
    const pending = after.qa.questions.filter((q: ModQuestion) => q.status === 'pending').length;
    expect(views[0]!.view.qa.pendingCount).toBe(pending);
    expect(views[0]!.view.qa.seq).toBe(after.qa.seq);

    // A client retries whatever was not acked: each client id ends up as exactly one question.
    const asks = sent.filter((s): s is Extract<Sent, { kind: 'ask' }> => s.kind === 'ask');
    await Promise.all(
      views.map(async ({ p, socket }) => {
        for (const s of asks.filter((a) => a.who === p)) {
          await ok(socket, 'question:ask', {
            sessionId: session,
            clientId: s.clientId,
            text: s.text,
            anonymous: false,
          });
        }
      }),
    );
    const final = await ok(modAgain, 'moderation:join', { sessionId: session });
    for (const s of asks)
      expect(
        final.qa.questions.filter((q) => q.text === s.text),
        s.text,
      ).toHaveLength(1);
    for (const { sent: s, data } of ackedNow) {
      if (s.kind === 'ask')
        expect(final.qa.questions.find((q) => q.text === s.text)?.id).toBe((data as MyQuestion).id);
    }
  });

  it('stops cleanly on SIGTERM and serves the same state after a restart', async () => {
    const first = await start();
    const session = first.demo.workshopSessionId;
    const author = await actor(first, 'participant', 0, 'onsite');
    const asked = await ok(author.socket, 'question:ask', {
      sessionId: session,
      clientId: clientId(),
      text: 'Une question avant l’arrêt',
      anonymous: false,
    });
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const second = await start(first.dataDir);
    const { token } = await joinWithCode(second.url, second.demo.slug, second.demo.codes[0]!.code);
    const view = await ok(await connect(second.url, token), 'session:join', { sessionId: session });
    expect(view.qa.mine.map((q) => q.id)).toContain(asked.id);
  });
});
