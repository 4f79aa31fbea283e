import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  commandAck,
  type Ack,
  type AttendanceMode,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type MyBallot,
  type Poll,
} from '@agora/shared';
import { connectionOptions, handshakeRetryDelayMs } from '../../client/src/realtime/socket-options.ts';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { expectedTally, talliesOf } from '../support/crowd.ts';
import { startBalancer, type Balancer } from '../support/haproxy.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import { withRedisStore } from '../support/seed.ts';
import {
  closeAllSockets,
  joinWithCode,
  ok,
  removeDataDir,
  startServer,
  type Client,
  type RunningServer,
} from '../support/server-process.ts';

// The plenary shape upgraded node by node while a crowd keeps voting and asking: a real
// redis-server (AOF, appendfsync always), two real nodes, the real HAProxy with the shipped
// deploy/haproxy.cfg in front. Each node is stopped with SIGTERM, as an orchestrator does, and
// started again on its address once the other one carries everyone. The « new version » is the
// same build: what is tested is the hand-over (drain, reconnect, re-send), not a format change
// (the data format's migration has its own test).

const CROWD = 100;

/** The drain delay the plenary compose file gives its nodes, read from it rather than repeated. */
const ComposeDelay = z.object({
  services: z.object({
    app1: z.object({ environment: z.object({ SHUTDOWN_DELAY_SECONDS: z.string() }) }),
  }),
});
const shutdownDelay = ComposeDelay.parse(
  parse(readFileSync(new URL('../../deploy/compose.plenary.yml', import.meta.url), 'utf8'), { merge: true }),
).services.app1.environment.SHUTDOWN_DELAY_SECONDS;

let redis: RedisServer;
let env: Record<string, string>;
let nodes: RunningServer[] = [];
let balancer: Balancer;
let people: { code: string; attendance: AttendanceMode }[];

beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
  const prefix = randomPrefix();
  const secret = randomBytes(32).toString('base64url');
  env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    SECRET: secret,
    TRUST_PROXY: '1',
    SHUTDOWN_DELAY_SECONDS: shutdownDelay,
  };
  const first = await startServer({ env });
  // The second node shares the first one's data folder only to read the demo codes it printed.
  nodes = [first, await startServer({ env, dataDir: first.dataDir })];
  balancer = await startBalancer([first.url, nodes[1]!.url]);
  people = await withRedisStore({ url: redis.url, prefix, secret }, async (seed) =>
    seed.participants(await seed.editionIdOf(first.demo.slug), CROWD),
  );
}, 60_000);

afterAll(async () => {
  closeAllSockets();
  for (const phone of phones) phone.socket.close();
  await balancer?.stop();
  for (const node of nodes) await node.stop();
  if (nodes[0]) await removeDataDir(nodes[0].dataDir);
  await redis?.stop();
});

/** Socket.IO's typed emit cannot follow a generic command name; the ack is parsed right after. */
interface LooseEmitter {
  timeout(ms: number): {
    emit(event: string, input: unknown, cb: (err: Error | null, res: unknown) => void): void;
  };
}

/** One acknowledgement a phone received: which command, with which client id, and its answer. */
interface Acked<N extends CommandName = CommandName> {
  name: N;
  clientId: string;
  data: CommandOutput<N>;
}

/**
 * A participant's phone as the web client behaves: Socket.IO reconnects by itself (through the
 * balancer), each connection starts with the session's snapshot, and a command not answered for
 * good is sent again with the same input, hence the same client id, until it is (the web client's
 * outbox: client/src/realtime/outbox.ts). One command at a time, so « the latest ballot » is the
 * latest acknowledged one.
 */
class Phone {
  readonly socket: Client;
  readonly acked: Acked[] = [];
  /** Answers that were not ok, by code: only UNAVAILABLE (offline, timeout, draining) is retried. */
  readonly refusals: string[] = [];
  /** Why commands were sent again: the message of each UNAVAILABLE answer (offline, timeout, a draining node). */
  readonly retried: string[] = [];
  /** Commands that found the phone offline and waited for its reconnection before their first send. */
  held = 0;
  connects = 0;
  private joined: Promise<void> = Promise.resolve();

