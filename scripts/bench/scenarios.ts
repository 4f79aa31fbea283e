/**
 * The scenarios. Each runs against one deployment with its N participants already dealt to the
 * generator, measures, and returns figures plus pass/fail correctness checks. Times are measured by
 * the thin clients and the probes on one machine clock; nothing is asserted against a timer.
 */
import type { PollResults } from '@agora/shared';
import type { Submission } from './pool.ts';
import { clockTicksPerSecond } from './proc.ts';
import { median, round, summarise } from './stats.ts';
import { now } from './thin-client.ts';
import {
  check,
  openPoll,
  redisCpu,
  redisCpuSince,
  sameTally,
  serverCpu,
  serverRss,
  serverThreadsMs,
  sleep,
  tallyOf,
  threadFigures,
  total,
  type Check,
  type Context,
  type ScenarioName,
  type ScenarioResult,
} from './scenario-kit.ts';
import { heartbeats } from './scenario-beats.ts';
import { unitCosts } from './scenario-costs.ts';
import { soak } from './scenario-soak.ts';
import { qaStorm, reconnectStorm } from './scenario-storms.ts';

export type { Check, Context, Figures, ScenarioName, ScenarioResult } from './scenario-kit.ts';

/** 1. Join rush: HTTP join with the personal code + socket connect + both snapshots, all N at once. */
export async function joinRush(ctx: Context): Promise<ScenarioResult> {
  await sleep(500);
  const rssBefore = serverRss(ctx);
  const cpu0 = serverCpu(ctx);
  const threads0 = serverThreadsMs(ctx);
  const gen0 = ctx.pool.cpuTicks();
  const timings = await ctx.pool.join(ctx.joinConcurrency);
  const cpu = serverCpu(ctx) - cpu0;
  const threads = serverThreadsMs(ctx);
  const genTicks = ctx.pool.cpuTicks() - gen0;
  const ok = timings.filter((t) => t.error === '');
  const start = Math.min(...timings.map((t) => t.start));
  const allIn = Math.max(...ok.map((t) => t.snapshot)) - start;
  const perClient = summarise(ok.map((t) => t.snapshot - t.start));
  const http = summarise(ok.map((t) => t.http - t.start));
  await sleep(2000);
  const rssAfter = serverRss(ctx);
  const errors = [...new Set(timings.filter((t) => t.error).map((t) => t.error))].slice(0, 3);
  return {
    figures: {
      joined: ok.length,
      'time until all in (s)': allIn / 1000,
      'joins per second': ok.length / (allIn / 1000),
      'join p50 (ms)': perClient.p50,
      'join p99 (ms)': perClient.p99,
      'HTTP join p50 (ms)': http.p50,
      'server CPU per join (ms)': cpu / Math.max(1, ok.length),
      ...threadFigures('server CPU per join (ms)', threads0, threads, ok.length),
      'server RSS per participant (KiB)': (rssAfter - rssBefore) / Math.max(1, ok.length) / 1024,
      'server RSS with N connected (MiB)': rssAfter / 1048576,
      'generator CPU (s)': genTicks / clockTicksPerSecond(),
    },
    checks: [
      check('every participant joined', ok.length === ctx.n, `${ok.length}/${ctx.n} ${errors.join('; ')}`),
    ],
  };
}

/** Something to put on screen: a question asked by a probe and approved. */
async function questionOnScreen(ctx: Context): Promise<string> {
  const asker = ctx.participants[0]!;
  const mine = await asker.command('question:ask', {
    sessionId: ctx.edition.sessionId,
    clientId: `${ctx.tag}screen`,
    text: `Question à l’écran ${ctx.tag}`,
  });
  await ctx.moderator.command('question:moderate', { questionId: mine.id, action: 'approve' });
  return mine.id;
}

