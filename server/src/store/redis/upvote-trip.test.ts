import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeScheduler } from '../../../../tests/support/fake-scheduler.ts';
import {
  commandCalls,
  randomPrefix,
  startRedis,
  type RedisServer,
} from '../../../../tests/support/redis-server.ts';
import {
  errorCode,
  principal,
  RecordingBroadcaster,
  testEdition,
  testSession,
} from '../../../../tests/support/service-fixtures.ts';
import { LiveSessionService } from '../../modules/live/live-session.service.ts';
import { QaFanout } from '../../modules/questions/qa-fanout.ts';
import { QuestionsService } from '../../modules/questions/questions.service.ts';
import { RedisStore } from './redis-store.ts';
import { MAX_PER_RUN } from './session-batch.ts';

let server: RedisServer;
let admin: Redis;
let monitor: Redis;
/** The client `monitor()` was called on: MONITOR runs on a connection of its own, this one stays. */
let monitorBase: Redis;
/**
 * The commands clients sent Redis while recording (a script's own calls are not counted), a script
 * run (EVAL the first time, EVALSHA after) as `script`.
 */
let sent: string[] | null = null;
let marked: (() => void) | null = null;

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
  monitorBase = new Redis(server.url);
  monitor = await monitorBase.monitor();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (args[0] === 'echo' && args[1] === 'upvote-trip-mark') marked?.();
    else if (sent && source !== 'lua')
      sent.push(/^eval(sha)?$/i.test(args[0] ?? '') ? 'script' : (args[0] ?? '').toLowerCase());
  });
});
afterAll(async () => {
  monitor.disconnect();
  monitorBase.disconnect();
  admin.disconnect();
  await server.stop();
});

/** Resolves once MONITOR has shown a mark sent now: everything Redis ran before it was shown. */
function mark(): Promise<void> {
  return new Promise<void>((resolve) => {
    marked = resolve;
    void admin.echo('upvote-trip-mark');
  });
}

/**
 * What clients sent Redis while `run` ran: between two marks, so that nothing an earlier operation
 * sent (MONITOR shows it after its reply) and nothing of `run` is missed.
 */
async function commandsOf(run: () => Promise<unknown>): Promise<string[]> {
  await mark();
  const seen: string[] = (sent = []);
  await run();
  await mark();
  sent = null;
  return seen;
}

it('an upvote is one command to Redis, its script, which checks the session and its policy too', async () => {
  const store = await RedisStore.connect({ url: server.url, prefix: randomPrefix() });
  await store.program.putEdition(testEdition('ed', 'Ed'));
  await store.program.putEdition(testEdition('other', 'Other'));
  await store.program.putSession(testSession('plen', 'Plénière', 'plenary'));
  const clock = { now: () => Date.now() };
  const qa = new QaFanout(new RecordingBroadcaster(), new FakeScheduler(), 250);
  const live = new LiveSessionService({ store, bus: new RecordingBroadcaster(), clock, qa });
  const service = new QuestionsService({ store, clock, qa, live });
  const asked = await service.ask(principal('participant', 'author'), {
    sessionId: 'plen',
    clientId: 'client-trip-1',
    text: 'Une question ?',
    anonymous: false,
  });
  await service.moderate(principal('moderator', 'mod'), { questionId: asked.id, action: 'approve' });
  const upvote = (voter: string, up: boolean, more: Parameters<typeof principal>[2] = {}) =>
    service.upvote(principal('participant', voter, more), { questionId: asked.id, up });

  expect(await commandsOf(() => upvote('v1', true))).toEqual(['script']);
  expect(await commandsOf(() => upvote('v1', false))).toEqual(['script']);
  expect(await errorCode(upvote('stranger', true, { editionId: 'other' }))).toBe('NOT_FOUND');
  await store.program.setPolicy('plen', { ...testSession('plen', '', 'plenary').policy, upvote: 'onsite' });
  const refused = await commandsOf(async () => {
    expect(await errorCode(upvote('far', true, { attendance: 'remote' }))).toBe('POLICY_FORBIDS');
  });
  expect(refused).toEqual(['script']);
  expect((await upvote('near', true)).votes).toBe(1);
  qa.stop();
  await store.close();
});

it('sends the upvotes of one turn as one script run per bound, reading the live state and the screen once per run', async () => {
  const store = await RedisStore.connect({ url: server.url, prefix: randomPrefix() });
  await store.program.putEdition(testEdition('ed', 'Ed'));
  await store.program.putSession(testSession('plen', 'Plénière', 'plenary'));
  const ask = (id: string) =>
    store.questions.askQuestion({
      id,
      sessionId: 'plen',
      authorId: 'author',
      clientId: `client-${id}`,
      text: 'Une question ?',
      anonymous: false,
      authorName: 'Alice',
      authorMode: 'onsite',
      at: 1,
    });
  await ask('shown');
  await ask('other');
  await store.questions.setOnScreen({ sessionId: 'plen', questionId: 'shown', at: 2 });
  await store.questions.moderate({ questionId: 'other', action: 'approve', at: 3 });
  const admission = { editionId: 'ed', audiences: ['everyone' as const, 'onsite' as const] };
  const upvote = (voterId: string, questionId = 'other') =>
    store.questions.setUpvote({ questionId, voterId, up: true, at: 4, admission });
  const seqBefore = (await upvote('first')).seq;

  const before = await commandCalls(admin);
  const many = 2 * MAX_PER_RUN + 10;
  const ups = await Promise.all(
    Array.from({ length: many }, (_, i) => upvote(`v${i}`, i % 2 ? 'other' : 'shown')),
  );
  const after = await commandCalls(admin);
  const delta = (command: string) => (after[command] ?? 0) - (before[command] ?? 0);
  expect(delta('evalsha') + delta('eval')).toBe(3);
  // Per run: the live fields, the screen, then the question and session fields of each upvote (the
  // session's once per run: the same admission).
  expect(delta('hmget')).toBe(3 * 3 + many);
  expect(delta('hincrby')).toBe(3);
  // Numbered in turn, each change with its own number, the on-screen view counting as it went.
  expect(ups.map((u) => u.seq)).toEqual(Array.from({ length: many }, (_, i) => seqBefore + 1 + i));
  expect(ups.map((u) => u.onScreen?.votes)).toEqual(
    Array.from({ length: many }, (_, i) => Math.floor(i / 2) + 1),
  );
  expect(ups.at(-1)?.question.votes).toBe(many / 2 + 1);
  expect((await store.questions.getLive('plen')).seq).toBe(seqBefore + many);
  await store.close();
});
