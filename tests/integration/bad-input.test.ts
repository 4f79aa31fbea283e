import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Health, limits, type CommandName } from '@agora/shared';
import { actor, clientId, reconnect, type Actor } from '../support/actors.ts';
import {
  closeAllSockets,
  errorOf,
  getJson,
  ok,
  postJoin,
  rawCommand,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

let server: RunningServer;
let plenary: string;
let participant: Actor;
let mod: Actor;
let approvedId: string;
let pendingId: string;

beforeAll(async () => {
  server = await startServer({ env: { JOIN_MAX_FAILURES: '1000' } });
  plenary = server.demo.plenarySessionId;
  participant = await actor(server, 'participant', 0);
  mod = await actor(server, 'moderator', 0);
  const ask = (text: string) =>
    ok(participant.socket, 'question:ask', {
      sessionId: plenary,
      clientId: clientId(),
      text,
      anonymous: false,
    });
  approvedId = (await ask('Une question approuvée')).id;
  pendingId = (await ask('Une question en attente')).id;
  await ok(mod.socket, 'question:moderate', { questionId: approvedId, action: 'approve' });
  await ok(mod.socket, 'screen:show', { sessionId: plenary, item: { kind: 'question', id: approvedId } });
});

afterAll(async () => {
  closeAllSockets();
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

/** Everything a participant and a moderator can see, to prove a refused command changed nothing. */
async function state() {
  const [p, m] = await Promise.all([reconnect(server, participant), reconnect(server, mod)]);
  const [audience, moderation] = await Promise.all([
    ok(p.socket, 'session:join', { sessionId: plenary }),
    ok(m.socket, 'moderation:join', { sessionId: plenary }),
  ]);
  p.socket.close();
  m.socket.close();
  // Not the clocks, nor who happens to be connected: what the commands could have changed.
  return {
    audience: { qa: audience.qa, interactions: audience.interactions, live: audience.live },
    moderation: { qa: moderation.qa, interactions: moderation.interactions, live: moderation.live },
  };
}

const longText = 'x'.repeat(limits.questionMaxLength + 1);
const badIds = ['', 'a b', '../../etc/passwd', 'x'.repeat(65), 'é', 42, null, { $ne: '' }, ['id']];
const nonObjects = [null, 42, 'question', true, [], [{ sessionId: 'x' }]];

type Case = [label: string, payload: unknown];

function casesFor(name: CommandName): Case[] {
  const askBase = () => ({
    sessionId: plenary,
    clientId: clientId(),
    text: 'Une question valable',
    anonymous: false,
  });
  const common: Case[] = nonObjects.map((p) => [`a non-object payload ${JSON.stringify(p)}`, p]);
  switch (name) {
    case 'question:ask': {
      const base = askBase();
      return [
        ...common,
        ['an empty object', {}],
        ['no text', { ...base, text: undefined }],
        ['no session id', { ...base, sessionId: undefined }],
        ['no client id', { ...base, clientId: undefined }],
        ['a text too long', { ...base, text: longText }],
        ['a text too short', { ...base, text: 'ab' }],
        ['a text of spaces around two letters', { ...base, text: `   ab   ` }],
        ['a text of another type', { ...base, text: 42 }],
        ['a text as an object', { ...base, text: { toString: 'x' } }],
        ['anonymous as a string', { ...base, anonymous: 'yes' }],
        ['a client id too short', { ...base, clientId: 'abc' }],
        ['a client id with bad characters', { ...base, clientId: 'abcdefgh<script>' }],
        ['a client id too long', { ...base, clientId: 'c'.repeat(limits.clientIdMaxLength + 1) }],
        ...badIds.map((id): Case => [`a session id ${JSON.stringify(id)}`, { ...base, sessionId: id }]),
      ];
    }
    case 'question:upvote':
      return [
        ...common,
        ['an empty object', {}],
        ['no direction', { questionId: approvedId }],
        ['a direction as a string', { questionId: approvedId, up: 'true' }],
        ['a direction as a number', { questionId: approvedId, up: 1 }],
        ...badIds.map((id): Case => [`a question id ${JSON.stringify(id)}`, { questionId: id, up: true }]),
      ];
    case 'question:moderate':
      return [
        ...common,
        ['an unknown action', { questionId: pendingId, action: 'delete' }],
        ['an action in capitals', { questionId: pendingId, action: 'APPROVE' }],
        ['no action', { questionId: pendingId }],
        ...badIds.map((id): Case => [
          `a question id ${JSON.stringify(id)}`,
          { questionId: id, action: 'approve' },
        ]),
      ];
    case 'question:edit':
      return [
        ...common,
        ['a text too long', { questionId: approvedId, text: longText }],
        ['a text too short', { questionId: approvedId, text: ' a ' }],
        ['no text', { questionId: approvedId }],
        ['a text of another type', { questionId: approvedId, text: ['Texte'] }],
        ...badIds.map((id): Case => [
          `a question id ${JSON.stringify(id)}`,
          { questionId: id, text: 'Texte revu' },
        ]),
      ];
    case 'question:merge':
      return [
        ...common,
        ['no target', { sourceId: pendingId }],
        ['no source', { targetId: approvedId }],
        ...badIds.map((id): Case => [
          `a source id ${JSON.stringify(id)}`,
          { sourceId: id, targetId: approvedId },
        ]),
      ];
    case 'screen:show':
      return [
        ...common,
        ['no item (null clears, missing is not allowed)', { sessionId: plenary }],
        ['an item as a string', { sessionId: plenary, item: 'question' }],
        ['an unknown kind', { sessionId: plenary, item: { kind: 'video', id: approvedId } }],
        ['a question split', { sessionId: plenary, item: { kind: 'question', id: approvedId, split: true } }],
        ...badIds
          .filter((id) => id !== null)
          .map((id): Case => [
            `a question id ${JSON.stringify(id)}`,
            { sessionId: plenary, item: { kind: 'question', id } },
          ]),
      ];
    case 'session:set-policy':
      return [
        ...common,
        ['no policy', { sessionId: plenary }],
        [
          'an unknown audience',
          { sessionId: plenary, policy: { ask: 'admins', upvote: 'everyone', vote: 'everyone' } },
        ],
        ['a policy as a string', { sessionId: plenary, policy: 'open' }],
      ];
    case 'session:join':
    case 'session:leave':
    case 'moderation:join':
      return [
        ...common,
        ['an empty object', {}],
        ...badIds.map((id): Case => [`a session id ${JSON.stringify(id)}`, { sessionId: id }]),
      ];
    default:
      return common;
  }
}

const participantCommands: CommandName[] = [
  'session:join',
  'session:leave',
  'question:ask',
  'question:upvote',
];
const moderatorCommands: CommandName[] = [
  'moderation:join',
  'question:moderate',
  'question:edit',
  'question:merge',
  'screen:show',
  'session:set-policy',
];

/**
 * Sends every case on fresh sockets (each socket has a command budget of its own) and returns the
 * error codes received; every ack must parse with the command's shared ack schema.
 */
async function sendAll(who: Actor, name: CommandName, cases: Case[]): Promise<Record<string, string>> {
  const codes: Record<string, string> = {};
  for (let i = 0; i < cases.length; i += 20) {
    const { socket } = await reconnect(server, who);
    const acks = await Promise.all(
      cases.slice(i, i + 20).map(([, payload]) => rawCommand(socket, name, payload)),
    );
    acks.forEach((ack, k) => {
      codes[cases[i + k]![0]] = ack.ok ? 'accepted' : ack.error.code;
    });
    socket.close();
  }
  return codes;
}

describe('bad socket payloads', () => {
  for (const name of [...participantCommands, ...moderatorCommands]) {
    it(`answers INVALID_PAYLOAD to every malformed ${name} and changes nothing`, async () => {
      const who = participantCommands.includes(name) ? participant : mod;
      const before = await state();
      const cases = casesFor(name);
      const codes = await sendAll(who, name, cases);
      expect(codes).toEqual(Object.fromEntries(cases.map(([label]) => [label, 'INVALID_PAYLOAD'])));
      expect(await state()).toEqual(before);
    });
  }

  it('answers INVALID_PAYLOAD to payloads with unknown fields, and changes nothing', async () => {
    const before = await state();
    const p = await reconnect(server, participant);
    const m = await reconnect(server, mod);
    const acks = await Promise.all([
      rawCommand(p.socket, 'question:ask', {
        sessionId: plenary,
        clientId: clientId(),
        text: 'Une question avec des champs en trop',
        anonymous: false,
        status: 'approved',
      }),
      rawCommand(p.socket, 'question:upvote', { questionId: approvedId, up: true, votes: 1000 }),
      rawCommand(m.socket, 'question:moderate', { questionId: pendingId, action: 'approve', authorId: 'x' }),
      rawCommand(m.socket, 'screen:show', { sessionId: plenary, item: null, garbage: [1, 2, 3] }),
    ]);
    expect(acks.map((a) => (a.ok ? 'accepted' : a.error.code))).toEqual(
      Array(acks.length).fill('INVALID_PAYLOAD'),
    );
    expect(await state()).toEqual(before);
  });

  it('answers INVALID_PAYLOAD to a command sent with an ack callback but no payload', async () => {
    const { socket } = await reconnect(server, participant);
    const acks: unknown[] = [];
    (socket as unknown as { emit(e: string, cb: (a: unknown) => void): void }).emit('session:join', (ack) =>
      acks.push(ack),
    );
    // Barrier: commands of one socket are handled in order, and a malformed one is answered at once.
    const barrier = await rawCommand(socket, 'session:join', null);
    expect(barrier).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(acks).toHaveLength(1);
  });

  it('ignores commands sent without an ack callback and keeps serving', async () => {
    const before = await state();
    const { socket } = await reconnect(server, participant);
    const emit = (socket as unknown as { emit(e: string, ...args: unknown[]): void }).emit.bind(socket);
    emit('question:ask', {
      sessionId: plenary,
      clientId: clientId(),
      text: 'Sans accusé de réception',
      anonymous: false,
    });
    emit('question:upvote', { questionId: approvedId, up: true });
    emit('question:ask', null);
    emit('question:ask');
    emit('session:join', { sessionId: plenary }, 'not a callback');
    // Barrier: a valid command on the same socket is handled after all of the above.
    await ok(socket, 'session:join', { sessionId: plenary });
    expect(await state()).toEqual(before);
  });

  it('accepts questions of exactly the shortest and the longest length', async () => {
    const { socket } = await reconnect(server, participant);
    const longest = 'y'.repeat(limits.questionMaxLength);
    const shortest = 'abc';
    for (const text of [longest, shortest]) {
      const q = await ok(socket, 'question:ask', {
        sessionId: plenary,
        clientId: clientId(),
        text,
        anonymous: false,
      });
      expect(q.text).toBe(text);
    }
  });

  it('answers NOT_FOUND for well-formed ids that point at nothing, and changes nothing', async () => {
    const before = await state();
    const p = await reconnect(server, participant);
    const m = await reconnect(server, mod);
    const missing = 'NoSuchThing123';
    const errors = await Promise.all([
      rawCommand(p.socket, 'session:join', { sessionId: missing }),
      rawCommand(p.socket, 'question:ask', {
        sessionId: missing,
        clientId: clientId(),
        text: 'Vers nulle part',
        anonymous: false,
      }),
      rawCommand(p.socket, 'question:upvote', { questionId: missing, up: true }),
      rawCommand(m.socket, 'moderation:join', { sessionId: missing }),
      rawCommand(m.socket, 'question:moderate', { questionId: missing, action: 'approve' }),
      rawCommand(m.socket, 'question:edit', { questionId: missing, text: 'Texte revu' }),
      rawCommand(m.socket, 'question:merge', { sourceId: missing, targetId: approvedId }),
      rawCommand(m.socket, 'question:merge', { sourceId: pendingId, targetId: missing }),
      rawCommand(m.socket, 'screen:show', { sessionId: plenary, item: { kind: 'question', id: missing } }),
      rawCommand(m.socket, 'screen:show', { sessionId: missing, item: null }),
    ]);
    expect(errors.map((a) => (a.ok ? 'accepted' : a.error.code))).toEqual(
      Array(errors.length).fill('NOT_FOUND'),
    );
    expect(await state()).toEqual(before);
  });

  it('refuses commands beyond a socket’s budget and keeps serving the others', async () => {
    const { socket } = await reconnect(server, participant);
    // Far more than the burst a socket may send at once.
    const acks = await Promise.all(
      Array.from({ length: 200 }, () => rawCommand(socket, 'session:join', { sessionId: plenary })),
    );
    expect(acks.some((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toBe(true);
    expect(acks.some((a) => a.ok)).toBe(true);
    const other = await reconnect(server, participant);
    await ok(other.socket, 'session:join', { sessionId: plenary });
  });

  it('drops a client that sends an oversized message, and only that client', async () => {
    const { socket } = await reconnect(server, participant);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit(
      'question:ask',
      { sessionId: plenary, clientId: clientId(), text: 'z'.repeat(200_000), anonymous: false },
      () => undefined,
    );
    expect(await gone).toBeTruthy();
    await ok(participant.socket, 'session:join', { sessionId: plenary });
  });

  it('is still up and healthy after all of that', async () => {
    expect(server.child.exitCode).toBeNull();
    expect((await getJson(server.url, '/api/health', Health)).status).toBe('ok');
    expect(server.stderr()).not.toMatch(/FATAL|Unhandled|TypeError/);
  });
});

describe('bad HTTP requests', () => {
  const slug = () => server.demo.slug;

  it('answers 400 INVALID_PAYLOAD to a join body that is not JSON', async () => {
    expect(errorOf(await postJoin(server.url, slug(), '{"code": '))).toMatchObject({
      status: 400,
      code: 'INVALID_PAYLOAD',
    });
  });

  it('answers 400 INVALID_PAYLOAD to join bodies of the wrong shape', async () => {
    for (const body of [
      {},
      { code: 42 },
      { code: '' },
      { code: 'A'.repeat(41) },
      [],
      'null',
      '"code"',
      '42',
    ]) {
      const res = await postJoin(server.url, slug(), body);
      expect(errorOf(res), JSON.stringify(body)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
    }
  });

  it('answers INVALID_PAYLOAD to a join sent as another content type', async () => {
    const res = await request(server.url, `/api/editions/${slug()}/join`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'code=ABCD',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(errorOf(res).code).toBe('INVALID_PAYLOAD');
  });

  it('answers INVALID_PAYLOAD to a body over the size limit', async () => {
    const res = await postJoin(server.url, slug(), { code: 'x'.repeat(300 * 1024) });
    expect(errorOf(res)).toMatchObject({ status: 413, code: 'INVALID_PAYLOAD' });
  });

  it('answers 400 INVALID_PAYLOAD to a malformed slug or role', async () => {
    expect(errorOf(await request(server.url, '/api/editions/Not_A_Slug!'))).toMatchObject({
      status: 400,
      code: 'INVALID_PAYLOAD',
    });
    expect(errorOf(await postJoin(server.url, 'X', { code: 'ABCD-EFGH-JKMN' }))).toMatchObject({
      status: 400,
      code: 'INVALID_PAYLOAD',
    });
    expect(errorOf(await request(server.url, `/api/editions/${slug()}/programme?as=admin`))).toMatchObject({
      status: 400,
      code: 'INVALID_PAYLOAD',
    });
  });

  it('answers 404 NOT_FOUND as JSON to an unknown route', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing-here'],
      ['POST', '/api/editions'],
      ['DELETE', `/api/editions/${slug()}`],
    ] as const) {
      const res = await request(server.url, path, { method });
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(errorOf(res), `${method} ${path}`).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });
});
