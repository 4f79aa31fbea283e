import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import {
  closeAllSockets,
  nextEvent,
  ok,
  refused,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

let server: RunningServer;
let plenary: string;
let mod: Actor;

beforeAll(async () => {
  server = await startServer({ env: { JOIN_MAX_FAILURES: '1000' } });
  plenary = server.demo.plenarySessionId;
  mod = await actor(server, 'moderator', 0);
});

afterAll(async () => {
  closeAllSockets();
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

describe('the live session', () => {
  it('answers one join with the questions, polls, own submissions and live state', async () => {
    const alice = await actor(server, 'participant', 0, 'onsite');
    const asked = await ok(alice.socket, 'question:ask', {
      sessionId: plenary,
      clientId: clientId(),
      text: 'Une question pour la photo du direct ?',
      anonymous: false,
    });
    const draft = await ok(mod.socket, 'poll:create', {
      sessionId: plenary,
      draft: { question: 'Tout en un ?', kind: 'single', options: ['Oui', 'Non'] },
    });
    const poll = await ok(mod.socket, 'poll:open', { pollId: draft.id });
    const ballot = await ok(alice.socket, 'poll:vote', {
      pollId: poll.id,
      clientId: clientId('b'),
      choices: [poll.options[0]!.id],
    });
    const shown = await ok(mod.socket, 'screen:show', {
      sessionId: plenary,
      item: { kind: 'poll', id: poll.id, split: true },
    });

    // Another socket of the same person: one command, one snapshot of everything.
    const again = await actor(server, 'participant', 0, 'onsite');
    const snapshot = await ok(again.socket, 'session:join', { sessionId: plenary });
    expect(snapshot.live).toEqual(shown);
    expect(snapshot.live.screen).toEqual({ kind: 'poll', id: poll.id, split: true });
    expect(snapshot.qa.mine.map((q) => q.id)).toContain(asked.id);
    expect(snapshot.interactions.polls.map((p) => p.id)).toContain(poll.id);
    expect(snapshot.interactions.myBallots).toContainEqual(ballot);
    expect(snapshot.interactions.pollResults.find((r) => r.pollId === poll.id)?.all.ballots).toBe(1);

    const modView = await ok(mod.socket, 'moderation:join', { sessionId: plenary });
    expect(modView.live).toEqual(shown);
    expect(modView.qa.questions.map((q) => q.id)).toContain(asked.id);
    expect(modView.connected.onsite + modView.connected.remote).toBeGreaterThan(0);
    await ok(mod.socket, 'screen:show', { sessionId: plenary, item: null });
    await ok(mod.socket, 'poll:close', { pollId: poll.id });
  });

  it('sends the whole live state to phones, projectors and moderators, the same one the command answers', async () => {
    const phone = await actor(server, 'participant', 1, 'remote');
    const projector = await actor(server, 'projector', 0);
    await ok(phone.socket, 'session:join', { sessionId: plenary });
    await ok(projector.socket, 'session:join', { sessionId: plenary });
    await ok(mod.socket, 'moderation:join', { sessionId: plenary });
    const seen = [phone, projector, mod].map((who) =>
      nextEvent(who.socket, 'live:state', (s) => s.remoteDelaySeconds === 12),
    );
    const answered = await ok(mod.socket, 'session:set-delay', {
      sessionId: plenary,
      remoteDelaySeconds: 12,
    });
    expect(answered).toMatchObject({ sessionId: plenary, remoteDelaySeconds: 12 });
    for (const state of await Promise.all(seen)) expect(state).toEqual(answered);
  });

  it('blacks out every projector on the moderator’s switch, keeps what is on screen, and refuses it to a phone', async () => {
    const phone = await actor(server, 'participant', 3, 'onsite');
    const screens = [await actor(server, 'projector', 0), await actor(server, 'projector', 0)];
    for (const screen of screens) await ok(screen.socket, 'session:join', { sessionId: plenary });
    await ok(mod.socket, 'moderation:join', { sessionId: plenary });
    expect((await refused(phone.socket, 'screen:blackout', { sessionId: plenary, on: true })).code).toBe(
      'FORBIDDEN',
    );
    expect((await refused(mod.socket, 'screen:blackout', { sessionId: plenary, on: 'yes' })).code).toBe(
      'INVALID_PAYLOAD',
    );
    const seen = screens.map((s) => nextEvent(s.socket, 'live:state', (state) => state.blackout));
    const black = await ok(mod.socket, 'screen:blackout', { sessionId: plenary, on: true });
    expect(black.blackout).toBe(true);
    for (const state of await Promise.all(seen)) expect(state).toEqual(black);
    // A projector that joins now (a restart, a second room) starts black too.
    const late = await actor(server, 'projector', 0);
    expect((await ok(late.socket, 'session:join', { sessionId: plenary })).live.blackout).toBe(true);
    const back = await ok(mod.socket, 'screen:blackout', { sessionId: plenary, on: false });
    expect(back).toEqual({ ...black, blackout: false });
  });

  it('puts the questions shown so far on the projector, hall and remote, and counts them for the moderator', async () => {
    const hall = await actor(server, 'participant', 4, 'onsite');
    const remote = await actor(server, 'participant', 5, 'remote');
    const ask = (who: Actor, text: string) =>
      ok(who.socket, 'question:ask', { sessionId: plenary, clientId: clientId(), text, anonymous: false });
    const fromHall = await ask(hall, 'Que devient le budget participatif ?');
    const fromAfar = await ask(remote, 'Le replay sera-t-il sous-titré ?');
    const never = await ask(hall, 'Une question jamais montrée ?');
    for (const q of [fromHall, fromAfar, fromHall]) {
      await ok(mod.socket, 'screen:show', { sessionId: plenary, item: { kind: 'question', id: q.id } });
    }
    await ok(mod.socket, 'question:moderate', { questionId: never.id, action: 'approve' });

    const projector = await actor(server, 'projector', 0);
    await ok(projector.socket, 'session:join', { sessionId: plenary });
    expect(
      (
        await refused(hall.socket, 'screen:show', {
          sessionId: plenary,
          item: { kind: 'history', id: plenary },
        })
      ).code,
    ).toBe('FORBIDDEN');
    const other = server.demo.workshopSessionId;
    expect(
      (await refused(mod.socket, 'screen:show', { sessionId: plenary, item: { kind: 'history', id: other } }))
        .code,
    ).toBe('NOT_FOUND');

    const seen = nextEvent(projector.socket, 'live:state', (s) => s.screen?.kind === 'history');
    const shown = await ok(mod.socket, 'screen:show', {
      sessionId: plenary,
      item: { kind: 'history', id: plenary },
    });
    expect(await seen).toEqual(shown);
    // Each question once, in the order it first went on screen; the one never shown is not there.
    expect(shown.history?.slice(-2)).toEqual([fromHall.id, fromAfar.id]);
    expect(shown.history).not.toContain(never.id);
    // A projector that joins now starts on the history, and holds the questions it names.
    const late = await ok((await actor(server, 'projector', 0)).socket, 'session:join', {
      sessionId: plenary,
    });
    expect(late.live).toEqual(shown);
    const modes = late.qa.questions
      .filter((q) => shown.history?.includes(q.id))
      .map((q) => [q.id, q.authorMode]);
    expect(modes).toEqual(
      expect.arrayContaining([
        [fromHall.id, 'onsite'],
        [fromAfar.id, 'remote'],
      ]),
    );

    const modView = await ok(mod.socket, 'moderation:join', { sessionId: plenary });
    expect(modView.shownQuestions.slice(-2)).toEqual([fromHall.id, fromAfar.id]);
    expect(modView.shownQuestions).not.toContain(never.id);
    const cleared = await ok(mod.socket, 'screen:show', { sessionId: plenary, item: null });
    expect(cleared.history).toBeUndefined();
  });

  it('follows nothing for a caller it refuses', async () => {
    const phone = await actor(server, 'participant', 2, 'onsite');
    expect((await refused(phone.socket, 'moderation:join', { sessionId: plenary })).code).toBe('FORBIDDEN');
    // Had the refused join followed the moderation room, this question would reach the phone there.
    const leaked = nextEvent(phone.socket, 'qa:moderation').then(() => 'leaked');
    // Barrier: the author's own copy goes out after the moderators' delta, on the same socket.
    const mine = nextEvent(phone.socket, 'question:mine');
    await ok(phone.socket, 'question:ask', {
      sessionId: plenary,
      clientId: clientId(),
      text: 'Est-ce que la modération me parle ?',
      anonymous: false,
    });
    await mine;
    expect(await Promise.race([leaked, Promise.resolve('quiet')])).toBe('quiet');
  });
});
