/**
 * Who paid for a phase: the CPU (utime + stime from /proc) of every process of the run — each
 * node, `redis-server` or each Redis Cluster primary, the generator — and Redis's memory (`INFO
 * memory`, summed over the primaries), read before and after each phase. On a 2-core machine the
 * processes share the cores, so wall-clock latencies mix them; CPU per process does not.
 */
import { BENCH_METRICS_TOKEN, type Deployment } from './servers.ts';
import type { GeneratorPool } from './pool.ts';
import type { Context, ScenarioResult } from './scenario-kit.ts';
import { clockTicksPerSecond, cpuMs, rssBytes } from './proc.ts';
import { redisUsedMemory } from './redis-info.ts';

/**
 * The bench's names for the processes: node-a, node-b, node-c, redis-server (or redis-primary-1…
 * on a Redis Cluster), generator.
 */
export const nodeName = (i: number) => `node-${'abcdefgh'[i] ?? String(i)}`;

interface Reading {
  pid: number;
  ms: number;
}

/** CPU ms so far per process (the generator's workers summed). */
export type CpuSnapshot = Map<string, Reading>;

export function cpuSnapshot(dep: Deployment, pool: GeneratorPool | null): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  dep.nodes.forEach((node, i) => out.set(nodeName(i), { pid: node.pid(), ms: cpuMs([node.pid()]) }));
  for (const r of dep.redis) out.set(r.name, { pid: r.pid, ms: cpuMs([r.pid]) });
  if (pool) out.set('generator', { pid: 0, ms: (pool.cpuTicks() * 1000) / clockTicksPerSecond() });
  return out;
}

/**
 * CPU ms per process between two snapshots. A node restarted in between (new pid) counts its new
 * process from its start: the old one's last ticks are lost with it.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, b] of after) {
    const a = before.get(name);
    out[name] = a && a.pid === b.pid ? b.ms - a.ms : b.ms;
  }
  return out;
}

/** The nodes' share of a phase's CPU (every process named node-…), ms. */
export const nodesMs = (cpu: Record<string, number>) =>
  Object.entries(cpu)
    .filter(([name]) => name.startsWith('node-'))
    .reduce((sum, [, ms]) => sum + ms, 0);

/**
 * Redis's share of a phase's CPU (ms), from every process named redis-…: the sum (NaN without
 * Redis) and the busiest process. On a Redis Cluster each primary runs its commands on its own
 * thread, so the busiest one, not the sum, is the first to run out of a core.
 */
export function redisShare(cpu: Record<string, number>): {
  sum: number;
  busiest: number;
  busiestName: string;
} {
  const redis = Object.entries(cpu).filter(([name]) => name.startsWith('redis-'));
  if (redis.length === 0) return { sum: NaN, busiest: NaN, busiestName: '' };
  const [busiestName, busiest] = redis.reduce((top, entry) => (entry[1] > top[1] ? entry : top));
  return { sum: redis.reduce((s, [, ms]) => s + ms, 0), busiest, busiestName };
}

/** What one node says about itself on `/metrics` (prom-client's defaults), and its RSS from /proc. */
export interface NodeSample {
  rssMiB: number;
  heapUsedMiB: number;
  /** prom-client's event-loop lag percentiles since the last reset, ms. */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Socket.IO connections open on the node, every role (`agora_sockets_connected`). */
  sockets: number;
}

const metric = (text: string, name: string) => {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : NaN;
};

/** Parses the figures a soak samples from a node's Prometheus text. */
export function parseNodeMetrics(text: string, rss: number): NodeSample {
  return {
    rssMiB: rss / 1048576,
    heapUsedMiB: metric(text, 'nodejs_heap_size_used_bytes') / 1048576,
    lagP50Ms: metric(text, 'nodejs_eventloop_lag_p50_seconds') * 1000,
    lagP99Ms: metric(text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
    lagMaxMs: metric(text, 'nodejs_eventloop_lag_max_seconds') * 1000,
    sockets: [...text.matchAll(/^agora_sockets_connected\{[^}]*\} ([0-9.e+-]+)$/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      text.includes('agora_sockets_connected') ? 0 : NaN,
    ),
  };
}

export async function sampleNode(url: string, pid: number): Promise<NodeSample> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
  const text = res.status === 200 ? await res.text() : '';
  return parseNodeMetrics(text, rssBytes(pid));
}

/** What each phase's Redis memory change is divided by (join: per participant; vote: per ballot). */
const REDIS_MEMORY_PER: Record<string, [string, string]> = {
  join: ['joined', 'Redis memory per participant (bytes)'],
  vote: ['ballots acked', 'Redis memory per ballot (bytes)'],
  vote2: ['ballots acked', 'Redis memory per ballot (bytes)'],
};

/**
 * Runs one phase and adds what every process spent on it (`cpuMs`), Redis's memory before and
 * after (summed over the primaries of a Redis Cluster, whose sum and busiest CPU it adds too), and
 * the cluster's CPU (nodes + Redis) for the whole phase.
 */
export async function accounted(
  phase: string,
  ctx: Context,
  run: () => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  const urls = ctx.dep.redis.map((r) => r.url);
  const mem0 = await redisUsedMemory(urls);
  const cpu0 = cpuSnapshot(ctx.dep, ctx.pool);
  const t0 = Date.now();
  const result = await run();
  const cpu = cpuBetween(cpu0, cpuSnapshot(ctx.dep, ctx.pool));
  result.figures['phase wall time (s)'] = (Date.now() - t0) / 1000;
  const mem1 = await redisUsedMemory(urls);
  result.cpuMs = cpu;
  if (ctx.dep.redis.length > 1) {
    const redis = redisShare(cpu);
    result.figures['Redis CPU, all primaries (ms)'] = redis.sum;
    result.figures['Redis CPU, busiest primary (ms)'] = redis.busiest;
  }
  if (ctx.dep.redis.length > 0) {
    result.figures['Redis used memory before (MiB)'] = mem0 / 1048576;
    result.figures['Redis used memory after (MiB)'] = mem1 / 1048576;
    const per = REDIS_MEMORY_PER[phase];
    const count = per ? result.figures[per[0]] : undefined;
    if (per && count) result.figures[per[1]] = (mem1 - mem0) / count;
  }
  return result;
}
