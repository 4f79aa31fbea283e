/** The bench's JSON report and its Markdown rendering (figures, ratios to bare Socket.IO, checks). */
import type { ScenarioName, ScenarioResult } from './scenarios.ts';
import type { TargetName } from './servers.ts';
import { round } from './stats.ts';

export interface TargetRun {
  target: TargetName;
  n: number;
  /** How many server processes (2 nodes + Redis: 1, 2 or 3). */
  nodes: number;
  /** Nodes + Redis on a Redis Cluster (`--redis-cluster`): its primaries; absent on one redis-server. */
  redisPrimaries?: number;
  results: Partial<Record<ScenarioName, ScenarioResult>>;
}

export interface BenchReport {
  date: string;
  durationSeconds: number;
  machine: { cores: number; cpu: string; memoryGiB: number; fdLimit: string };
  versions: Record<string, string>;
  settings: {
    participants: number;
    quick: boolean;
    modes: string[];
    /** Cluster mode: nodes sharing the Redis. */
    nodes: number;
    /** Cluster mode on a Redis Cluster of this many primaries; 0: one redis-server. */
    redisPrimaries?: number;
    workers: number;
    joinConcurrencyPerWorker: number;
    growth: number[];
    /** `--pin`: the CPUs of the servers and of the generator (taskset lists). */
    pinned?: { server: string; generator: string };
  };
  runs: TargetRun[];
  growth: TargetRun[];
}

const TITLES: Record<ScenarioName, string> = {
  join: 'Join rush (HTTP join + socket + snapshots) and memory',
  fanout: 'Fan-out (moderator changes the screen)',
  vote: 'Vote burst (one poll)',
  vote2: 'Vote burst again, on a new poll (every process warm)',
  qa: 'Q&A storm (questions, approvals, upvotes)',
  reconnect: 'Reconnect storm (every node restarted)',
  beats: 'Heartbeats (remote viewers’ players), alone and during the vote burst',
  costs: 'Unit costs per process: a heartbeat, an upvote (net of idle)',
  soak: 'Soak (a plenary’s activity, sampled every minute)',
};

const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : String(round(v)));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0
    ? '–'
    : `${round(a / b)}×`;

/** A run's name in the tables: the target, and for nodes + Redis how many of each. */
const label = (r: TargetRun) =>
  r.target !== 'ours-cluster'
    ? r.target
    : `${r.target} (${r.nodes} nodes${r.redisPrimaries ? `, Redis Cluster of ${r.redisPrimaries}` : ''})`;

