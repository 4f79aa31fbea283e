import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId } from '../support/actors.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import {
  closeAllSockets,
  errorOf,
  ok,
  rawCommand,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

const TOKEN = randomBytes(24).toString('base64url');
const started: RunningServer[] = [];
let redis: RedisServer | undefined;

afterAll(async () => {
  closeAllSockets();
  for (const s of started) await s.stop();
  for (const s of started) await removeDataDir(s.dataDir);
  await redis?.stop();
});

async function scrape(server: RunningServer): Promise<string> {
  const res = await request(server.url, '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return String(res.body);
}

/** The value of one series (`name{labels}`) in a Prometheus text answer; 0 when absent. */
function valueOf(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('/metrics on the embedded store', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { METRICS_TOKEN: TOKEN } });
    started.push(server);
  });

  it('answers 401 without the bearer token or with a wrong one', async () => {
    expect(errorOf(await request(server.url, '/metrics'))).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
    });
    const wrong = await request(server.url, '/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(errorOf(wrong)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('counts sockets by role, acks by command and code, latencies, broadcasts and journal writes', async () => {
    const participant = await actor(server, 'participant', 0);
    await actor(server, 'moderator', 0);
    const sessionId = server.demo.plenarySessionId;
    await ok(participant.socket, 'question:ask', {
      sessionId,
      clientId: clientId(),
      text: 'Une question comptée par les métriques',
      anonymous: false,
    });
    const refused = await rawCommand(participant.socket, 'question:ask', { sessionId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

    const text = await scrape(server);
    expect(valueOf(text, 'agora_sockets_connected{role="participant"}')).toBe(1);
    expect(valueOf(text, 'agora_sockets_connected{role="moderator"}')).toBe(1);
    expect(valueOf(text, 'agora_command_acks_total{command="question:ask",code="OK"}')).toBe(1);
    expect(valueOf(text, 'agora_command_acks_total{command="question:ask",code="INVALID_PAYLOAD"}')).toBe(1);
    expect(valueOf(text, 'agora_command_ack_seconds_count{command="question:ask"}')).toBe(2);
    expect(valueOf(text, 'agora_broadcasts_total{event="qa:moderation"}')).toBeGreaterThanOrEqual(1);
    expect(valueOf(text, 'agora_journal_flush_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(valueOf(text, 'agora_store_write_seconds_count{store="embedded"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('nodejs_eventloop_lag_seconds ');
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds ');
  });

  it('names no person, code or token in any series', async () => {
    const text = await scrape(server);
    for (const c of server.demo.codes) expect(text).not.toContain(c.code);
    expect(text).not.toMatch(/participant-|principal|@/);
  });
});

describe('/metrics without METRICS_TOKEN, and with Redis', () => {
  it('answers NOT_FOUND when no token is configured', async () => {
    const server = await startServer();
    started.push(server);
    expect(errorOf(await request(server.url, '/metrics'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('reports each Redis connection as up', async () => {
    redis = await startRedis({ appendonly: true });
    const server = await startServer({
      env: {
        METRICS_TOKEN: TOKEN,
        REDIS_URL: redis.url,
        REDIS_PREFIX: randomPrefix(),
        SECRET: randomBytes(32).toString('base64url'),
      },
    });
    started.push(server);
    const text = await scrape(server);
    expect(valueOf(text, 'agora_redis_connected{connection="store"}')).toBe(1);
    expect(valueOf(text, 'agora_redis_connected{connection="adapter-pub"}')).toBe(1);
    expect(valueOf(text, 'agora_redis_connected{connection="adapter-sub"}')).toBe(1);
  });
});
