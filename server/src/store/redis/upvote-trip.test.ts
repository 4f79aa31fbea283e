import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeScheduler } from '../../../../tests/support/fake-scheduler.ts';
import { randomPrefix, startRedis, type RedisServer } from '../../../../tests/support/redis-server.ts';
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

let server: RedisServer;
let admin: Redis;
let monitor: Redis;
/**
 * The commands clients sent Redis while recording (a script's own calls are not counted), a script
 * run (EVAL the first time, EVALSHA after) as `script`.
 */
let sent: string[] | null = null;
let marked: (() => void) | null = null;

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
  monitor = await new Redis(server.url).monitor();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (args[0] === 'echo' && args[1] === 'upvote-trip-mark') marked?.();
    else if (sent && source !== 'lua')
      sent.push(/^eval(sha)?$/i.test(args[0] ?? '') ? 'script' : (args[0] ?? '').toLowerCase());
  });
});
afterAll(async () => {
  monitor.disconnect();
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
