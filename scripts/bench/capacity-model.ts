/**
 * The capacity model: from the unit costs measured at 1, 2 and 3 nodes (`--capacity-inputs`), how
 * many nodes and how much Redis a plenary of 100,000 needs, and which resource gives out first.
 * Pure functions of the inputs and the assumptions; `capacity-model.test.ts` pins them.
 *
 * A CPU cost per operation is the CPU of all the nodes together (or of Redis) divided by the
 * operations of a phase. It may grow with the node count (each node hears the others' results and
 * presence messages): it is taken as a line in the node count through the measured points (least
 * squares), never below the lowest measured value. Redis never touches a delivered message: its
 * share of a broadcast is per broadcast (one publish, one delivery per node), not per phone. Memory
 * and bytes per participant do not depend on the node count: the mean of the runs. A node is one
 * Node.js process: one event loop, so one core.
 */
import { audienceIntervalMs } from '../../server/src/modules/audience-cadence.ts';
import { slope } from './stats.ts';

export const OPERATIONS = ['join', 'message', 'ballot', 'upvote', 'heartbeat'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** What one run at `nodes` nodes measured. CPU in µs per operation. */
export interface NodeCountInputs {
  nodes: number;
  /** Participants in the run. */
  n: number;
  nodesCpuUs: Record<Operation, number>;
  /** Redis CPU per operation (per message: unused, see `redisCpuUsPerBroadcast`). */
  redisCpuUs: Record<Operation, number>;
  /** Redis CPU per broadcast to every phone (a screen change; a node's results flush). */
  redisCpuUsPerBroadcast: number;
  /** CPU per operation of each process (node-a…, redis-server, generator). */
  perProcessCpuUs: Record<Operation, Record<string, number>>;
  redisBytesPerParticipant: number;
  redisBytesPerBallot: number;
  /** Redis's used_memory before the participants joined. */
  redisBaseBytes: number;
  /** Every node's RSS grows by this per connected participant. */
  rssBytesPerParticipant: number;
  /** A node's RSS with nobody connected (edition loaded). */
  rssBaseBytesPerNode: number;
  /** Bytes a phone receives for one screen change, and over one vote burst (acks and results). */
  wireBytesPerScreenChange: number;
  wireBytesPerVoteBurst: number;
  /** Messages per phone per screen change. */
  messagesPerScreenChange: number;
  /** Figures measured in the run, for the side-by-side check (not used by the model). */
  measured: Record<string, number>;
}

export interface CapacityInputs {
  date: string;
  commit: string;
  machine: string;
  note: string;
  runs: NodeCountInputs[];
}

export interface Assumptions {
  participants: number;
  /** Cores one node can use: one event loop. */
  coresPerNode: number;
  /** Busy share of a resource we plan for. */
  targetUtilisation: number;
  /** A Redis primary runs its commands on one thread: cores per primary. */
  redisCores: number;
  /**
   * Redis primaries: 1, or a Redis Cluster's (`REDIS_CLUSTER_NODES`), where each kind of work stays
   * in one slot, so on one primary (`REDIS_HOME`).
   */
  redisPrimaries: number;
  nodeMemoryBytes: number;
  redisMemoryBytes: number;
  /** Outgoing network per node. */
  nodeNetworkBitsPerSecond: number;
  joinRushSeconds: number;
  voteBurstSeconds: number;
  /** A Q&A storm: every participant upvotes within this. */
  qaStormSeconds: number;
  /** A screen change reaches every phone within this. */
  screenChangeSeconds: number;
  remoteViewerShare: number;
  beatSeconds: number;
  maxNodes: number;
  /**
   * Beyond the largest node count measured, a CPU cost per operation follows the line through the
   * measured points ('line') or stays at its value there ('flat'): the two bracket the plan.
   */
  growth: 'line' | 'flat';
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  participants: 100_000,
  coresPerNode: 1,
  targetUtilisation: 0.7,
  redisCores: 1,
  redisPrimaries: 1,
  nodeMemoryBytes: 2 * 2 ** 30,
  redisMemoryBytes: 4 * 2 ** 30,
  nodeNetworkBitsPerSecond: 1e9,
  joinRushSeconds: 300,
  voteBurstSeconds: 20,
  qaStormSeconds: 60,
  screenChangeSeconds: 1,
  remoteViewerShare: 0.1,
  beatSeconds: 30,
  maxNodes: 200,
  growth: 'line',
};

type Points = [nodes: number, value: number][];

/** A measured quantity at `nodes`: the least-squares line through the points, never below the lowest. */
export function valueAt(points: Points, nodes: number): number {
  const finite = points.filter(([, v]) => Number.isFinite(v));
  if (finite.length === 0) return NaN;
  const floor = Math.min(...finite.map(([, v]) => v));
  const b = slope(
    finite.map(([k]) => k),
    finite.map(([, v]) => v),
  );
  if (!Number.isFinite(b)) return finite.reduce((s, [, v]) => s + v, 0) / finite.length;
  const mk = finite.reduce((s, [k]) => s + k, 0) / finite.length;
  const mv = finite.reduce((s, [, v]) => s + v, 0) / finite.length;
  return Math.max(floor, mv + b * (nodes - mk));
}

const points = (runs: NodeCountInputs[], pick: (r: NodeCountInputs) => number): Points =>
  runs.map((r) => [r.nodes, pick(r)]);

/** A quantity that does not depend on the node count: the mean of the runs. */
export function meanOf(runs: NodeCountInputs[], pick: (r: NodeCountInputs) => number): number {
  const values = runs.map(pick).filter((v) => Number.isFinite(v));
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Where each operation's Redis work lands on a Redis Cluster (server/src/store/redis/key-layout.ts):
 * a session's keys share one slot (`{<sessionId>}`: its ballots, upvotes), the edition-wide data
 * another (`{g}`: codes and principals for a join, attendance for a heartbeat), and the sharded
 * adapter publishes a room's broadcasts on the room's channel, a third. One plenary's work of one kind
 * can therefore never spread over more than one primary.
 */
export type RedisHome = 'session' | 'edition' | 'room';
export const REDIS_HOME: Record<Exclude<Operation, 'message'>, RedisHome> = {
  join: 'edition',
  heartbeat: 'edition',
  ballot: 'session',
  upvote: 'session',
};

/**
 * The load of the busiest of `primaries` primaries when each home is placed whole, the largest first,
 * on the least loaded primary (slots can be moved to make that placement: `CLUSTER SETSLOT`).
 */
export function busiestPrimary(homes: Record<RedisHome, number>, primaries: number): number {
  const load = Array.from({ length: Math.max(1, primaries) }, () => 0);
  for (const h of Object.values(homes).sort((x, y) => y - x)) {
    const i = load.indexOf(Math.min(...load));
    load[i] = load[i]! + h;
  }
  return Math.max(...load);
}

/** Work per second of the cluster, by operation, and bytes per second out of all nodes. */
export interface Load {
  rates: Partial<Record<Operation, number>>;
  /** Broadcasts to every phone per second (screen changes, results flushes of every node). */
  broadcasts: number;
  bytesPerSecond: number;
  /** Ballots stored by the end (Redis memory). */
  ballots: number;
}

export type Resource = 'node CPU' | 'Redis CPU' | 'node memory' | 'Redis memory' | 'node network';

export interface Plan {
  workload: string;
  nodes: number;
  /** False when even `maxNodes` nodes are not enough. */
  reachable: boolean;
  /** Utilisation of each resource at `nodes` (1 = fully busy). */
  utilisation: Record<Resource, number>;
  /** Redis CPU of all the primaries together (cores). */
  redisCores: number;
  /** Redis CPU of the busiest primary (cores): with one primary, `redisCores`. */
  busiestPrimaryCores: number;
  /** The resource closest to its limit at `nodes` (the first to saturate as the load grows). */
  firstSaturation: Resource;
}

/** Utilisation of every resource with `k` nodes carrying `load`. */
export function utilisation(
  runs: NodeCountInputs[],
  a: Assumptions,
  load: Load,
  k: number,
): Record<Resource, number> {
  let nodeUs = 0;
  const redisUs: Record<RedisHome, number> = { session: 0, edition: 0, room: 0 };
  const measuredUpTo = Math.max(...runs.map((r) => r.nodes));
  const cpuAt = (pick: (r: NodeCountInputs) => number) =>
    valueAt(points(runs, pick), a.growth === 'flat' ? Math.min(k, measuredUpTo) : k);
  for (const [op, rate] of Object.entries(load.rates) as [Operation, number][]) {
    nodeUs += rate * cpuAt((r) => r.nodesCpuUs[op]);
    // Redis never sees a delivered message: it is paid per broadcast, below.
    if (op !== 'message') redisUs[REDIS_HOME[op]] += rate * cpuAt((r) => r.redisCpuUs[op]);
  }
  redisUs.room += load.broadcasts * cpuAt((r) => r.redisCpuUsPerBroadcast);
  const at = (pick: (r: NodeCountInputs) => number) => meanOf(runs, pick);
  const perNode = a.participants / k;
  const nodeMemory = at((r) => r.rssBaseBytesPerNode) + perNode * at((r) => r.rssBytesPerParticipant);
  const redisMemory = {
    edition: at((r) => r.redisBaseBytes) + a.participants * at((r) => r.redisBytesPerParticipant),
    session: load.ballots * at((r) => r.redisBytesPerBallot),
    room: 0,
  };
  return {
    'node CPU': nodeUs / 1e6 / k / a.coresPerNode,
    'Redis CPU': busiestPrimary(redisUs, a.redisPrimaries) / 1e6 / a.redisCores,
    'node memory': nodeMemory / a.nodeMemoryBytes,
    'Redis memory': busiestPrimary(redisMemory, a.redisPrimaries) / a.redisMemoryBytes,
    'node network': (load.bytesPerSecond * 8) / k / a.nodeNetworkBitsPerSecond,
  };
}

const NODE_RESOURCES: Resource[] = ['node CPU', 'node memory', 'node network'];

/** The fewest nodes that keep every node resource under the target utilisation. */
export function plan(workload: string, runs: NodeCountInputs[], a: Assumptions, load: Load): Plan {
  let k = 1;
  let u = utilisation(runs, a, load, k);
  while (k < a.maxNodes && NODE_RESOURCES.some((r) => u[r] > a.targetUtilisation)) {
    k += 1;
    u = utilisation(runs, a, load, k);
  }
  const reachable = NODE_RESOURCES.every((r) => u[r] <= a.targetUtilisation);
  const firstSaturation = (Object.keys(u) as Resource[]).reduce((x, y) => (u[y] > u[x] ? y : x));
  return {
    workload,
    nodes: k,
    reachable,
    utilisation: u,
    // One primary carries it all: the sum over the primaries.
    redisCores: utilisation(runs, { ...a, redisPrimaries: 1 }, load, k)['Redis CPU'] * a.redisCores,
    busiestPrimaryCores: u['Redis CPU'] * a.redisCores,
    firstSaturation,
  };
}

/** The workloads of a plenary of `a.participants`, as loads on the cluster. */
export function workloads(
  runs: NodeCountInputs[],
  a: Assumptions,
): { name: string; load: (k: number) => Load }[] {
  const n = a.participants;
  const at = (pick: (r: NodeCountInputs) => number) => meanOf(runs, pick);
  // Phones get live results at a pace set by the session's audience on every node (100 ms per
  // 1,000, ≤ 2 s), as with one node: each node flushes to its own phones at that pace and publishes
  // its changes once.
  const flushesPerSecond = (k: number) => k / (audienceIntervalMs(n) / 1000);
  const resultsPerSecond = () => n / (audienceIntervalMs(n) / 1000);
  const beats = (n * a.remoteViewerShare) / a.beatSeconds;
  const screen = () => (n * at((r) => r.messagesPerScreenChange)) / a.screenChangeSeconds;
  const screenBytes = () => (n * at((r) => r.wireBytesPerScreenChange)) / a.screenChangeSeconds;
  const voteBytes = () => (n * at((r) => r.wireBytesPerVoteBurst)) / a.voteBurstSeconds;
  const ballots = n / a.voteBurstSeconds;
  // A Q&A delta is about a screen change's size: one question's counts.
  const bytesPerMessage = () => at((r) => r.wireBytesPerScreenChange) / at((r) => r.messagesPerScreenChange);
  const none = { broadcasts: 0, bytesPerSecond: 0, ballots: 0 };
  return [
    {
      name: `join rush: ${n} in ${a.joinRushSeconds} s`,
      load: () => ({ ...none, rates: { join: n / a.joinRushSeconds } }),
    },
    {
      name: `vote burst: ${n} ballots in ${a.voteBurstSeconds} s, live results to every phone`,
      load: (k) => ({
        rates: { ballot: ballots, message: resultsPerSecond() },
        broadcasts: flushesPerSecond(k),
        bytesPerSecond: voteBytes(),
        ballots: n,
      }),
    },
    {
      // Each node paces its own phones' deltas and hands every change to the others once (in the
      // upvote's own cost): no broadcast through Redis per flush.
      name: `Q&A storm: ${n} upvotes in ${a.qaStormSeconds} s, live deltas to every phone`,
      load: () => ({
        rates: { upvote: n / a.qaStormSeconds, message: resultsPerSecond() },
        broadcasts: 0,
        bytesPerSecond: resultsPerSecond() * bytesPerMessage(),
        ballots: 0,
      }),
    },
    {
      name: `screen change to every phone within ${a.screenChangeSeconds} s`,
      load: () => ({
        rates: { message: screen() },
        broadcasts: 1 / a.screenChangeSeconds,
        bytesPerSecond: screenBytes(),
        ballots: 0,
      }),
    },
    {
      name: `heartbeats: ${Math.round(a.remoteViewerShare * 100)} % remote viewers, one per ${a.beatSeconds} s`,
      load: () => ({ ...none, rates: { heartbeat: beats } }),
    },
    {
      name: 'peak: vote burst + a screen change + heartbeats at once',
      load: (k) => ({
        rates: { ballot: ballots, message: resultsPerSecond() + screen(), heartbeat: beats },
        broadcasts: flushesPerSecond(k) + 1 / a.screenChangeSeconds,
        bytesPerSecond: voteBytes() + screenBytes(),
        ballots: n,
      }),
    },
  ];
}

/** The nodes each workload needs; a workload's load may depend on the node count (results cadence). */
export function capacityPlan(runs: NodeCountInputs[], a: Assumptions = DEFAULT_ASSUMPTIONS): Plan[] {
  return workloads(runs, a).map(({ name, load }) => {
    // The load depends on k through the results cadence: settle on a fixed point.
    let k = 1;
    for (let i = 0; i < 10; i++) {
      const next = plan(name, runs, a, load(k)).nodes;
      if (next === k) break;
      k = next;
    }
    return plan(name, runs, a, load(k));
  });
}

/** The quantities the model predicts at `nodes` from the runs at other node counts. */
type Figure = [string, (r: NodeCountInputs) => number];
export const PREDICTED_CPU: Figure[] = OPERATIONS.flatMap((op): Figure[] => [
  [`nodes' CPU per ${op} (µs)`, (r) => r.nodesCpuUs[op]],
  op === 'message'
    ? ['Redis CPU per broadcast (µs)', (r) => r.redisCpuUsPerBroadcast]
    : [`Redis CPU per ${op} (µs)`, (r) => r.redisCpuUs[op]],
]);
export const PREDICTED_CONSTANT: Figure[] = [
  ['node RSS per participant (bytes)', (r) => r.rssBytesPerParticipant],
  ['Redis memory per participant (bytes)', (r) => r.redisBytesPerParticipant],
  ['Redis memory per ballot (bytes)', (r) => r.redisBytesPerBallot],
  ['wire bytes per phone per screen change', (r) => r.wireBytesPerScreenChange],
];

export interface Prediction {
  figure: string;
  predicted: number;
  measured: number;
  /** (predicted − measured) / measured. */
  error: number;
}

/** Predicts the run at `nodes` from the others (1 and 2 nodes for 3), figure by figure. */
export function predictFrom(runs: NodeCountInputs[], nodes: number): Prediction[] {
  const target = runs.find((r) => r.nodes === nodes);
  const others = runs.filter((r) => r.nodes < nodes);
  if (!target || others.length === 0) return [];
  const predict = (figures: Figure[], how: (pick: (r: NodeCountInputs) => number) => number) =>
    figures.map(([figure, pick]) => {
      const predicted = how(pick);
      const measured = pick(target);
      return { figure, predicted, measured, error: (predicted - measured) / measured };
    });
  return [
    ...predict(PREDICTED_CPU, (pick) => valueAt(points(others, pick), nodes)),
    ...predict(PREDICTED_CONSTANT, (pick) => meanOf(others, pick)),
  ];
}
