import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppErrorBody, JoinResponse, Me, normaliseCode, tokenCookieName } from '@agora/shared';
import {
  closeAllSockets,
  codeOf,
  connect,
  connectError,
  getJson,
  joinWithCode,
  postJoin,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// The test knows the server's secret, so it can sign what an older or longer-lived server issued.
const SECRET = 'integration-secret-for-token-expiry-0123456789';
const key = (purpose: string) => createHmac('sha256', SECRET).update(purpose).digest();

function sign(payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', key('agora:token')).update(body).digest('base64url')}`;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { SECRET } });
});

afterAll(async () => {
  closeAllSockets();
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

describe('personal tokens end with the edition', () => {
  it('sets a cookie that ends with the replay window, not 400 days on', async () => {
    const { code } = codeOf(server.demo, 'participant', 0);
    const res = await postJoin(server.url, server.demo.slug, { code });
    const { expiresAt } = JoinResponse.parse(res.body);
    const cookie = res.headers.getSetCookie()[0] ?? '';
    expect(cookie).not.toMatch(/Max-Age=34560000/);
    const expires = /Expires=([^;]+)/.exec(cookie)?.[1];
    expect(expires && Date.parse(expires)).toBe(Math.floor(expiresAt / 1000) * 1000);
    // The demo is dated today: its replay closes about nine months from now.
    expect(expiresAt - Date.now()).toBeGreaterThan(250 * 24 * 3600 * 1000);
    expect(expiresAt - Date.now()).toBeLessThan(300 * 24 * 3600 * 1000);
  });

  it('refuses a token past its end over HTTP and socket with TOKEN_EXPIRED, and a rejoin renews it', async () => {
    const { code } = codeOf(server.demo, 'participant', 1);
    const joined = await joinWithCode(server.url, server.demo.slug, code);
    const claims = JSON.parse(Buffer.from(joined.token.split('.')[0]!, 'base64url').toString('utf8')) as {
      p: string;
      e: string;
      c: string;
    };
    const ended = sign({ r: 'participant', ...claims, iat: Date.now() - 2_000, exp: Date.now() - 1_000 });

    const http = await request(server.url, '/api/me', bearer(ended));
    expect(http.status).toBe(401);
    expect(AppErrorBody.parse(http.body)).toMatchObject({
      code: 'UNAUTHORIZED',
      details: { reason: 'TOKEN_EXPIRED' },
    });
    const cookieHttp = await request(server.url, '/api/me?as=participant', {
      headers: { cookie: `${tokenCookieName('participant')}=${ended}` },
    });
    expect(cookieHttp.status).toBe(401);
    expect(await connectError(server.url, { token: ended })).toMatchObject({
      code: 'UNAUTHORIZED',
      details: { reason: 'TOKEN_EXPIRED' },
    });

    const again = await joinWithCode(server.url, server.demo.slug, normaliseCode(code));
    expect(again.token).not.toBe(ended);
    expect(await getJson(server.url, '/api/me?as=participant', Me, { cookie: again.cookie })).toMatchObject({
      id: joined.me.id,
    });
    const socket = await connect(server.url, again.token);
    expect(socket.connected).toBe(true);
  });

  it('keeps a token issued without an end working while the edition runs', async () => {
    const { code } = codeOf(server.demo, 'moderator', 0);
    const joined = await joinWithCode(server.url, server.demo.slug, code);
    const claims = JSON.parse(Buffer.from(joined.token.split('.')[0]!, 'base64url').toString('utf8')) as {
      p: string;
      e: string;
      c: string;
    };
    const legacy = sign({ r: 'moderator', p: claims.p, e: claims.e, c: claims.c, iat: Date.now() });
    expect(await getJson(server.url, '/api/me', Me, bearer(legacy).headers)).toMatchObject({
      role: 'moderator',
    });
  });
});