  constructor(
    url: string,
    token: string,
    readonly attendance: AttendanceMode,
    private readonly sessionId: string,
  ) {
    this.socket = io(url, {
      ...connectionOptions,
      auth: { token },
      // Socket.IO's own reconnection, with the web client's delays (its defaults).
      forceNew: true,
    });
    // A handshake refused for a passing cause (a node starting or its store slow) is tried again,
    // as the web client does (Socket.IO itself never retries a refused handshake).
    this.socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      const retryIn = this.socket.active ? null : handshakeRetryDelayMs(error.data?.code, 0);
      if (retryIn !== null) setTimeout(() => this.socket.connect(), retryIn);
    });
    this.socket.on('connect', () => {
      this.connects += 1;
      this.joined = this.send('session:join', { sessionId: this.sessionId }).then(() => undefined);
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return this.joined;
    return new Promise((resolve) => this.socket.once('connect', () => resolve(this.joined)));
  }

  private send<N extends CommandName>(name: N, input: CommandInput<N>): Promise<Ack<CommandOutput<N>>> {
    return new Promise((resolve) => {
      if (!this.socket.connected) {
        resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'offline' } });
        return;
      }
      (this.socket as unknown as LooseEmitter).timeout(3_000).emit(name, input, (err, raw) => {
        // No answer within the delay, or the connection dropped before it came (Socket.IO's message).
        if (err) resolve({ ok: false, error: { code: 'UNAVAILABLE', message: err.message } });
        else resolve(commandAck(name).parse(raw) as Ack<CommandOutput<N>>);
      });
    });
  }

  /** Sends until answered for good (the outbox's loop); resolves with the data of the ack. */
  async deliver<N extends 'poll:vote' | 'question:ask'>(
    name: N,
    input: CommandInput<N> & { clientId: string },
  ): Promise<CommandOutput<N> | null> {
    if (!this.socket.connected) this.held += 1;
    for (;;) {
      await this.connected();
      const ack = await this.send(name, input);
      if (ack.ok) {
        this.acked.push({ name, clientId: input.clientId, data: ack.data });
        return ack.data;
      }
      if (ack.error.code !== 'UNAVAILABLE') {
        this.refusals.push(`${name} ${ack.error.code}`);
        return null;
      }
      this.retried.push(ack.error.message);
      // Shorter than the outbox's 3 s between re-sends, to keep the test short.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

const phones: Phone[] = [];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a node with SIGTERM, starts the same build again on its address, waits until HAProxy sends people to it. */
async function upgrade(index: 0 | 1): Promise<void> {
  const old = nodes[index]!;
  const name = `app${index + 1}`;
  expect(await old.stop()).toEqual({ code: 0, signal: null });
  await expect.poll(async () => (await balancer.states())[name], { timeout: 10_000 }).toMatch(/DOWN/);
  const next = await startServer({ env: { ...env, PORT: String(old.port) }, dataDir: old.dataDir });
  nodes[index] = next;
  await expect
    .poll(async () => (await fetch(`${next.url}/readyz`).catch(() => null))?.status, { timeout: 10_000 })
    .toBe(200);
  await expect.poll(async () => (await balancer.states())[name], { timeout: 10_000 }).toBe('UP');
}

describe('a rolling upgrade of the two-node shape behind HAProxy', () => {
  it('loses no acknowledged ballot or question, counts none twice, and brings every phone back', async () => {
    const demo = nodes[0]!.demo;
    const sessionId = demo.plenarySessionId;
    const viaBalancer = { url: balancer.url, demo };
    const mod: Actor = await actor(viaBalancer, 'moderator', 0);
    await ok(mod.socket, 'moderation:join', { sessionId });
    await ok(mod.socket, 'session:set-delay', { sessionId, remoteDelaySeconds: 0 });
    const draft = await ok(mod.socket, 'poll:create', {
      sessionId,
      draft: {
        question: 'Une mise à jour sans rien perdre ?',
        kind: 'single',
        options: ['A', 'B', 'C', 'D'],
      },
    });
    const poll: Poll = await ok(mod.socket, 'poll:open', { pollId: draft.id });
    const options = poll.options.map((o) => o.id);
    mod.socket.close();

    for (let i = 0; i < people.length; i += 25) {
      const tokens = await Promise.all(
        people.slice(i, i + 25).map((p) => joinWithCode(balancer.url, demo.slug, p.code)),
      );
      for (const [k, { token }] of tokens.entries()) {
        phones.push(new Phone(balancer.url, token, people[i + k]!.attendance, sessionId));
      }
    }
    await Promise.all(phones.map((p) => p.connected()));
    const before = await balancer.sessions();
    expect(before.app1! + before.app2!).toBe(CROWD);
    expect(Math.min(before.app1!, before.app2!)).toBeGreaterThan(0);

    // Each phone votes (changing its mind) and asks, one command at a time, until told to stop.
    let running = true;
    const texts = new Map<string, string>();
    const activity = phones.map(async (phone, i) => {
      for (let n = 0; running; n += 1) {
        if (n % 3 === 2) {
          const id = clientId('ask');
          const text = `Question ${n} du téléphone ${i} (${id})`;
          texts.set(id, text);
          await phone.deliver('question:ask', { sessionId, clientId: id, text, anonymous: false });
        } else {
          const choices = [options[(i + n) % options.length]!];
          await phone.deliver('poll:vote', { pollId: poll.id, clientId: clientId('vote'), choices });
        }
        await pause(400 + Math.random() * 800);
      }
    });

    await pause(2_000);
    await upgrade(0);
    await pause(1_000);
    await upgrade(1);
    await pause(1_000);
    running = false;
    await Promise.all(activity);

    // Every phone went through at least one reconnection and is connected again.
    expect(phones.every((p) => p.socket.connected)).toBe(true);
    expect(phones.filter((p) => p.connects < 2).length).toBe(0);
    expect(phones.flatMap((p) => p.refusals)).toEqual([]);
    // The upgrade did get in the crowd's way: commands waited for a reconnection, and some (sent as a
    // node went, their ack lost with the connection, or refused while it drained) were sent again.
    const retried = phones.flatMap((p) => p.retried);
    const held = phones.reduce((sum, p) => sum + p.held, 0);
    expect(retried.length + held).toBeGreaterThan(0);

    // The latest acknowledged ballot of each phone is what it counts for, exactly once.
    const latest = phones.map((p) => {
      const ballots = p.acked.filter((a): a is Acked<'poll:vote'> => a.name === 'poll:vote');
      const last: MyBallot | undefined = ballots.at(-1)?.data;
      if (!last) throw new Error('a phone has no acknowledged ballot');
      return { ...last, attendance: p.attendance };
    });
    const asked = phones.flatMap((p) =>
      p.acked.filter((a): a is Acked<'question:ask'> => a.name === 'question:ask'),
    );
    expect(asked.length).toBeGreaterThan(CROWD);

    const after = await actor(viaBalancer, 'moderator', 0);
    await ok(after.socket, 'poll:close', { pollId: poll.id });
    const view = await ok(after.socket, 'moderation:join', { sessionId });
    const results = view.interactions.pollResults.find((r) => r.pollId === poll.id);
    expect(results && talliesOf(results)).toEqual(expectedTally(poll, latest));

    // Each acknowledged question once, under the id its ack gave; none that was not asked.
    const byText = new Map<string, string[]>();
    for (const q of view.qa.questions)
      byText.set(q.originalText, [...(byText.get(q.originalText) ?? []), q.id]);
    for (const a of asked) expect(byText.get(texts.get(a.clientId) ?? ''), a.clientId).toEqual([a.data.id]);
    const ours = view.qa.questions.filter((q) => q.originalText.startsWith('Question '));
    expect(ours.length).toBe(asked.length);
  }, 90_000);
});
