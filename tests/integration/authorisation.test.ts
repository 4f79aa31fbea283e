import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Me, Programme, tokenCookieName } from '@agora/shared';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { withStoppedStore } from '../support/seed.ts';
import {
  closeAllSockets,
  connect,
  connectError,
  errorOf,
  getJson,
  joinWithCode,
  nextEvent,
  ok,
  refused,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

let server: RunningServer;
let plenary: string;
let workshop: string;
/** The second workshop: its policy is changed by a test, so the first keeps the default. */
let otherWorkshop: string;
let otherWorkshopPolicy: Programme['sessions'][number]['policy'];
let other: { sessionId: string; participantCode: string; moderatorCode: string };
let scopedModeratorCode: string;
let mod: Actor;
/** An approved question of the plenary, for the commands that need one. */
let approvedId: string;

beforeAll(async () => {
  const first = await startServer();
  await first.stop();
  // A second edition and a moderator in charge of the first workshop only.
  ({ other, scopedModeratorCode } = await withStoppedStore(first.dataDir, async (seed) => ({
    other: await seed.otherEdition('autre-edition'),
    scopedModeratorCode: await seed.scopedModerator(await seed.editionIdOf(first.demo.slug), [
      first.demo.workshopSessionId,
    ]),
  })));
  server = await startServer({ dataDir: first.dataDir });
  plenary = server.demo.plenarySessionId;
  workshop = server.demo.workshopSessionId;

  mod = await actor(server, 'moderator', 0);
  const programme = await getJson(server.url, `/api/editions/${server.demo.slug}/programme`, Programme, {
    authorization: `Bearer ${mod.token}`,
  });
  const second = programme.sessions.find((s) => s.kind === 'workshop' && s.id !== workshop)!;
  otherWorkshop = second.id;
  otherWorkshopPolicy = second.policy;
  const author = await actor(server, 'participant', 0);
  const q = await ok(author.socket, 'question:ask', {
    sessionId: plenary,
    clientId: clientId(),
    text: 'Une question approuvée pour les tests de droits',
    anonymous: false,
  });
  await ok(mod.socket, 'question:moderate', { questionId: q.id, action: 'approve' });
  approvedId = q.id;
});

afterAll(async () => {
  closeAllSockets();
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

/** The same token with one character of its signature changed. */
function tamper(token: string): string {
  const at = token.indexOf('.') + 1;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}

/** The moderators' view of a session, to check that a refused command changed nothing. */
/** What a moderator's join shows of a session: its questions, polls, clouds and live state (not the clock). */
const moderation = async (sessionId: string) => {
  const { qa, interactions, live } = await ok(mod.socket, 'moderation:join', { sessionId });
  return { qa, interactions, live };
};

describe('socket authentication', () => {
  it('refuses a connection without a token', async () => {
    expect((await connectError(server.url, {})).code).toBe('UNAUTHORIZED');
  });

  it('refuses a token of the right shape whose payload was forged', async () => {
    const participant = await joinWithCode(server.url, server.demo.slug, server.demo.codes[0]!.code);
    const [body, mac] = participant.token.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...payload, r: 'moderator' })).toString('base64url')}.${mac}`;
    expect((await connectError(server.url, { token: forged })).code).toBe('UNAUTHORIZED');
  });

  it('refuses a token whose signature was tampered with', async () => {
    const { token } = await joinWithCode(server.url, server.demo.slug, server.demo.codes[0]!.code);
    expect((await connectError(server.url, { token: tamper(token) })).code).toBe('UNAUTHORIZED');
    expect((await connectError(server.url, { token: 'not-a-token' })).code).toBe('UNAUTHORIZED');
  });

  it('refuses a handshake whose auth does not match its schema', async () => {
    expect((await connectError(server.url, { token: 'x'.repeat(2000) })).code).toBe('INVALID_PAYLOAD');
    expect((await connectError(server.url, { token: 42 })).code).toBe('INVALID_PAYLOAD');
  });
});

describe('roles', () => {
  it('refuses every moderation command from a participant', async () => {
    const participant = await actor(server, 'participant', 2);
    const before = await moderation(plenary);
    const attempts = [
      refused(participant.socket, 'moderation:join', { sessionId: plenary }),
      refused(participant.socket, 'question:moderate', { questionId: approvedId, action: 'reject' }),
      refused(participant.socket, 'question:edit', { questionId: approvedId, text: 'Texte changé' }),
      refused(participant.socket, 'question:merge', { sourceId: approvedId, targetId: approvedId }),
      refused(participant.socket, 'screen:show', {
        sessionId: plenary,
        item: { kind: 'question', id: approvedId },
      }),
      refused(participant.socket, 'session:set-policy', {
        sessionId: plenary,
        policy: { ...otherWorkshopPolicy, ask: 'nobody', upvote: 'nobody' },
      }),
    ];
    for (const error of await Promise.all(attempts)) expect(error.code).toBe('FORBIDDEN');
    expect(await moderation(plenary)).toEqual(before);
  });

  it('lets a projector watch a session but not ask, upvote or moderate', async () => {
    const projector = await actor(server, 'projector', 0);
    const view = await ok(projector.socket, 'session:join', { sessionId: plenary });
    expect(view.qa.questions.map((q) => q.id)).toContain(approvedId);
    expect(view.qa.mine).toEqual([]);
    expect(view.qa.myUpvotes).toEqual([]);

    const before = await moderation(plenary);
    const attempts = [
      refused(projector.socket, 'question:ask', {
        sessionId: plenary,
        clientId: clientId(),
        text: 'Le projecteur ne pose pas de question',
        anonymous: false,
      }),
      refused(projector.socket, 'question:upvote', { questionId: approvedId, up: true }),
      refused(projector.socket, 'question:moderate', { questionId: approvedId, action: 'star' }),
      refused(projector.socket, 'screen:show', {
        sessionId: plenary,
        item: { kind: 'question', id: approvedId },
      }),
      refused(projector.socket, 'moderation:join', { sessionId: plenary }),
    ];
    for (const error of await Promise.all(attempts)) expect(error.code).toBe('FORBIDDEN');
    expect(await moderation(plenary)).toEqual(before);
  });

  it('does not let a moderator ask or upvote', async () => {
    const before = await moderation(plenary);
    const asked = await refused(mod.socket, 'question:ask', {
      sessionId: plenary,
      clientId: clientId(),
      text: 'Une question de la modération',
      anonymous: false,
    });
    expect(asked.code).toBe('FORBIDDEN');
    expect((await refused(mod.socket, 'question:upvote', { questionId: approvedId, up: true })).code).toBe(
      'FORBIDDEN',
    );
    expect(await moderation(plenary)).toEqual(before);
  });

  it('keeps a moderator in charge of one session out of the others', async () => {
    const { token } = await joinWithCode(server.url, server.demo.slug, scopedModeratorCode);
    const scoped = await connect(server.url, token);
    await ok(scoped, 'moderation:join', { sessionId: workshop });
    expect((await refused(scoped, 'moderation:join', { sessionId: plenary })).code).toBe('FORBIDDEN');
    expect(
      (await refused(scoped, 'question:moderate', { questionId: approvedId, action: 'reject' })).code,
    ).toBe('FORBIDDEN');
    expect((await refused(scoped, 'screen:show', { sessionId: plenary, item: null })).code).toBe('FORBIDDEN');
  });
});

describe('editions', () => {
  it('hides the sessions and questions of another edition as not found', async () => {
    const participant = await joinWithCode(server.url, 'autre-edition', other.participantCode);
    const moderator = await joinWithCode(server.url, 'autre-edition', other.moderatorCode);
    const [p, m] = await Promise.all([
      connect(server.url, participant.token),
      connect(server.url, moderator.token),
    ]);
    await ok(p, 'session:join', { sessionId: other.sessionId });

    const before = await moderation(plenary);
    expect((await refused(p, 'session:join', { sessionId: plenary })).code).toBe('NOT_FOUND');
    expect(
      (
        await refused(p, 'question:ask', {
          sessionId: plenary,
          clientId: clientId(),
          text: 'Question d’une autre édition',
          anonymous: false,
        })
      ).code,
    ).toBe('NOT_FOUND');
    expect((await refused(p, 'question:upvote', { questionId: approvedId, up: true })).code).toBe(
      'NOT_FOUND',
    );
    expect((await refused(m, 'moderation:join', { sessionId: plenary })).code).toBe('NOT_FOUND');
    expect((await refused(m, 'question:moderate', { questionId: approvedId, action: 'reject' })).code).toBe(
      'NOT_FOUND',
    );
    expect(await moderation(plenary)).toEqual(before);
  });
});

describe('session policy', () => {
  it('refuses a remote participant’s question in a workshop', async () => {
    const remote = await actor(server, 'participant', 0, 'remote');
    const before = await moderation(workshop);
    const error = await refused(remote.socket, 'question:ask', {
      sessionId: workshop,
      clientId: clientId(),
      text: 'Je suis à distance, puis-je demander ?',
      anonymous: false,
    });
    expect(error.code).toBe('POLICY_FORBIDS');
    expect(await moderation(workshop)).toEqual(before);
  });

  it('lets an on-site participant ask and upvote in a workshop, while a remote one watches', async () => {
    const onsite = await actor(server, 'participant', 1, 'onsite');
    const onsiteVoter = await actor(server, 'participant', 2, 'onsite');
    const remote = await actor(server, 'participant', 1, 'remote');
    const watching = await ok(remote.socket, 'session:join', { sessionId: workshop });

    const q = await ok(onsite.socket, 'question:ask', {
      sessionId: workshop,
      clientId: clientId(),
      text: 'Question depuis la salle de l’atelier',
      anonymous: false,
    });
    expect(q.authorMode).toBe('onsite');
    const seen = nextEvent(remote.socket, 'qa:audience', (d) => d.upsert.some((u) => u.id === q.id));
    await ok(mod.socket, 'question:moderate', { questionId: q.id, action: 'approve' });
    expect((await seen).seq).toBeGreaterThan(watching.qa.seq);

    expect((await refused(remote.socket, 'question:upvote', { questionId: q.id, up: true })).code).toBe(
      'POLICY_FORBIDS',
    );
    expect(await ok(onsiteVoter.socket, 'question:upvote', { questionId: q.id, up: true })).toMatchObject({
      votes: 1,
    });
    const view = await ok(remote.socket, 'session:join', { sessionId: workshop });
    expect(view.qa.questions.find((u) => u.id === q.id)?.votes).toBe(1);
    expect(view.qa.myUpvotes).toEqual([]);
  });

  it('lets remote participants ask and upvote in a plenary', async () => {
    const remote = await actor(server, 'participant', 3, 'remote');
    const q = await ok(remote.socket, 'question:ask', {
      sessionId: plenary,
      clientId: clientId(),
      text: 'Question à distance en plénière',
      anonymous: false,
    });
    expect(q.authorMode).toBe('remote');
    expect(await ok(remote.socket, 'question:upvote', { questionId: approvedId, up: true })).toMatchObject({
      upvoted: true,
    });
  });

  it('applies a policy a moderator changes, and tells the session', async () => {
    const remote = await actor(server, 'participant', 4, 'remote');
    const onsite = await actor(server, 'participant', 4, 'onsite');
    await ok(remote.socket, 'session:join', { sessionId: otherWorkshop });
    const ask = (who: Actor) =>
      refused(who.socket, 'question:ask', {
        sessionId: otherWorkshop,
        clientId: clientId(),
        text: 'Question selon la politique',
        anonymous: false,
      }).catch((error: Error) => error);

    const opened = nextEvent(remote.socket, 'live:state', (s) => s.sessionId === otherWorkshop);
    const updated = await ok(mod.socket, 'session:set-policy', {
      sessionId: otherWorkshop,
      policy: { ...otherWorkshopPolicy, ask: 'everyone', upvote: 'everyone' },
    });
    expect(updated.policy).toMatchObject({ ask: 'everyone', upvote: 'everyone' });
    expect((await opened).policy).toEqual(updated.policy);
    // `refused` rejects when the command was accepted: the remote participant may ask now.
    expect(await ask(remote)).toBeInstanceOf(Error);

    const closed = nextEvent(remote.socket, 'live:state', (s) => s.policy.ask === 'nobody');
    await ok(mod.socket, 'session:set-policy', {
      sessionId: otherWorkshop,
      policy: { ...otherWorkshopPolicy, ask: 'nobody', upvote: 'onsite' },
    });
    await closed;
    expect(await ask(onsite)).toMatchObject({ code: 'POLICY_FORBIDS' });
    expect(await ask(remote)).toMatchObject({ code: 'POLICY_FORBIDS' });
  });
});

describe('HTTP authentication', () => {
  const programmePath = (slug: string, as = 'participant') => `/api/editions/${slug}/programme?as=${as}`;

  it('serves the programme to a participant with the cookie or the bearer token, and to nobody else', async () => {
    const joined = await joinWithCode(server.url, server.demo.slug, server.demo.codes[0]!.code);
    expect(joined.cookie.startsWith(`${tokenCookieName('participant')}=`)).toBe(true);

    const withCookie = await getJson(server.url, programmePath(server.demo.slug), Programme, {
      cookie: joined.cookie,
    });
    expect(withCookie.sessions.map((s) => s.id)).toEqual(expect.arrayContaining([plenary, workshop]));
    await getJson(server.url, programmePath(server.demo.slug), Programme, {
      authorization: `Bearer ${joined.token}`,
    });
    const me = await getJson(server.url, '/api/me', Me, { cookie: joined.cookie });
    expect(me).toEqual(joined.me);

    const anonymous = errorOf(await request(server.url, programmePath(server.demo.slug)));
    expect(anonymous).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    // The participant's cookie does not open the moderator's role.
    const otherRole = errorOf(
      await request(server.url, programmePath(server.demo.slug, 'moderator'), {
        headers: { cookie: joined.cookie },
      }),
    );
    expect(otherRole).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    const forged = errorOf(
      await request(server.url, programmePath(server.demo.slug), {
        headers: { authorization: `Bearer ${tamper(joined.token)}` },
      }),
    );
    expect(forged).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('answers not found for the programme of another edition', async () => {
    const joined = await joinWithCode(server.url, server.demo.slug, server.demo.codes[0]!.code);
    const res = await request(server.url, programmePath('autre-edition'), {
      headers: { authorization: `Bearer ${joined.token}` },
    });
    expect(errorOf(res)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const missing = await request(server.url, programmePath('pas-d-edition'), {
      headers: { authorization: `Bearer ${joined.token}` },
    });
    expect(errorOf(missing)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
