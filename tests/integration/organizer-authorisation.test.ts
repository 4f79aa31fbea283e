import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizerRoutes, tokenCookieName, type Role } from '@agora/shared';
import { actor } from '../support/actors.ts';
import { createOrganizerCli, loginOrganizer, ORGANIZER } from '../support/organizer.ts';
import {
  closeAllSockets,
  errorOf,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

let server: RunningServer;
let organizerToken: string;
const personal: Partial<Record<Role, { token: string; id: string }>> = {};

beforeAll(async () => {
  const first = await startServer({ env: { LOGIN_MAX_FAILURES: '3' } });
  await first.stop();
  await createOrganizerCli(first.dataDir);
  server = await startServer({ dataDir: first.dataDir, env: { LOGIN_MAX_FAILURES: '3' } });
  organizerToken = (await loginOrganizer(server.url)).token;
  for (const role of ['participant', 'moderator', 'projector'] as const) {
    const who = await actor(server, role);
    personal[role] = { token: who.token, id: who.me.id };
  }
});

afterAll(async () => {
  closeAllSockets();
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

const PUBLIC = new Set(['organizerLogin', 'organizerLogout']);
const routes = Object.entries(organizerRoutes).filter(([name]) => !PUBLIC.has(name));

/** A concrete path of a route, on the demo edition (so a call that got through would act on real data). */
function pathOf(path: string): string {
  return path
    .replace(':slug', server.demo.slug)
    .replace(':sessionId', server.demo.plenarySessionId)
    .replace(':id', personal.participant!.id);
}

function call(method: string, path: string, headers: Record<string, string>) {
  const hasBody = method !== 'GET' && method !== 'DELETE';
  return request(server.url, pathOf(path), {
    method,
    headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { body: '{}' } : {}),
  });
}

describe('organizer routes: authorisation matrix', () => {
  it('covers every route of the table', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
  });

  it.each(routes)(
    '%s refuses no token, and participant, moderator and projector tokens',
    async (_name, route) => {
      const attempts: Record<string, string>[] = [{}];
      for (const role of ['participant', 'moderator', 'projector'] as const) {
        const { token } = personal[role]!;
        attempts.push(
          { authorization: `Bearer ${token}` },
          { cookie: `${tokenCookieName(role)}=${token}` },
          // A personal token slipped into the organizer's cookie.
          { cookie: `agora_organizer=${token}` },
        );
      }
      for (const headers of attempts) {
        const res = await call(route.method, route.path, headers);
        expect({ headers, ...errorOf(res) }).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      }
    },
  );

  it.each(routes)('%s lets an organizer through', async (_name, route) => {
    const res = await call(route.method, route.path, { authorization: `Bearer ${organizerToken}` });
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
  });

  it('refuses a tampered organizer token', async () => {
    const [body, mac] = organizerToken.split('.');
    const forged = `${body}.${mac![0] === 'A' ? 'B' : 'A'}${mac!.slice(1)}`;
    const res = await request(server.url, '/api/organizer/me', {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(errorOf(res).status).toBe(401);
  });

  it('does not let an organizer token act as a participant', async () => {
    const res = await request(server.url, '/api/me?as=participant', {
      headers: { authorization: `Bearer ${organizerToken}` },
    });
    expect(errorOf(res).status).toBe(401);
  });

  it('rate limits failed logins per address', async () => {
    const attempt = (password: string) =>
      request(server.url, '/api/organizer/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ORGANIZER.email, password }),
      });
    for (let i = 0; i < 3; i += 1) expect((await attempt('wrong password here')).status).toBe(401);
    const limited = await attempt(ORGANIZER.password);
    expect(errorOf(limited)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
