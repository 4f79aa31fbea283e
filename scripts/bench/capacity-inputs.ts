/**
 * `--capacity-inputs`: the unit costs of the cluster at 1, 2 and 3 nodes (+ Redis), taken from the
 * runs' per-process CPU and memory, written as a JSON of inputs for `capacity-model.ts`, and the
 * Markdown of the inputs, the predicted-against-measured check and the plan for 100,000.
 */
import { nodesMs } from './accounting.ts';
import {
  capacityPlan,
  DEFAULT_ASSUMPTIONS,
  OPERATIONS,
  predictFrom,
  type Assumptions,
  type CapacityInputs,
  type NodeCountInputs,
  type Operation,
} from './capacity-model.ts';
import type { TargetRun } from './report.ts';
import type { ScenarioName } from './scenario-kit.ts';
import { round } from './stats.ts';

/** The phases a capacity run needs. */
export const CAPACITY_SCENARIOS: ScenarioName[] = ['join', 'fanout', 'vote', 'costs'];

const perOp = (cpu: Record<string, number>, count: number, less: Record<string, number> = {}) =>
  Object.fromEntries(
    Object.entries(cpu).map(([name, ms]) => [name, (ms * 1000 - (less[name] ?? 0)) / Math.max(1, count)]),
  );

/**
 * A phase's CPU less what each process spends idle over the same time (pings, presence, Redis's
 * timers), as measured by the `costs` scenario's idle window: µs per process.
 */
function idleUs(run: TargetRun, phase: ScenarioName): Record<string, number> {
  const seconds = run.results[phase]?.figures['phase wall time (s)'] ?? 0;
  const suffix = ' CPU idle (% of a core)';
  return Object.fromEntries(
    Object.entries(run.results.costs?.figures ?? {})
      .filter(([name]) => name.endsWith(suffix))
      .map(([name, percent]) => [name.slice(0, -suffix.length), (percent / 100) * seconds * 1e6]),
  );
}
const plus = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]),
  );

/** One run's unit costs (µs per operation, per process). */
export function inputsOfRun(run: TargetRun): NodeCountInputs {
  const r = run.results;
  const fig = (s: ScenarioName, name: string) => r[s]?.figures[name] ?? NaN;
  const cpu = (s: ScenarioName) => r[s]?.cpuMs ?? {};
  const joined = fig('join', 'joined');
  const delivered = fig('fanout', 'messages delivered');
  const ballots = fig('vote', 'ballots acked');
  const message = perOp(cpu('fanout'), delivered, idleUs(run, 'fanout'));
  // A ballot's own cost: the vote phase less the live results it set off, which count as messages.
  const resultsMessages = fig('vote', 'results messages delivered');
  const resultsUs = Object.fromEntries(Object.entries(message).map(([k, us]) => [k, us * resultsMessages]));
  const perProcessCpuUs: Record<Operation, Record<string, number>> = {
    join: perOp(cpu('join'), joined, idleUs(run, 'join')),
    message,
    ballot: perOp(cpu('vote'), ballots, plus(resultsUs, idleUs(run, 'vote'))),
    upvote: {},
    heartbeat: {},
  };
  // An upvote's own cost: the upvote window less the audience's deltas it set off (counted as
  // messages, as a ballot's live results are); inputs saved before the count keep them in.
  const upvoteMessages =
    fig('costs', 'messages delivered in the upvote window') / fig('costs', 'upvotes acked');
  for (const op of ['upvote', 'heartbeat'] as const) {
    const suffix = ` CPU per ${op} (µs)`;
    for (const [name, v] of Object.entries(r.costs?.figures ?? {})) {
      if (!name.endsWith(suffix) || name.startsWith("nodes'")) continue;
      const who = name.slice(0, -suffix.length);
      const deltas = op === 'upvote' && Number.isFinite(upvoteMessages) ? upvoteMessages : 0;
      perProcessCpuUs[op][who] = v - (message[who] ?? 0) * deltas;
    }
  }
  const sum = (op: Operation) => nodesMs(perProcessCpuUs[op]);
  const redis = (op: Operation) => perProcessCpuUs[op]['redis-server'] ?? NaN;
  const rssPer = fig('join', 'server RSS per participant (KiB)') * 1024;
  return {
    nodes: run.nodes,
    n: run.n,
    nodesCpuUs: Object.fromEntries(OPERATIONS.map((op) => [op, sum(op)])) as Record<Operation, number>,
    redisCpuUs: Object.fromEntries(OPERATIONS.map((op) => [op, redis(op)])) as Record<Operation, number>,
    redisCpuUsPerBroadcast:
      ((cpu('fanout')['redis-server'] ?? NaN) * 1000 - (idleUs(run, 'fanout')['redis-server'] ?? 0)) /
      fig('fanout', 'rounds'),
    perProcessCpuUs,
    redisBytesPerParticipant: fig('join', 'Redis memory per participant (bytes)'),
    redisBytesPerBallot: fig('vote', 'Redis memory per ballot (bytes)'),
    redisBaseBytes: fig('join', 'Redis used memory before (MiB)') * 1048576,
    rssBytesPerParticipant: rssPer,
    rssBaseBytesPerNode:
      (fig('join', 'server RSS with N connected (MiB)') * 1048576 - rssPer * joined) / run.nodes,
    wireBytesPerScreenChange: fig('fanout', 'wire bytes per participant per screen change'),
    wireBytesPerVoteBurst: fig('vote', 'wire bytes per participant in the burst'),
    messagesPerScreenChange: delivered / Math.max(1, joined * fig('fanout', 'rounds')),
    measured: {
      'join: all in (s)': fig('join', 'time until all in (s)'),
      'fan-out p99 (ms)': fig('fanout', 'p99 client (ms)'),
      'vote: acks per second': fig('vote', 'acks per second'),
      'vote: ack p99 (ms)': fig('vote', 'ack p99 (ms)'),
      'vote burst: cluster CPU per ballot, nodes + Redis (µs)': fig(
        'vote',
        'cluster CPU per ballot, nodes + Redis (µs)',
      ),
    },
  };
}

