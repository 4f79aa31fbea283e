/** What every scenario shares: its context, its result, and the measuring helpers. */
import type { AttendanceMode, Poll } from '@agora/shared';
import { redisShare } from './accounting.ts';
import type { GeneratorPool } from './pool.ts';
import { clockTicksPerSecond, cpuMs, rssBytes, threadTicks } from './proc.ts';
import type { Probe } from './probe.ts';
import type { Deployment } from './servers.ts';
import type { BenchEdition } from './setup.ts';

export type ScenarioName =
  'join' | 'fanout' | 'vote' | 'vote2' | 'qa' | 'reconnect' | 'beats' | 'costs' | 'soak';
export type Figures = Record<string, number>;

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface ScenarioResult {
  figures: Figures;
  checks: Check[];
  /** CPU ms of each process over the whole phase (node-a…, redis-server, generator). */
  cpuMs?: Record<string, number>;
  /** A time series the phase sampled (the soak's minutes), kept in the JSON report. */
  series?: Record<string, number>[];
}

export interface Context {
  dep: Deployment;
  pool: GeneratorPool;
  edition: BenchEdition;
  n: number;
  /** Our server: correctness is checked. The bare servers replay payloads and keep nothing. */
  ours: boolean;
  moderator: Probe;
  projector: Probe;
  participants: Probe[];
  /** Unique per run, in client ids and question texts. */
  tag: string;
  quick: boolean;
  joinConcurrency: number;
  /** How long the soak runs. */
  soakMinutes: number;
  /** `costs`: the upvotes' window in seconds, when not the heartbeats' (`--upvote-seconds`). */
  upvoteSeconds: number | null;
}

export const attendanceOf = (i: number): AttendanceMode => (i % 2 === 0 ? 'onsite' : 'remote');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const serverCpu = (ctx: Context) => cpuMs(ctx.dep.serverPids());
/** The servers' CPU ms by kind of thread (`threadTicks`), for deltas. */
export const serverThreadsMs = (ctx: Context) => {
  const sum = { main: 0, v8: 0, other: 0 };
  for (const pid of ctx.dep.serverPids()) {
    const t = threadTicks(pid);
    sum.main += t.main;
    sum.v8 += t.v8;
    sum.other += t.other;
  }
  const ms = 1000 / clockTicksPerSecond();
  return { main: sum.main * ms, v8: sum.v8 * ms, other: sum.other * ms };
};
/**
 * What a phase's server CPU was spent on, per unit (join, ballot): the JavaScript thread and V8's
 * helper threads (mostly the garbage collector), from `serverThreadsMs` before and after.
 */
export function threadFigures(
  figure: 'server CPU per join (ms)' | 'server CPU per ballot (µs)',
  before: ReturnType<typeof serverThreadsMs>,
  after: ReturnType<typeof serverThreadsMs>,
  count: number,
): Figures {
  const scale = figure.endsWith('(µs)') ? 1000 : 1;
  const per = (k: 'main' | 'v8') => ((after[k] - before[k]) * scale) / Math.max(1, count);
  const [name, unit] = figure.split(' (');
  return {
    [`${name}: JavaScript thread (${unit}`]: per('main'),
    [`${name}: V8 helper threads, GC (${unit}`]: per('v8'),
  };
}
/** CPU ms so far of each Redis process (the redis-server, or each Redis Cluster primary). */
export const redisCpu = (ctx: Context): Record<string, number> =>
  Object.fromEntries(ctx.dep.redis.map((r) => [r.name, cpuMs([r.pid])]));
/** Redis's CPU ms since `before` (`redisCpu`): summed over its processes (NaN without Redis) and the busiest. */
export const redisCpuSince = (ctx: Context, before: Record<string, number>) =>
  redisShare(
    Object.fromEntries(Object.entries(redisCpu(ctx)).map(([name, ms]) => [name, ms - (before[name] ?? 0)])),
  );
export const serverRss = (ctx: Context) => ctx.dep.serverPids().reduce((s, pid) => s + rssBytes(pid), 0);
export const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
export const check = (name: string, pass: boolean, detail: string): Check => ({ name, pass, detail });

export function tallyOf(poll: Poll, voters: { i: number; choice: string }[]) {
  const empty = () => ({ ballots: 0, counts: Object.fromEntries(poll.options.map((o) => [o.id, 0])) });
  const out = { all: empty(), onsite: empty(), remote: empty() };
  for (const v of voters) {
    for (const t of [out.all, out[attendanceOf(v.i)]]) {
      t.ballots += 1;
      t.counts[v.choice] = (t.counts[v.choice] ?? 0) + 1;
    }
  }
  return out;
}

export const sameTally = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function openPoll(ctx: Context, question: string): Promise<Poll> {
  const poll = await ctx.moderator.command('poll:create', {
    sessionId: ctx.edition.sessionId,
    draft: { question, kind: 'single', options: ['Oui', 'Non', 'Peut-être', 'Sans avis'] },
  });
  await ctx.moderator.command('poll:open', { pollId: poll.id });
  return poll;
}

/** 3. Vote burst: N ballots in one poll within a few seconds. */
