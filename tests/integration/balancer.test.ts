import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportReport } from '@agora/shared';
import { connectionOptions } from '../../client/src/realtime/socket-options.ts';
import { clientId } from '../support/actors.ts';
import { startBalancer, type Balancer } from '../support/haproxy.ts';
import { createOrganizerCli, loginOrganizer, organizerApi } from '../support/organizer.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import { websocketRefusingProxy } from '../support/websocket-refusing-proxy.ts';
import {
  closeAllSockets,
  codeOf,
  connect,
  errorOf,
  joinWithCode,
  ok,
  removeDataDir,
  startServer,
  type Client,
  type ConnectOptions,
  type RunningServer,
} from '../support/server-process.ts';

// The plenary shape without containers: the real HAProxy running the shipped deploy/haproxy.cfg in
// front of two real nodes sharing a real redis-server. Every client here comes from one address.

let redis: RedisServer;
let nodes: RunningServer[] = [];
let balancer: Balancer;
let env: Record<string, string>;

beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
  env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: randomPrefix(),
    SECRET: randomBytes(32).toString('base64url'),
    TRUST_PROXY: '1',
    JOIN_MAX_FAILURES: '3',
  };
  const first = await startServer({ env });
  // The second node shares the first one's data folder only to read the demo codes it printed.
  nodes = [first, await startServer({ env, dataDir: first.dataDir })];
  balancer = await startBalancer([first.url, nodes[1]!.url]);
});

afterAll(async () => {
  closeAllSockets();
  await balancer?.stop();
  for (const node of nodes) await node.stop();
  if (nodes[0]) await removeDataDir(nodes[0].dataDir);
  await redis?.stop();
});

const demo = () => nodes[0]!.demo;

/** A participant token, obtained through the balancer. */
async function participantToken(n = 0): Promise<string> {
  return (await joinWithCode(balancer.url, demo().slug, codeOf(demo(), 'participant', n).code)).token;
}

/** Joins the plenary and asks a question: two commands, each acknowledged. */
async function joinAndAsk(socket: Client, text: string): Promise<void> {
  const sessionId = demo().plenarySessionId;
  expect((await ok(socket, 'session:join', { sessionId })).sessionId).toBe(sessionId);
  const asked = await ok(socket, 'question:ask', { sessionId, clientId: clientId(), text, anonymous: false });
  expect(asked.text).toBe(text);
}

const transportOf = (socket: Client) => socket.io.engine.transport.name;

describe('HAProxy in front of two nodes (deploy/haproxy.cfg)', () => {
  it('carries a websocket client: it joins and its command is acknowledged', async () => {
    const socket = await connect(balancer.url, await participantToken(0));
    expect(transportOf(socket)).toBe('websocket');
    await joinAndAsk(socket, 'Par le répartiteur, en websocket ?');
  });

  it('keeps a long-polling client on its node by cookie: it joins and its command is acknowledged', async () => {
    // Without stickiness its requests would alternate between the nodes, and the node that does
    // not hold the session refuses them: several round trips show that each one found its node.
    const options: ConnectOptions = { transports: ['polling'], upgrade: false, withCredentials: true };
    const socket = await connect(balancer.url, await participantToken(1), options);
    expect(transportOf(socket)).toBe('polling');
    await joinAndAsk(socket, 'Par le répartiteur, en long-polling ?');
    await joinAndAsk(socket, 'Et une seconde fois, sur le même nœud ?');
  });

  it("brings the web app's socket through a proxy that refuses websockets, over long-polling", async () => {
    const proxy = await websocketRefusingProxy(balancer.url);
    try {
      const socket = await connect(proxy.url, await participantToken(2), connectionOptions);
      expect(transportOf(socket)).toBe('polling');
      expect(proxy.refusedUpgrades()).toBeGreaterThan(0);
      await joinAndAsk(socket, 'Derrière un proxy qui refuse les websockets ?');
      socket.close();
    } finally {
      await proxy.close();
    }
  });

  it('spreads 200 connections from one address over both nodes', async () => {
    closeAllSockets();
    await expect
      .poll(async () => Object.values(await balancer.sessions()).reduce((a, b) => a + b, 0))
      .toBe(0);
    const token = await participantToken(3);
    const sockets = await Promise.all(Array.from({ length: 200 }, () => connect(balancer.url, token)));
    expect(sockets.every((s) => s.connected)).toBe(true);
    const sessions = await balancer.sessions();
    expect(sessions.app1! + sessions.app2!).toBe(200);
    // leastconn: each new connection goes to the node with fewer; ip_hash gave one node all 200.
    expect(Math.abs(sessions.app1! - sessions.app2!)).toBeLessThanOrEqual(20);
    closeAllSockets();
  });

  it('lets a 10,000-person registrants CSV through (over nginx’s old 1 MB limit) and the import takes it whole', async () => {
    await createOrganizerCli(nodes[0]!.dataDir, undefined, env);
    const { token } = await loginOrganizer(balancer.url);
    const rows = Array.from(
      { length: 10_000 },
      (_, i) =>
        `Personne ${i};Participante numéro ${i};personne.${i}@exemple.org;` +
        `Association régionale des professionnels de l’accompagnement n° ${i % 300};` +
        (i % 3 === 0 ? 'distanciel' : 'présentiel'),
    );
    const csv = ['prénom;nom;email;organisation;mode', ...rows].join('\r\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const res = await organizerApi(balancer.url, token).csv(
      `/api/organizer/editions/${demo().slug}/registrants/import`,
      csv,
    );
    expect(res.status).toBe(200);
    const report = ImportReport.parse(res.body);
    expect(report).toMatchObject({ rows: 10_000, created: 10_000, errors: [] });
  }, 120_000);

  it('counts a client by the address HAProxy saw, whatever X-Forwarded-For it forges', async () => {
    const valid = codeOf(demo(), 'participant', 0).code;
    const wrong = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
    const join = (forged: string, localAddress = '127.0.0.1') =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const body = JSON.stringify({ code: wrong });
        const req = httpRequest(
          `${balancer.url}/api/editions/${demo().slug}/join`,
          {
            method: 'POST',
            localAddress,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': forged },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    // A new forged address each time: were any believed, none would reach the budget of 3.
    const answers = [];
    for (let i = 1; i <= 8; i += 1) answers.push(await join(`198.51.100.${i}`));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([401, 401, 401]);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    // Another client address behind the same balancer has its own budget: the nodes read the
    // address HAProxy wrote, not HAProxy's own.
    const other = await join('198.51.100.1', '127.0.0.2');
    expect(errorOf({ ...other, headers: new Headers() })).toMatchObject({
      status: 401,
      code: 'INVALID_CODE',
    });
  });
});