const f = (v: number) => (Number.isFinite(v) ? String(round(v)) : '–');
const table = (head: string[], rows: string[][]) => [
  `| ${head.join(' | ')} |`,
  `|${head.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
];

export function renderCapacity(inputs: CapacityInputs, a: Assumptions = DEFAULT_ASSUMPTIONS): string {
  const runs = [...inputs.runs].sort((x, y) => x.nodes - y.nodes);
  const lines = [
    `## Capacity inputs ${inputs.date.slice(0, 16).replace('T', ' ')} UTC (commit ${inputs.commit})`,
    '',
    inputs.note,
    '',
    '### Unit costs (µs of CPU per operation; nodes together, and Redis)',
    '',
  ];
  const head = ['figure', ...runs.map((r) => `${r.nodes} node(s), N=${r.n}`)];
  const rows: string[][] = [];
  for (const op of OPERATIONS) {
    rows.push([`nodes' CPU per ${op}`, ...runs.map((r) => f(r.nodesCpuUs[op]))]);
    if (op === 'message')
      rows.push(['Redis CPU per broadcast', ...runs.map((r) => f(r.redisCpuUsPerBroadcast))]);
    else rows.push([`Redis CPU per ${op}`, ...runs.map((r) => f(r.redisCpuUs[op]))]);
  }
  rows.push(
    ['node RSS per participant (bytes)', ...runs.map((r) => f(r.rssBytesPerParticipant))],
    ['Redis memory per participant (bytes)', ...runs.map((r) => f(r.redisBytesPerParticipant))],
    ['Redis memory per ballot (bytes)', ...runs.map((r) => f(r.redisBytesPerBallot))],
    ['wire bytes per phone per screen change', ...runs.map((r) => f(r.wireBytesPerScreenChange))],
    ['wire bytes per phone per vote burst', ...runs.map((r) => f(r.wireBytesPerVoteBurst))],
  );
  for (const name of Object.keys(runs[0]?.measured ?? {}))
    rows.push([name, ...runs.map((r) => f(r.measured[name] ?? NaN))]);
  lines.push(...table(head, rows));

  const last = runs.at(-1);
  const predictions = last ? predictFrom(runs, last.nodes) : [];
  if (predictions.length > 0) {
    lines.push(`### Predicted from the smaller runs against measured at ${last!.nodes} nodes`, '');
    lines.push(
      ...table(
        ['figure', 'predicted', 'measured', 'error'],
        predictions.map((p) => [p.figure, f(p.predicted), f(p.measured), `${f(p.error * 100)} %`]),
      ),
    );
  }
  lines.push(
    `### ${a.participants.toLocaleString('en')} in one plenary`,
    '',
    `Assumptions: a node is one server process (one event loop: ${a.coresPerNode} core), planned at ` +
      `${a.targetUtilisation * 100} % busy; ${a.nodeMemoryBytes / 2 ** 30} GiB per node, ` +
      `${a.nodeNetworkBitsPerSecond / 1e9} Gbit/s out per node; each Redis primary (${a.redisCores} core for its ` +
      `commands, ${a.redisMemoryBytes / 2 ** 30} GiB), at the same ${a.targetUtilisation * 100} %.`,
    '',
  );
  const resources = ['node CPU', 'Redis CPU', 'node memory', 'Redis memory', 'node network'] as const;
  const growths = [
    ['line', 'CPU costs per operation growing with the node count on the measured line'],
    ['flat', `CPU costs per operation held at their ${last?.nodes ?? 3}-node value beyond it`],
  ] as const;
  const layouts = [
    [1, 'one Redis primary'],
    [3, 'a Redis Cluster of 3 primaries (REDIS_CLUSTER_NODES): each kind of work on one primary'],
  ] as const;
  for (const [growth, title] of growths)
    for (const [redisPrimaries, layout] of layouts) {
      lines.push(`#### ${title}; ${layout}`, '');
      lines.push(
        ...table(
          [
            'workload',
            'nodes',
            'Redis CPU, all primaries (cores)',
            'busiest primary (cores)',
            ...resources.map((x) => `${x} busy`),
            'first to saturate',
          ],
          capacityPlan(runs, { ...a, growth, redisPrimaries }).map((p) => [
            p.workload,
            p.reachable ? String(p.nodes) : `> ${a.maxNodes}`,
            f(p.redisCores),
            f(p.busiestPrimaryCores),
            ...resources.map((x) => `${f(p.utilisation[x] * 100)} %`),
            p.utilisation[p.firstSaturation] > a.targetUtilisation
              ? `**${p.firstSaturation}**`
              : p.firstSaturation,
          ]),
        ),
      );
    }
  return lines.join('\n');
}