/** 2. Fan-out: the moderator changes what the projector shows; every participant receives it. */
export async function fanout(ctx: Context): Promise<ScenarioResult> {
  const questionId = await questionOnScreen(ctx);
  const rounds = Math.max(5, Math.min(30, Math.ceil(40_000 / ctx.n)));
  const firsts: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  const lasts: number[] = [];
  let missing = 0;
  let projectorMissed = 0;
  await ctx.pool.counts();
  await ctx.pool.bytes();
  const cpu0 = serverCpu(ctx);
  const redis0 = redisCpu(ctx);
  for (let r = 0; r < rounds; r++) {
    await ctx.pool.arm('live:state');
    const onProjector = ctx.projector.next('live:state');
    const t0 = now();
    await ctx.moderator.command('screen:show', {
      sessionId: ctx.edition.sessionId,
      item: r % 2 === 0 ? { kind: 'question', id: questionId } : null,
    });
    const arrivals = await ctx.pool.collect('live:state', 15_000);
    const got = arrivals.filter((a) => a > 0).map((a) => a - t0);
    missing += arrivals.length - got.length;
    const s = summarise(got);
    firsts.push(s.min);
    p50s.push(s.p50);
    p99s.push(s.p99);
    lasts.push(s.max);
    const seen = await Promise.race([onProjector, sleep(5000).then(() => null)]);
    if (!seen) projectorMissed += 1;
    await sleep(20);
  }
  const cpu = serverCpu(ctx) - cpu0;
  const redis = redisCpuSince(ctx, redis0);
  const delivered = total(await ctx.pool.counts());
  const bytes = await ctx.pool.bytes();
  return {
    figures: {
      rounds: rounds,
      'first client (ms)': median(firsts),
      'median client (ms)': median(p50s),
      'p99 client (ms)': median(p99s),
      'last client (ms)': median(lasts),
      'messages delivered': delivered,
      'server CPU per delivered message (µs)': (cpu * 1000) / Math.max(1, delivered),
      'Redis CPU per delivered message (µs)': (redis.sum * 1000) / Math.max(1, delivered),
      ...(ctx.dep.redis.length > 1 && {
        'Redis CPU per delivered message, busiest primary (µs)':
          (redis.busiest * 1000) / Math.max(1, delivered),
      }),
      'wire bytes per participant per screen change': bytes / Math.max(1, ctx.n * rounds),
    },
    checks: [
      check('every participant received every change', missing === 0, `${missing} missed`),
      check('the projector received every change', projectorMissed === 0, `${projectorMissed} missed`),
    ],
  };
}

