import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Programme,
  type AudienceQa,
  type ModerationQa,
  type ModQuestion,
  type PublicQuestion,
} from '@agora/shared';
import { actor, clientId, type Actor } from '../support/actors.ts';
import {
  closeAllSockets,
  getJson,
  nextEvent,
  ok,
  record,
  refused,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

let server: RunningServer;
let plenary: string;
/** Plenary sessions of the demo programme, so that a test can have one to itself. */
let quietSessions: string[];

beforeAll(async () => {
  server = await startServer();
  plenary = server.demo.plenarySessionId;
  const someone = await actor(server, 'participant', 0);
  const programme = await getJson(server.url, `/api/editions/${server.demo.slug}/programme`, Programme, {
    authorization: `Bearer ${someone.token}`,
  });
  quietSessions = programme.sessions.filter((s) => s.kind === 'plenary' && s.id !== plenary).map((s) => s.id);
  expect(quietSessions.length).toBeGreaterThanOrEqual(2);
});

afterAll(async () => {
  closeAllSockets();
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

const byId = <Q extends { id: string }>(questions: Q[], id: string) => questions.find((q) => q.id === id);

/** A moderator who joined the session, with the questions part of their snapshot. */
async function moderator(sessionId: string): Promise<Actor & { snapshot: ModerationQa }> {
  const mod = await actor(server, 'moderator', 0);
  return { ...mod, snapshot: (await ok(mod.socket, 'moderation:join', { sessionId })).qa };
}

async function audience(
  n: number,
  sessionId: string,
  attendance?: 'onsite' | 'remote',
): Promise<Actor & { snapshot: AudienceQa }> {
  const who = await actor(server, 'participant', n, attendance);
  return { ...who, snapshot: (await ok(who.socket, 'session:join', { sessionId })).qa };
}

/** Asks a question and has it approved; returns its id. */
async function approvedQuestion(author: Actor, mod: Actor, sessionId: string, text: string): Promise<string> {
  const q = await ok(author.socket, 'question:ask', {
    sessionId,
    clientId: clientId(),
    text,
    anonymous: false,
  });
  await ok(mod.socket, 'question:moderate', { questionId: q.id, action: 'approve' });
  return q.id;
}

describe('asking and moderating', () => {
  it('shows a new question to moderators at once and to the audience only once approved', async () => {
    const mod = await moderator(plenary);
    const author = await audience(0, plenary);
    const watcher = await audience(1, plenary);
    const projector = await actor(server, 'projector', 0);
    const screen = await ok(projector.socket, 'session:join', { sessionId: plenary });
    expect(screen.qa.mine).toEqual([]);
    expect(screen.qa.myUpvotes).toEqual([]);

    const text = 'Comment financer la coordination entre départements ?';
    const cid = clientId();
    const queued = nextEvent(mod.socket, 'qa:moderation', (d) => d.upsert.some((q) => q.text === text));
    const counted = nextEvent(
      watcher.socket,
      'qa:audience',
      (d) => d.pendingCount === watcher.snapshot.pendingCount + 1,
    );
    const mine = nextEvent(author.socket, 'question:mine', (q) => q.clientId === cid);
    const asked = await ok(author.socket, 'question:ask', {
      sessionId: plenary,
      clientId: cid,
      text,
      anonymous: false,
    });

    expect(asked).toMatchObject({
      sessionId: plenary,
      clientId: cid,
      text,
      status: 'pending',
      votes: 0,
      starred: false,
      authorName: author.me.name,
      authorMode: author.me.attendance,
      mergedInto: null,
    });
    const modDelta = await queued;
    expect(byId(modDelta.upsert, asked.id)).toMatchObject({
      status: 'pending',
      originalText: text,
      edits: [],
    });
    const audienceDelta = await counted;
    expect(audienceDelta.upsert.map((q) => q.id)).not.toContain(asked.id);
    expect((await mine).status).toBe('pending');

    // Not visible to the audience yet, but counted in the queue everyone sees.
    const before = await ok(watcher.socket, 'session:join', { sessionId: plenary });
    expect(byId(before.qa.questions, asked.id)).toBeUndefined();
    expect(before.qa.pendingCount).toBe(watcher.snapshot.pendingCount + 1);
    const authorView = await ok(author.socket, 'session:join', { sessionId: plenary });
    expect(byId(authorView.qa.mine, asked.id)?.status).toBe('pending');

    const shown = nextEvent(watcher.socket, 'qa:audience', (d) => d.upsert.some((q) => q.id === asked.id));
    const onProjector = nextEvent(projector.socket, 'qa:audience', (d) =>
      d.upsert.some((q) => q.id === asked.id),
    );
    const approvedMine = nextEvent(author.socket, 'question:mine', (q) => q.id === asked.id);
    const approved = await ok(mod.socket, 'question:moderate', { questionId: asked.id, action: 'approve' });
    expect(approved.status).toBe('approved');

    const seen = await shown;
    expect(byId(seen.upsert, asked.id)).toMatchObject({
      text,
      status: 'approved',
      authorName: author.me.name,
    });
    expect(seen.pendingCount).toBe(before.qa.pendingCount - 1);
    await onProjector;
    expect((await approvedMine).status).toBe('approved');
  });

  it('hides the author of an anonymous question from the audience and the projector', async () => {
    const mod = await moderator(plenary);
    const author = await audience(2, plenary);
    const projector = await actor(server, 'projector', 0);
    await ok(projector.socket, 'session:join', { sessionId: plenary });

    const asked = await ok(author.socket, 'question:ask', {
      sessionId: plenary,
      clientId: clientId(),
      text: 'Une question sans mon nom, s’il vous plaît.',
      anonymous: true,
    });
    const published = nextEvent(projector.socket, 'qa:audience', (d) =>
      d.upsert.some((q) => q.id === asked.id),
    );
    await ok(mod.socket, 'question:moderate', { questionId: asked.id, action: 'approve' });
    expect(byId((await published).upsert, asked.id)?.authorName).toBeNull();
    const view = await ok(projector.socket, 'session:join', { sessionId: plenary });
    expect(byId(view.qa.questions, asked.id)?.authorName).toBeNull();
    // The author still recognises it as theirs.
    const own = await ok(author.socket, 'session:join', { sessionId: plenary });
    expect(byId(own.qa.mine, asked.id)).toBeDefined();
  });

  it('answers a retried question with the original one instead of adding a second', async () => {
    const author = await audience(3, plenary);
    const mod = await moderator(plenary);
    const cid = clientId();
    const text = 'Quelle place pour les familles dans la coordination ?';
    const input = { sessionId: plenary, clientId: cid, text, anonymous: false };

    // A double tap sends both before either is acked; a retry after a lost ack comes later.
    const [first, second] = await Promise.all([
      ok(author.socket, 'question:ask', input),
      ok(author.socket, 'question:ask', input),
    ]);
    const retried = await ok(author.socket, 'question:ask', { ...input, text: `${text} (renvoyée)` });
    expect(second.id).toBe(first.id);
    expect(retried).toMatchObject({ id: first.id, text });

    const all = await ok(mod.socket, 'moderation:join', { sessionId: plenary });
    expect(all.qa.questions.filter((q) => q.text.startsWith(text))).toHaveLength(1);
    expect(all.qa.questions.filter((q) => q.status === 'pending').length).toBe(
      mod.snapshot.questions.filter((q) => q.status === 'pending').length + 1,
    );
    const own = await ok(author.socket, 'session:join', { sessionId: plenary });
    expect(own.qa.mine.filter((q) => q.clientId === cid)).toHaveLength(1);
  });

  it('rejects, answers, reopens and stars, telling the author and the audience', async () => {
    const mod = await moderator(plenary);
    const author = await audience(4, plenary);
    const watcher = await audience(5, plenary);
    const id = await approvedQuestion(author, mod, plenary, 'Faut-il un référent unique par enfant ?');

    const removed = nextEvent(watcher.socket, 'qa:audience', (d) => d.remove.includes(id));
    const rejectedMine = nextEvent(
      author.socket,
      'question:mine',
      (q) => q.id === id && q.status === 'rejected',
    );
    expect((await ok(mod.socket, 'question:moderate', { questionId: id, action: 'reject' })).status).toBe(
      'rejected',
    );
    await removed;
    await rejectedMine;
    expect(
      byId((await ok(watcher.socket, 'session:join', { sessionId: plenary })).qa.questions, id),
    ).toBeUndefined();
    expect(byId((await ok(author.socket, 'session:join', { sessionId: plenary })).qa.mine, id)?.status).toBe(
      'rejected',
    );

    // Reopening a rejected question puts it back in the queue.
    expect((await ok(mod.socket, 'question:moderate', { questionId: id, action: 'reopen' })).status).toBe(
      'pending',
    );
    expect((await refused(mod.socket, 'question:moderate', { questionId: id, action: 'reopen' })).code).toBe(
      'CONFLICT',
    );
    await ok(mod.socket, 'question:moderate', { questionId: id, action: 'approve' });

    const answered = nextEvent(watcher.socket, 'qa:audience', (d) =>
      d.upsert.some((q) => q.id === id && q.status === 'answered'),
    );
    await ok(mod.socket, 'question:moderate', { questionId: id, action: 'answer' });
    await answered;
    expect(
      byId((await ok(watcher.socket, 'session:join', { sessionId: plenary })).qa.questions, id)?.status,
    ).toBe('answered');
    // Reopening an answered question brings it back as approved.
    expect((await ok(mod.socket, 'question:moderate', { questionId: id, action: 'reopen' })).status).toBe(
      'approved',
    );

    const starred = nextEvent(watcher.socket, 'qa:audience', (d) =>
      d.upsert.some((q) => q.id === id && q.starred),
    );
    expect((await ok(mod.socket, 'question:moderate', { questionId: id, action: 'star' })).starred).toBe(
      true,
    );
    await starred;
    expect((await ok(mod.socket, 'question:moderate', { questionId: id, action: 'unstar' })).starred).toBe(
      false,
    );
  });

  it('keeps the original text and every edit when a moderator edits a question', async () => {
    const mod = await moderator(plenary);
    const author = await audience(6, plenary);
    const watcher = await audience(7, plenary);
    const original = 'coment on fai pour les ados en crise ??';
    const id = await approvedQuestion(author, mod, plenary, original);

    const first = 'Comment fait-on pour les adolescents en crise ?';
    const second = 'Comment accompagner les adolescents en crise ?';
    const mine = nextEvent(author.socket, 'question:mine', (q) => q.id === id && q.text === second);
    const seen = nextEvent(watcher.socket, 'qa:audience', (d) =>
      d.upsert.some((q) => q.id === id && q.text === second),
    );
    await ok(mod.socket, 'question:edit', { questionId: id, text: first });
    const edited = await ok(mod.socket, 'question:edit', { questionId: id, text: `  ${second}  ` });

    expect(edited.text).toBe(second);
    expect(edited.originalText).toBe(original);
    expect(edited.edits.map(({ from, to, by }) => ({ from, to, by }))).toEqual([
      { from: original, to: first, by: mod.me.id },
      { from: first, to: second, by: mod.me.id },
    ]);
    await mine;
    await seen;
    const snapshot = await ok(mod.socket, 'moderation:join', { sessionId: plenary });
    expect(byId(snapshot.qa.questions, id)).toMatchObject({ text: second, originalText: original });
    expect(byId(snapshot.qa.questions, id)?.edits).toHaveLength(2);
  });
});

describe('upvotes and merges', () => {
  it('counts one upvote per participant and lets them take it back', async () => {
    const mod = await moderator(plenary);
    const author = await audience(8, plenary);
    const [p1, p2] = await Promise.all([audience(9, plenary), audience(10, plenary)]);
    const id = await approvedQuestion(author, mod, plenary, 'Peut-on partager les comptes rendus ?');

    const counted = nextEvent(author.socket, 'qa:audience', (d) =>
      d.upsert.some((q) => q.id === id && q.votes === 2),
    );
    expect(await ok(p1.socket, 'question:upvote', { questionId: id, up: true })).toEqual({
      questionId: id,
      votes: 1,
      upvoted: true,
    });
    // A second upvote by the same person changes nothing.
    expect(await ok(p1.socket, 'question:upvote', { questionId: id, up: true })).toMatchObject({ votes: 1 });
    expect(await ok(p2.socket, 'question:upvote', { questionId: id, up: true })).toMatchObject({ votes: 2 });
    await counted;
    expect((await ok(p1.socket, 'session:join', { sessionId: plenary })).qa.myUpvotes).toContain(id);

    expect(await ok(p1.socket, 'question:upvote', { questionId: id, up: false })).toEqual({
      questionId: id,
      votes: 1,
      upvoted: false,
    });
    expect(await ok(p1.socket, 'question:upvote', { questionId: id, up: false })).toMatchObject({ votes: 1 });
    const view = await ok(p1.socket, 'session:join', { sessionId: plenary });
    expect(view.qa.myUpvotes).not.toContain(id);
    expect(byId(view.qa.questions, id)?.votes).toBe(1);
  });

  it('refuses an upvote on a question still waiting for moderation', async () => {
    const author = await audience(11, plenary);
    const voter = await audience(12, plenary);
    const q = await ok(author.socket, 'question:ask', {
      sessionId: plenary,
      clientId: clientId(),
      text: 'Une question encore en attente',
      anonymous: false,
    });
    expect((await refused(voter.socket, 'question:upvote', { questionId: q.id, up: true })).code).toBe(
      'CONFLICT',
    );
  });

  it('merges a duplicate into its target with votes united and no double vote', async () => {
    const mod = await moderator(plenary);
    const [authorA, authorB] = await Promise.all([audience(13, plenary), audience(14, plenary)]);
    const [both, onlyA, onlyB] = await Promise.all([
      audience(15, plenary),
      audience(16, plenary),
      audience(17, plenary),
    ]);
    const target = await approvedQuestion(
      authorA,
      mod,
      plenary,
      'Comment former les équipes au travail en réseau ?',
    );
    const source = await approvedQuestion(authorB, mod, plenary, 'Quelle formation au travail en réseau ?');
    await Promise.all([
      ok(both.socket, 'question:upvote', { questionId: target, up: true }),
      ok(both.socket, 'question:upvote', { questionId: source, up: true }),
      ok(onlyA.socket, 'question:upvote', { questionId: target, up: true }),
      ok(onlyB.socket, 'question:upvote', { questionId: source, up: true }),
    ]);

    const audienceDelta = nextEvent(both.socket, 'qa:audience', (d) => d.remove.includes(source));
    const modDelta = nextEvent(mod.socket, 'qa:moderation', (d) =>
      d.upsert.some((q) => q.id === source && q.status === 'merged'),
    );
    const authorBMine = nextEvent(
      authorB.socket,
      'question:mine',
      (q) => q.id === source && q.status === 'merged',
    );
    const merged = await ok(mod.socket, 'question:merge', { sourceId: source, targetId: target });

    expect(merged).toMatchObject({ id: target, votes: 3, merged: [source], status: 'approved' });
    expect(byId((await audienceDelta).upsert, target)?.votes).toBe(3);
    const upserted = (await modDelta).upsert;
    expect(byId(upserted, source)).toMatchObject({ status: 'merged', mergedInto: target });
    expect(byId(upserted, target)).toMatchObject({ votes: 3, merged: [source] });
    expect(await authorBMine).toMatchObject({ status: 'merged', mergedInto: target });

    // The one who upvoted both still has a single vote on the target, and cannot add another.
    expect(await ok(both.socket, 'question:upvote', { questionId: target, up: true })).toMatchObject({
      votes: 3,
      upvoted: true,
    });
    // The one who upvoted only the duplicate now holds an upvote on the target.
    expect((await ok(onlyB.socket, 'session:join', { sessionId: plenary })).qa.myUpvotes).toContain(target);
    const view = await ok(both.socket, 'session:join', { sessionId: plenary });
    expect(byId(view.qa.questions, source)).toBeUndefined();
    expect(byId(view.qa.questions, target)?.votes).toBe(3);

    expect((await refused(onlyA.socket, 'question:upvote', { questionId: source, up: true })).code).toBe(
      'CONFLICT',
    );
    expect((await refused(mod.socket, 'question:merge', { sourceId: source, targetId: target })).code).toBe(
      'CONFLICT',
    );
    expect((await refused(mod.socket, 'question:merge', { sourceId: target, targetId: target })).code).toBe(
      'CONFLICT',
    );
    expect(
      (await refused(mod.socket, 'question:edit', { questionId: source, text: 'Nouveau texte' })).code,
    ).toBe('CONFLICT');
  });
});

describe('the projector', () => {
  it('shows one question at a time, approving a pending one, and clears the screen', async () => {
    const [session] = quietSessions;
    const mod = await moderator(session!);
    const author = await audience(18, session!);
    const projector = await actor(server, 'projector', 0);
    const screen = await ok(projector.socket, 'session:join', { sessionId: session! });
    expect(screen.live.screen).toBeNull();

    const first = await ok(author.socket, 'question:ask', {
      sessionId: session!,
      clientId: clientId(),
      text: 'Première question à l’écran',
      anonymous: false,
    });
    const show = (id: string | null) =>
      ok(mod.socket, 'screen:show', { sessionId: session!, item: id ? { kind: 'question', id } : null });
    const approvedOnScreen = nextEvent(
      projector.socket,
      'qa:audience',
      (d) => byId(d.upsert, first.id) !== undefined,
    );
    const onScreen = nextEvent(projector.socket, 'live:state', (s) => s.screen?.id === first.id);
    expect(await show(first.id)).toMatchObject({
      sessionId: session!,
      screen: { kind: 'question', id: first.id },
    });
    // The question the screen change approved reaches the projector with it, the live state naming it.
    expect(byId((await approvedOnScreen).upsert, first.id)).toMatchObject({
      status: 'approved',
      authorName: author.me.name,
    });
    expect((await onScreen).screen).toEqual({ kind: 'question', id: first.id });

    const secondId = await approvedQuestion(author, mod, session!, 'Deuxième question à l’écran');
    const replaced = nextEvent(projector.socket, 'live:state', (s) => s.screen?.id === secondId);
    await show(secondId);
    await replaced;
    const modView = await ok(mod.socket, 'moderation:join', { sessionId: session! });
    expect(modView.live.screen).toEqual({ kind: 'question', id: secondId });
    expect((await ok(projector.socket, 'session:join', { sessionId: session! })).live.screen?.id).toBe(
      secondId,
    );

    const cleared = nextEvent(projector.socket, 'live:state', (s) => s.screen === null);
    expect((await show(null)).screen).toBeNull();
    await cleared;

    // Rejecting the question on screen takes it off; a rejected one cannot go back on.
    await show(first.id);
    const offScreen = nextEvent(projector.socket, 'live:state', (s) => s.screen === null);
    await ok(mod.socket, 'question:moderate', { questionId: first.id, action: 'reject' });
    await offScreen;
    expect(
      (
        await refused(mod.socket, 'screen:show', {
          sessionId: session!,
          item: { kind: 'question', id: first.id },
        })
      ).code,
    ).toBe('CONFLICT');
    // A question of another session is not found in this one.
    const elsewhere = await approvedQuestion(author, mod, plenary, 'Question d’une autre session');
    expect(
      (
        await refused(mod.socket, 'screen:show', {
          sessionId: session!,
          item: { kind: 'question', id: elsewhere },
        })
      ).code,
    ).toBe('NOT_FOUND');
  });
});

describe('sequence numbers', () => {
  function foldAudience(snapshot: AudienceQa, deltas: { upsert: PublicQuestion[]; remove: string[] }[]) {
    const questions = new Map(snapshot.questions.map((q) => [q.id, q]));
    for (const d of deltas) {
      for (const id of d.remove) questions.delete(id);
      for (const q of d.upsert) questions.set(q.id, q);
    }
    return questions;
  }

  it('numbers every change of a session contiguously, for moderators and audience alike', async () => {
    const session = quietSessions[1]!;
    const mod = await moderator(session);
    const watcher = await audience(19, session);
    const participants = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => audience(n, session)));
    expect(watcher.snapshot.seq).toBe(mod.snapshot.seq);
    const modLog = record(mod.socket, 'qa:moderation');
    const audienceLog = record(watcher.socket, 'qa:audience');

    // Concurrent asks from several people, then concurrent moderation and upvotes.
    const asked = await Promise.all(
      participants.flatMap((p, i) =>
        [0, 1].map((k) =>
          ok(p.socket, 'question:ask', {
            sessionId: session,
            clientId: clientId(),
            text: `Question ${k} de la personne ${i}`,
            anonymous: k === 1,
          }),
        ),
      ),
    );
    await Promise.all(
      asked.map((q, i) =>
        ok(mod.socket, 'question:moderate', { questionId: q.id, action: i % 4 === 3 ? 'reject' : 'approve' }),
      ),
    );
    const approved = asked.filter((_, i) => i % 4 !== 3);
    await Promise.all(
      participants.flatMap((p) =>
        approved.slice(0, 4).map((q) => ok(p.socket, 'question:upvote', { questionId: q.id, up: true })),
      ),
    );
    await Promise.all([
      ok(mod.socket, 'question:merge', { sourceId: approved[1]!.id, targetId: approved[0]!.id }),
      ok(mod.socket, 'question:edit', { questionId: approved[2]!.id, text: 'Texte revu par la modération' }),
      ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'question', id: approved[3]!.id } }),
    ]);
    // Barrier: the screen is cleared last, so its delta is the last one the session publishes, and
    // it reached the moderator's socket before the ack did.
    await ok(mod.socket, 'screen:show', { sessionId: session, item: null });
    const last = modLog.events.at(-1)!;
    await audienceLog.until((d) => d.seq === last.seq);

    const expected = Array.from({ length: last.seq - mod.snapshot.seq }, (_, i) => mod.snapshot.seq + 1 + i);
    expect(modLog.events.map((d) => d.seq)).toEqual(expected);
    // The audience's deltas are coalesced: together they cover every seq from the snapshot to the
    // last change, each one starting where the one before ended (one node: no overlap, no hole).
    const ranges = audienceLog.events.map((d) => [d.fromSeq, d.seq] as const);
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.length).toBeLessThanOrEqual(expected.length);
    expect(ranges[0]![0]).toBe(watcher.snapshot.seq);
    ranges.forEach(([from, to], i) => {
      expect(to).toBeGreaterThan(from);
      if (i > 0) expect(from).toBe(ranges[i - 1]![1]);
    });
    expect(ranges.at(-1)![1]).toBe(last.seq);
    expect(modLog.invalid).toEqual([]);
    expect(audienceLog.invalid).toEqual([]);

    // Snapshots taken now carry the last delta's number, and the deltas rebuild exactly what they show.
    const freshAudience = await ok(watcher.socket, 'session:join', { sessionId: session });
    const freshModeration = await ok(mod.socket, 'moderation:join', { sessionId: session });
    expect(freshAudience.qa.seq).toBe(last.seq);
    expect(freshModeration.qa.seq).toBe(last.seq);

    const rebuilt = foldAudience(watcher.snapshot, audienceLog.events);
    expect([...rebuilt.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...freshAudience.qa.questions].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(audienceLog.events.at(-1)?.pendingCount).toBe(freshAudience.qa.pendingCount);
    const modRebuilt = new Map<string, ModQuestion>(mod.snapshot.questions.map((q) => [q.id, q]));
    for (const d of modLog.events) for (const q of d.upsert) modRebuilt.set(q.id, q);
    expect([...modRebuilt.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...freshModeration.qa.questions].sort((a, b) => a.id.localeCompare(b.id)),
    );

    // Participants see approved and answered questions only; moderators see them all.
    expect(freshAudience.qa.questions.every((q) => q.status === 'approved' || q.status === 'answered')).toBe(
      true,
    );
    expect(freshModeration.qa.questions.map((q) => q.status)).toEqual(
      expect.arrayContaining(['approved', 'rejected', 'merged']),
    );
    expect(freshAudience.qa.pendingCount).toBe(
      freshModeration.qa.questions.filter((q) => q.status === 'pending').length,
    );
  });
});
