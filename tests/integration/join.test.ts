import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_ALPHABET, EditionPublic, Health, tokenCookieName, type Me } from '@agora/shared';
import { withStoppedStore } from '../support/seed.ts';
import {
  closeAllSockets,
  codeOf,
  codesOf,
  connect,
  connectError,
  errorOf,
  getJson,
  joinWithCode,
  ok,
  postJoin,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

let server: RunningServer;
/** A server that slows an address down after three failed joins. */
let strict: RunningServer;
let revoked: { code: string; token: string };
let otherEditionCode: string;

beforeAll(async () => {
  const first = await startServer({ env: { JOIN_MAX_FAILURES: '1000' } });
  // A participant joins, then loses their code (an organiser revokes it) while the server is down.
  const victim = codeOf(first.demo, 'participant', 5);
  const joined = await joinWithCode(first.url, first.demo.slug, victim.code);
  revoked = { code: victim.code, token: joined.token };
  await first.stop();
  otherEditionCode = await withStoppedStore(first.dataDir, async (seed) => {
    await seed.revokeCodes('participant', joined.me.id);
    return (await seed.otherEdition('autre-edition')).participantCode;
  });
  [server, strict] = await Promise.all([
    startServer({ dataDir: first.dataDir, env: { JOIN_MAX_FAILURES: '1000' } }),
    startServer({ env: { JOIN_MAX_FAILURES: '3' } }),
  ]);
});

afterAll(async () => {
  closeAllSockets();
  for (const s of [server, strict]) {
    await s?.stop();
    if (s) await removeDataDir(s.dataDir);
  }
});

describe('the demo edition', () => {
  it('prints 24 participants half on site, 2 moderators and a projector per room', () => {
    const participants = codesOf(server.demo, 'participant');
    expect(participants).toHaveLength(24);
    expect(codesOf(server.demo, 'participant', 'onsite')).toHaveLength(12);
    expect(codesOf(server.demo, 'moderator')).toHaveLength(2);
    expect(codesOf(server.demo, 'projector')).toHaveLength(3);
    expect(new Set(server.demo.codes.map((c) => c.code)).size).toBe(server.demo.codes.length);
    for (const { code } of server.demo.codes) {
      expect([...code.replaceAll('-', '')].every((ch) => CODE_ALPHABET.includes(ch))).toBe(true);
    }
  });

  it('tells anyone the public facts of the edition, and is healthy', async () => {
    const edition = await getJson(server.url, `/api/editions/${server.demo.slug}`, EditionPublic);
    expect(edition.slug).toBe(server.demo.slug);
    expect((await getJson(server.url, '/api/health', Health)).status).toBe('ok');
    expect(errorOf(await request(server.url, '/api/editions/pas-d-edition'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});

describe('joining with a personal code', () => {
  it('gives a participant a token, an httpOnly cookie and who they are', async () => {
    const code = codeOf(server.demo, 'participant', 0);
    const joined = await joinWithCode(server.url, server.demo.slug, code.code);
    expect(joined.me).toMatchObject({
      role: 'participant',
      editionSlug: server.demo.slug,
      name: code.name,
      attendance: code.attendance,
    } satisfies Partial<Me>);
    expect(joined.setCookie).toMatch(new RegExp(`^${tokenCookieName('participant')}=`));
    expect(joined.setCookie).toMatch(/HttpOnly/i);
    expect(joined.setCookie).toMatch(/SameSite=Lax/i);
    expect(joined.cookie).toBe(`${tokenCookieName('participant')}=${joined.token}`);
    const socket = await connect(server.url, joined.token);
    await ok(socket, 'session:join', { sessionId: server.demo.plenarySessionId });
  });

  it('accepts a code typed in lower case, with spaces instead of dashes', async () => {
    const { code, name } = codeOf(server.demo, 'participant', 1);
    const typed = ` ${code.toLowerCase().replaceAll('-', ' ')} `;
    expect((await joinWithCode(server.url, server.demo.slug, typed)).me.name).toBe(name);
  });

  it('gives moderators and projectors their own role and cookie', async () => {
    const moderator = await joinWithCode(
      server.url,
      server.demo.slug,
      codeOf(server.demo, 'moderator', 0).code,
    );
    expect(moderator.me.role).toBe('moderator');
    expect(moderator.setCookie).toMatch(new RegExp(`^${tokenCookieName('moderator')}=`));
    const screen = codeOf(server.demo, 'projector', 0);
    const projector = await joinWithCode(server.url, server.demo.slug, screen.code);
    expect(projector.me).toMatchObject({ role: 'projector', room: screen.room });
    expect(projector.setCookie).toMatch(new RegExp(`^${tokenCookieName('projector')}=`));
  });

  it('refuses a wrong code, a revoked code, another edition’s code and garbage with the same answer', async () => {
    const valid = codeOf(server.demo, 'participant', 2).code;
    const wrong = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
    const attempts = {
      wrong: await postJoin(server.url, server.demo.slug, { code: wrong }),
      revoked: await postJoin(server.url, server.demo.slug, { code: revoked.code }),
      otherEdition: await postJoin(server.url, server.demo.slug, { code: otherEditionCode }),
      garbage: await postJoin(server.url, server.demo.slug, { code: 'hello' }),
      unknownEdition: await postJoin(server.url, 'pas-d-edition', { code: valid }),
    };
    const answers = Object.values(attempts).map(errorOf);
    expect(answers[0]).toMatchObject({ status: 401, code: 'INVALID_CODE' });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    for (const res of Object.values(attempts)) expect(res.headers.getSetCookie()).toEqual([]);
    // The other edition's code does open its own edition.
    expect((await joinWithCode(server.url, 'autre-edition', otherEditionCode)).me.editionSlug).toBe(
      'autre-edition',
    );
  });

  it('no longer accepts the token of a revoked code, on HTTP or on the socket', async () => {
    const res = await request(server.url, `/api/editions/${server.demo.slug}/programme`, {
      headers: { authorization: `Bearer ${revoked.token}` },
    });
    expect(errorOf(res)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect((await connectError(server.url, { token: revoked.token })).code).toBe('UNAUTHORIZED');
  });
});

describe('repeated failures', () => {
  it('slows an address down after too many failed joins: wrong codes RATE_LIMITED, a valid code still in', async () => {
    const valid = codeOf(strict.demo, 'participant', 0).code;
    const wrong = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
    const earlier = await joinWithCode(
      strict.url,
      strict.demo.slug,
      codeOf(strict.demo, 'moderator', 0).code,
    );
    for (let i = 0; i < 3; i += 1) {
      expect(errorOf(await postJoin(strict.url, strict.demo.slug, { code: wrong }))).toMatchObject({
        status: 401,
        code: 'INVALID_CODE',
      });
    }
    const limited = await postJoin(strict.url, strict.demo.slug, { code: wrong });
    expect(errorOf(limited)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // A valid code still gets in (after its turn in the slow lane): a hall shares one address.
    expect((await joinWithCode(strict.url, strict.demo.slug, valid)).me.role).toBe('participant');
    // Tokens already handed out keep working.
    const programme = await request(strict.url, `/api/editions/${strict.demo.slug}/programme`, {
      headers: { authorization: `Bearer ${earlier.token}` },
    });
    expect(programme.status).toBe(200);
    await ok(await connect(strict.url, earlier.token), 'moderation:join', {
      sessionId: strict.demo.plenarySessionId,
    });
  });
});