export async function voteBurst(ctx: Context): Promise<ScenarioResult> {
  const poll = await openPoll(ctx, `Vote du banc ${ctx.tag}`);
  const seen: { results: PollResults; at: number }[] = [];
  const stop = ctx.projector.onEvent((name, payload, at) => {
    if (name === 'poll:results') seen.push({ results: payload as PollResults, at });
  });
  // All N within a few seconds, offered faster than a bare server acks them (capacity, not pace).
  const windowMs = Math.min(3000, Math.max(200, ctx.n / 5));
  const choiceOf = (i: number) => poll.options[i % poll.options.length]!.id;
  const ballot = (i: number, at: number): Submission => ({
    participant: i,
    name: 'poll:vote',
    payload: { pollId: poll.id, clientId: `${ctx.tag}v${i}`, choices: [choiceOf(i)] },
    at,
  });
  await ctx.pool.counts();
  await ctx.pool.bytes();
  const cpu0 = serverCpu(ctx);
  const threads0 = serverThreadsMs(ctx);
  const redis0 = redisCpu(ctx);
  const acks = await ctx.pool.burst(
    Array.from({ length: ctx.n }, (_, i) => ballot(i, Math.random() * windowMs)),
    60_000,
  );
  const cpuBurst = serverCpu(ctx) - cpu0;
  const threads = serverThreadsMs(ctx);
  const redisBurst = redisCpuSince(ctx, redis0);
  const ok = acks.map((a, i) => ({ a, i })).filter(({ a }) => a.ok);
  const firstSent = Math.min(...acks.map((a) => a.sentAt));
  const lastAck = Math.max(...ok.map(({ a }) => a.ackAt));
  const latency = summarise(ok.map(({ a }) => a.ackAt - a.sentAt));

  // Projector staleness: from the last ack to the projector holding a count of every ballot.
  const deadline = now() + 20_000;
  let final: { results: PollResults; at: number } | undefined;
  while (!final && now() < deadline) {
    // The bare servers replay a captured poll id.
    final = seen.find(
      (s) => (!ctx.ours || s.results.pollId === poll.id) && s.results.all.ballots >= ok.length,
    );
    if (!final) await sleep(10);
  }
  // Re-sent ballots (same client ids), as after a drop: acked again, counted once.
  const resend = Array.from({ length: Math.max(1, Math.floor(ctx.n / 100)) }, (_, k) =>
    ballot((k * 97) % ctx.n, 0),
  );
  const burstBytes = await ctx.pool.bytes();
  const again = await ctx.pool.burst(resend, 30_000);
  const delivered = total(await ctx.pool.counts());
  const closed = ctx.projector.next('poll:results', (r) => r.pollId === poll.id && r.final);
  await ctx.moderator.command('poll:close', { pollId: poll.id });
  // The bare servers keep no poll and send no final results.
  const last = ctx.ours ? await Promise.race([closed, sleep(10_000).then(() => null)]) : null;
  stop();

  const checks: Check[] = [];
  if (ctx.ours) {
    const expected = tallyOf(
      poll,
      ok.map(({ i }) => ({ i, choice: choiceOf(i) })),
    );
    const got = last
      ? { all: last.payload.all, onsite: last.payload.onsite, remote: last.payload.remote }
      : null;
    checks.push(
      check('every ballot acknowledged (zero lost)', ok.length === ctx.n, `${ok.length}/${ctx.n} ok`),
      check(
        're-sent ballots acknowledged',
        again.every((a) => a.ok),
        `${again.filter((a) => a.ok).length}/${again.length}`,
      ),
      check(
        'final tally exact, split included (zero doubled)',
        got !== null && sameTally(got, expected),
        got ? `all.ballots ${got.all.ballots} for ${ok.length} ballots` : 'no final results',
      ),
    );
  }
  return {
    figures: {
      'ballots acked': ok.length,
      'ballots offered per second': ctx.n / (windowMs / 1000),
      'acks per second': ok.length / ((lastAck - firstSent) / 1000),
      'ack p50 (ms)': latency.p50,
      'ack p99 (ms)': latency.p99,
      'ack max (ms)': latency.max,
      'projector staleness after last ack (ms)': final ? final.at - lastAck : NaN,
      'results messages delivered': delivered,
      'server CPU per ballot (µs)': (cpuBurst * 1000) / Math.max(1, ok.length),
      ...threadFigures('server CPU per ballot (µs)', threads0, threads, ok.length),
      'Redis CPU per ballot (µs)': (redisBurst.sum * 1000) / Math.max(1, ok.length),
      ...(ctx.dep.redis.length > 1 && {
        'Redis CPU per ballot, busiest primary (µs)': (redisBurst.busiest * 1000) / Math.max(1, ok.length),
      }),
      'cluster CPU per ballot, nodes + Redis (µs)':
        ((cpuBurst + (Number.isNaN(redisBurst.sum) ? 0 : redisBurst.sum)) * 1000) / Math.max(1, ok.length),
      'wire bytes per participant in the burst': burstBytes / ctx.n,
    },
    checks,
  };
}

/** 4. Q&A storm: questions asked at once, a moderator approving, then upvotes at once. */

export const scenarios: Record<Exclude<ScenarioName, 'join'>, (ctx: Context) => Promise<ScenarioResult>> = {
  fanout,
  vote: voteBurst,
  // The same burst on a new poll once the first has run: a process has compiled the vote's code and
  // sized its heap, so the two bursts tell the cold process's cost from the ballot's.
  vote2: voteBurst,
  qa: qaStorm,
  reconnect: reconnectStorm,
  beats: (ctx) => heartbeats(ctx, voteBurst),
  costs: unitCosts,
  soak,
};

export { round };