function scenarioTable(runs: TargetRun[], scenario: ScenarioName): string[] {
  const bare = runs.find((r) => r.target === 'bare-socketio')?.results[scenario]?.figures;
  const ws = runs.find((r) => r.target === 'raw-ws')?.results[scenario]?.figures;
  const ours = runs.filter((r) => r.target.startsWith('ours') && r.results[scenario]);
  if (ours.length === 0 && !bare) return [];
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.results[scenario]?.figures ?? {})))];
  const head = ['figure', ...ours.flatMap((r) => [label(r), '× bare']), 'bare Socket.IO', 'raw ws'];
  const lines = [
    `### ${TITLES[scenario]}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  for (const name of names) {
    const cells = ours.flatMap((r) => {
      const v = r.results[scenario]?.figures[name];
      return [fmt(v), ratio(v, bare?.[name])];
    });
    lines.push(`| ${[name, ...cells, fmt(bare?.[name]), fmt(ws?.[name])].join(' | ')} |`);
  }
  lines.push('');
  return lines;
}

const GROWTH_FIGURES: [ScenarioName, string][] = [
  ['join', 'time until all in (s)'],
  ['join', 'server RSS per participant (KiB)'],
  ['fanout', 'p99 client (ms)'],
  ['fanout', 'server CPU per delivered message (µs)'],
  ['vote', 'acks per second'],
  ['vote', 'ack p99 (ms)'],
  ['vote', 'server CPU per ballot (µs)'],
];

function growthTable(growth: TargetRun[]): string[] {
  const sizes = [...new Set(growth.map((r) => r.n))];
  const oursTarget = growth.find((r) => r.target.startsWith('ours'))?.target ?? 'ours-embedded';
  const head = ['N', 'figure', oursTarget, '× bare', 'bare Socket.IO', 'raw ws'];
  const lines = ['### Growth', '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const size of sizes) {
    const at = (t: string) => growth.find((r) => r.n === size && r.target === t)?.results;
    for (const [scenario, figure] of GROWTH_FIGURES) {
      const o = at(oursTarget)?.[scenario]?.figures[figure];
      const b = at('bare-socketio')?.[scenario]?.figures[figure];
      const w = at('raw-ws')?.[scenario]?.figures[figure];
      lines.push(`| ${size} | ${scenario}: ${figure} | ${fmt(o)} | ${ratio(o, b)} | ${fmt(b)} | ${fmt(w)} |`);
    }
  }
  lines.push('');
  return lines;
}

/** CPU ms per process and phase, every run: who paid for what on the shared cores. */
function cpuTables(runs: TargetRun[]): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    const phases = Object.entries(run.results).filter(([, r]) => r?.cpuMs);
    if (phases.length === 0) continue;
    const names = [...new Set(phases.flatMap(([, r]) => Object.keys(r!.cpuMs!)))];
    const head = ['phase', ...names.map((n) => `${n} (ms)`), 'cluster: nodes + Redis (ms)'];
    lines.push(`### CPU per process: ${label(run)}, N=${run.n}`, '');
    lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const [phase, r] of phases) {
      const cpu = r!.cpuMs!;
      const cluster = names.filter((n) => n !== 'generator').reduce((s, n) => s + (cpu[n] ?? 0), 0);
      lines.push(`| ${[phase, ...names.map((n) => fmt(cpu[n])), fmt(cluster)].join(' | ')} |`);
    }
    lines.push('');
  }
  return lines;
}

/** A time series a phase sampled (the soak's minutes). */
function seriesTables(runs: TargetRun[]): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    for (const [phase, r] of Object.entries(run.results)) {
      const rows = r?.series;
      if (!rows || rows.length === 0) continue;
      const head = Object.keys(rows[0]!);
      lines.push(`### ${phase}: samples, ${run.target}, N=${run.n}`, '');
      lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
      for (const row of rows) lines.push(`| ${head.map((k) => fmt(row[k])).join(' | ')} |`);
      lines.push('');
    }
  }
  return lines;
}

function checkLines(runs: TargetRun[]): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    for (const [scenario, result] of Object.entries(run.results)) {
      for (const c of result?.checks ?? []) {
        lines.push(
          `- ${c.pass ? 'PASS' : '**FAIL**'} ${label(run)} N=${run.n} ${scenario}: ${c.name} (${c.detail})`,
        );
      }
    }
  }
  return lines;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine, versions, settings } = report;
  const lines = [
    `## Benchmark ${report.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, fd limit ${machine.fdLimit}; ` +
      `generator on the same machine (${settings.workers} worker processes, ` +
      (settings.pinned
        ? `pinned to CPU ${settings.pinned.generator}, every server to CPU ${settings.pinned.server}; `
        : '') +
      `${settings.joinConcurrencyPerWorker} joins in flight per worker). ` +
      `Node ${versions.node}, Socket.IO ${versions.socketio}, ws ${versions.ws}, ` +
      `${versions.redisAdapter}, ${versions.redis}. ` +
      `N = ${settings.participants}${settings.quick ? ' (quick)' : ''}; run took ${report.durationSeconds} s.`,
    '',
    '“× bare” is ours divided by the bare Socket.IO server measured in the same run (for times, CPU and ' +
      'memory lower is better; for acks per second higher is better). Raw ws is the floor.',
    '',
  ];
  for (const scenario of Object.keys(TITLES) as ScenarioName[])
    lines.push(...scenarioTable(report.runs, scenario));
  lines.push(...cpuTables(report.runs), ...seriesTables(report.runs));
  if (report.growth.length > 0) lines.push(...growthTable(report.growth));
  const checks = checkLines([...report.runs, ...report.growth]);
  if (checks.length > 0) lines.push('### Correctness', '', ...checks, '');
  return lines.join('\n');
}
