import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizerCli, ORGANIZER } from '../support/organizer.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import {
  codeOf,
  errorOf,
  joinWithCode,
  postJoin,
  removeDataDir,
  request,
  startServer,
  tempDataDir,
  type RunningServer,
} from '../support/server-process.ts';

// Event-day hazards: a hall shares one public address, and a forged X-Forwarded-For must not pick
// the address the limits count against. Small budgets through the environment.

const started: RunningServer[] = [];
let redis: RedisServer | undefined;

async function server(env: Record<string, string>, dataDir?: string): Promise<RunningServer> {
  const s = await startServer({ env, ...(dataDir ? { dataDir } : {}) });
  started.push(s);
  return s;
}

afterAll(async () => {
  for (const s of started) await s.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
  await redis?.stop();
});

/** A code of the right shape that opens nothing. */
const wrongCodeFor = (valid: string) => `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;

function joinAs(s: RunningServer, code: string, forwardedFor?: string) {
  return request(s.url, `/api/editions/${s.demo.slug}/join`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ code }),
  });
}

describe('a hall sharing one address', () => {
  let hall: RunningServer;
  beforeAll(async () => {
    hall = await server({ JOIN_MAX_FAILURES: '3' });
  });

  it('still lets valid participant and moderator codes in after many wrong codes from the same address', async () => {
    const wrong = wrongCodeFor(codeOf(hall.demo, 'participant', 0).code);
    for (let i = 0; i < 12; i += 1) await postJoin(hall.url, hall.demo.slug, { code: wrong });
    const participant = await joinWithCode(
      hall.url,
      hall.demo.slug,
      codeOf(hall.demo, 'participant', 1).code,
    );
    expect(participant.me.role).toBe('participant');
    const moderator = await joinWithCode(hall.url, hall.demo.slug, codeOf(hall.demo, 'moderator', 0).code);
    expect(moderator.me.role).toBe('moderator');
  });

  it('answers wrong codes RATE_LIMITED with a Retry-After once the address is over its budget', async () => {
    const wrong = wrongCodeFor(codeOf(hall.demo, 'participant', 2).code);
    const limited = await postJoin(hall.url, hall.demo.slug, { code: wrong });
    expect(errorOf(limited)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('behind one proxy (TRUST_PROXY=1)', () => {
  let proxied: RunningServer;
  beforeAll(async () => {
    const dataDir = await tempDataDir();
    await createOrganizerCli(dataDir);
    proxied = await server({ TRUST_PROXY: '1', JOIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES: '3' }, dataDir);
  });

  it('counts failed joins against the address the proxy appended, whatever the client wrote before it', async () => {
    const wrong = wrongCodeFor(codeOf(proxied.demo, 'participant', 0).code);
    for (let i = 0; i < 3; i += 1) {
      const res = await joinAs(proxied, wrong, `198.51.100.${i + 1}, 203.0.113.7`);
      expect(errorOf(res)).toMatchObject({ status: 401, code: 'INVALID_CODE' });
    }
    const forged = await joinAs(proxied, wrong, '198.51.100.99, 10.0.0.1, 203.0.113.7');
    expect(errorOf(forged)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // Another client of the proxy has a budget of its own.
    expect(errorOf(await joinAs(proxied, wrong, '198.51.100.1, 203.0.113.8'))).toMatchObject({
      status: 401,
      code: 'INVALID_CODE',
    });
  });

  it('counts failed organizer logins against the address the proxy appended, whatever the client wrote before it', async () => {
    const login = (password: string, forwardedFor: string) =>
      request(proxied.url, '/api/organizer/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ email: ORGANIZER.email, password }),
      });
    for (let i = 0; i < 3; i += 1) {
      expect((await login('not the password at all', `192.0.2.${i + 1}, 203.0.113.9`)).status).toBe(401);
    }
    const forged = await login('not the password at all', '192.0.2.200, 203.0.113.9');
    expect(errorOf(forged)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect((await login('not the password at all', '192.0.2.1, 203.0.113.10')).status).toBe(401);
  });
});

describe('TRUST_PROXY', () => {
  it('refuses to start with TRUST_PROXY=true and says what to write instead', async () => {
    const dataDir = await tempDataDir();
    try {
      const outcome = await startServer({ dataDir, env: { TRUST_PROXY: 'true' } }).then(
        async (started) => {
          await started.stop();
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(
        /CONFIG_INVALID.*TRUST_PROXY=true trusts every.*TRUST_PROXY=1 behind one nginx/s,
      );
    } finally {
      await removeDataDir(dataDir);
    }
  });
});

describe('two nodes sharing Redis', () => {
  it('share the failure count of an address', async () => {
    redis = await startRedis({ appendonly: false });
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: randomPrefix(),
      SECRET: randomBytes(32).toString('base64url'),
      JOIN_MAX_FAILURES: '3',
    };
    const a = await server(env);
    const b = await server(env, a.dataDir);
    const wrong = wrongCodeFor(codeOf(a.demo, 'participant', 0).code);
    for (const node of [a, b, a]) {
      expect(errorOf(await postJoin(node.url, node.demo.slug, { code: wrong }))).toMatchObject({
        code: 'INVALID_CODE',
      });
    }
    expect(errorOf(await postJoin(b.url, b.demo.slug, { code: wrong }))).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
    });
    // And a valid code still gets in on either node.
    expect((await joinWithCode(b.url, b.demo.slug, codeOf(b.demo, 'participant', 3).code)).me.role).toBe(
      'participant',
    );
  });
});
