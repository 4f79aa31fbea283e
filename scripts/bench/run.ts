/**
 * The benchmark: N participants over real WebSockets against our server (embedded store, or two
 * nodes + Redis) and, in the same run, against a bare Socket.IO server and a raw `ws` server doing
 * the same broadcasts and acks with nothing else. Every figure of ours is also given as a ratio to
 * the bare Socket.IO figure. Results: bench-results/<date>.json and .md (git-ignored).
 *
 *   npm run bench -- --participants 10000 --scenario all [--mode embedded|cluster|both] [--quick]
 *     [--nodes 1|2|3] [--redis-cluster [3]] [--workers 2] [--join-concurrency 100]
 *     [--growth 1000,2000,5000,10000] [--profile] [--pin]
 *   npm run bench -- --capacity-inputs --participants 5000     # unit costs at 1, 2, 3 nodes + the model
 *   npm run bench -- --scenario soak [--soak-minutes 60] [--quick]
 *   npm run bench -- --model bench-results/capacity-inputs-<date>.json   # the model again, other inputs
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { accounted } from './accounting.ts';
import { CAPACITY_SCENARIOS, inputsOfRun, renderCapacity } from './capacity-inputs.ts';
import { DEFAULT_ASSUMPTIONS, type CapacityInputs } from './capacity-model.ts';
import { GeneratorPool } from './pool.ts';
import { Probe } from './probe.ts';
import { renderMarkdown, type BenchReport, type TargetRun } from './report.ts';
import {
  joinRush,
  scenarios,
  type Check,
  type Context,
  type ScenarioName,
  type ScenarioResult,
} from './scenarios.ts';
import {
  deploy,
  pinnedCpus,
  redisPrimariesOption,
  repoRoot,
  withDefaultPrimaries,
  type Deployment,
  type TargetName,
} from './servers.ts';
import { BENCH_ORGANIZER, bareEdition, createBenchEdition, joinAnswer, joinWithCode } from './setup.ts';

const ALL: ScenarioName[] = ['join', 'fanout', 'vote', 'qa', 'reconnect', 'beats'];
/**
 * Not in `all`: the unit costs (run by `--capacity-inputs`), the soak (an hour) and a second vote
 * burst (`vote2`, after `vote` or alone: the same burst on a new poll, every process warm).
 */
const EXTRA: ScenarioName[] = ['vote2', 'costs', 'soak'];
const GROWTH_SCENARIOS: ScenarioName[] = ['join', 'fanout', 'vote'];

const { values } = parseArgs({
  args: withDefaultPrimaries(process.argv.slice(2)),
  options: {
    participants: { type: 'string' },
    scenario: { type: 'string', default: 'all' },
    mode: { type: 'string', default: 'embedded' },
    quick: { type: 'boolean', default: false },
    workers: { type: 'string', default: '2' },
    'join-concurrency': { type: 'string', default: '100' },
    growth: { type: 'string' },
    baselines: { type: 'string', default: 'bare-socketio,raw-ws' },
    profile: { type: 'boolean', default: false },
    pin: { type: 'boolean', default: false },
    nodes: { type: 'string', default: '2' },
    /** Cluster mode on a Redis Cluster of this many primaries (REDIS_CLUSTER_NODES) instead of one redis-server. */
    'redis-cluster': { type: 'string' },
    'capacity-inputs': { type: 'boolean', default: false },
    'soak-minutes': { type: 'string' },
    /** `costs`: the window the participants' upvotes are spread over (seconds; the beats' stays 10, 5 quick). */
    'upvote-seconds': { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string', default: 'bench-results' },
  },
});

const quick = values.quick;
const capacity = values['capacity-inputs'];
const requested = capacity
  ? CAPACITY_SCENARIOS
  : values.scenario === 'all'
    ? [...ALL, 'growth']
    : values.scenario.split(',');
for (const s of requested) {
  if (![...ALL, ...EXTRA, 'growth'].includes(s))
    throw new Error(
      `unknown scenario ${s} (fanout|vote|vote2|qa|reconnect|beats|join|costs|soak|growth|all)`,
    );
}
const soakOnly = requested.length === 1 && requested[0] === 'soak';
const n = Number(values.participants ?? (soakOnly ? 5000 : quick ? 500 : 2000));
const soakMinutes = Number(values['soak-minutes'] ?? (quick ? 5 : 60));
if (!Number.isInteger(soakMinutes) || soakMinutes < 1)
  throw new Error(`--soak-minutes ${values['soak-minutes']}: a whole number of minutes, 1 or more`);
// `--capacity-inputs` measures an upvote at the rate of the model's Q&A storm (100,000 in 60 s:
// 3 s at N = 5,000): a paced window of 10 s costs Redis four times more per upvote (an fsync each).
const upvoteSeconds =
  values['upvote-seconds'] !== undefined
    ? Number(values['upvote-seconds'])
    : capacity
      ? (n * DEFAULT_ASSUMPTIONS.qaStormSeconds) / DEFAULT_ASSUMPTIONS.participants
      : null;
if (upvoteSeconds !== null && !(upvoteSeconds > 0))
  throw new Error(`--upvote-seconds ${values['upvote-seconds']}: a number of seconds above 0`);
const nodeCount = Number(values.nodes);
const modes = capacity ? ['cluster'] : values.mode === 'both' ? ['embedded', 'cluster'] : [values.mode];
for (const m of modes) if (m !== 'embedded' && m !== 'cluster') throw new Error(`unknown mode ${m}`);
const redisPrimaries = redisPrimariesOption(values['redis-cluster']);
if (redisPrimaries > 0 && (capacity || !modes.includes('cluster')))
  throw new Error(
    '--redis-cluster needs --mode cluster or both (and not --capacity-inputs: one redis-server)',
  );
const growthSizes = (values.growth ?? (quick ? '200,500' : '1000,2000,5000,10000')).split(',').map(Number);
// resolve, not join: an absolute --out (/tmp/...) stays outside the repository (prettier checks it).
const outDir = resolve(repoRoot, values.out);
mkdirSync(outDir, { recursive: true });
const samplesFile = join(outDir, 'samples.json');
const profileDir = values.profile ? join(outDir, 'profiles') : null;
if (profileDir) mkdirSync(profileDir, { recursive: true });

// `--pin`: this process (the probes) and the generator workers it forks on one half of the CPUs,
// every server on the other (servers.ts `pinnedCpus`).
const pin = values.pin ? pinnedCpus(cpus().length) : null;
if (values.pin && !pin) throw new Error('--pin needs at least 2 CPUs');
if (pin) execFileSync('taskset', ['-a', '-p', '-c', pin.generator, String(process.pid)], { stdio: 'ignore' });

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args).toString().trim().split('\n')[0] ?? '';
  } catch {
    return 'not found';
  }
}

async function pkgVersion(name: string): Promise<string> {
  const { createRequire } = await import('node:module');
  const require = createRequire(join(repoRoot, 'server', 'package.json'));
  return (require(`${name}/package.json`) as { version: string }).version;
}

/** Captures what the probes saw from our server, for the bare servers to replay. */
function captureSamples(ctx: Context, join: unknown): void {
  const acks: Record<string, unknown> = {};
  const events: Record<string, unknown> = {};
  for (const probe of [ctx.moderator, ctx.projector, ...ctx.participants]) {
    for (const [k, v] of probe.lastAck) acks[k] ??= v;
    for (const [k, v] of probe.lastEvent) events[k] ??= v;
  }
  // The participants' view of an event comes first (the moderator's may be larger).
  for (const [k, v] of ctx.participants[0]!.lastEvent) events[k] = v;
  writeFileSync(samplesFile, JSON.stringify({ join, acks, events }, null, 2));
}

/** One system under test at one N: deploy, make the edition, join, run the scenarios, tear down. */
async function runTarget(
  target: TargetName,
  size: number,
  wanted: ScenarioName[],
  nodes = nodeCount,
): Promise<TargetRun> {
  const ours = target.startsWith('ours');
  log(`${target} N=${size}${target === 'ours-cluster' ? `, ${nodes} nodes` : ''}: starting`);
  const dep: Deployment = await deploy(target, {
    profileDir,
    samplesFile,
    organizer: BENCH_ORGANIZER,
    nodes,
    redisPrimaries,
    ...(pin ? { serverCpus: pin.server } : {}),
  });
  const pool = new GeneratorPool(Number(values.workers));
  const results: Partial<Record<ScenarioName, ScenarioResult>> = {};
  const probes: Probe[] = [];
  try {
    const node0 = dep.nodes[0]!;
    const edition = ours ? await createBenchEdition(node0.url, size, 2) : bareEdition(size, 2);
    log(`${target}: edition ready (${edition.setupMs} ms through the organizer API)`);
    const node = (i: number) => dep.nodes[i % dep.nodes.length]!.url;
    const token = (url: string, code: string) => joinWithCode(url, edition.slug, code);
    const moderator = new Probe('moderator', node(0), await token(node(0), edition.moderatorCode), ours);
    const projector = new Probe('projector', node(1), await token(node(1), edition.projectorCode), ours);
    const participants = await Promise.all(
      edition.probeCodes.map(
        async (c, k) => new Probe(`participant-${k}`, node(k), await token(node(k), c), ours),
      ),
    );
    probes.push(moderator, projector, ...participants);
    await Promise.all(probes.map((p) => p.connected()));
    const sessionId = edition.sessionId;
    await moderator.command('moderation:join', { sessionId });
    for (const p of [projector, ...participants]) await p.command('session:join', { sessionId });
    const joinSample = ours ? await joinAnswer(node0.url, edition.slug, edition.probeCodes[0]!) : null;

    await pool.init(
      edition.slug,
      sessionId,
      edition.participantCodes.map((code, i) => ({ baseUrl: node(i), code })),
    );
    const ctx: Context = {
      dep,
      pool,
      edition,
      n: size,
      ours,
      moderator,
      projector,
      participants,
      tag: `b${Date.now().toString(36)}`,
      quick,
      joinConcurrency: Number(values['join-concurrency']),
      soakMinutes,
      upvoteSeconds,
    };
    log(`${target}: join rush of ${size}`);
    const phases: Record<string, [number, number]> = {};
    /** The monotonic clock in µs, the clock of V8's profiles on this machine. */
    const nowUs = () => Number(process.hrtime.bigint() / 1000n);
    let from = nowUs();
    results.join = await accounted('join', ctx, () => joinRush(ctx));
    phases.join = [from, nowUs()];
    for (const name of wanted) {
      if (name === 'join') continue;
      log(`${target}: ${name}`);
      from = nowUs();
      results[name] = await accounted(name, ctx, () => scenarios[name](ctx));
      phases[name] = [from, nowUs()];
    }
    // Lets profile-summary.ts keep one scenario's samples (`--phase vote`).
    if (profileDir) writeFileSync(join(profileDir, `phases-${target}-${size}.json`), JSON.stringify(phases));
    const invalid = probes.flatMap((p) => p.invalid);
    if (ours) {
      results.join.checks.push({
        name: 'every payload the probes received matched its shared schema',
        pass: invalid.length === 0,
        detail: invalid.slice(0, 5).join('; ') || `${probes.length} probes`,
      });
      captureSamples(ctx, joinSample);
    }
  } finally {
    for (const p of probes) p.close();
    await pool.closeClients().catch(() => undefined);
    pool.stop();
    await dep.stop();
  }
  log(`${target} N=${size}: done`);
  return {
    target,
    n: size,
    nodes: dep.nodes.length,
    ...(target === 'ours-cluster' && redisPrimaries > 0 && { redisPrimaries }),
    results,
  };
}

/** `--capacity-inputs`: the JSON of unit costs beside the report, and the model's tables. */
function writeCapacity(report: BenchReport, stamp: string): void {
  const inputs = {
    date: report.date,
    commit: version('git', ['rev-parse', '--short', 'HEAD']),
    machine: `${report.machine.cores} cores (${report.machine.cpu}), ${report.machine.memoryGiB} GiB`,
    note:
      `Measured on ${report.machine.cores} cores shared by every node, redis-server and the generator ` +
      `(N = ${n}${quick ? ', quick' : ''}; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end).`,
    runs: report.runs.map(inputsOfRun),
  };
  const markdown = renderCapacity(inputs);
  writeFileSync(join(outDir, `capacity-inputs-${stamp}.json`), JSON.stringify(inputs, null, 2));
  writeFileSync(join(outDir, `capacity-${stamp}.md`), markdown);
  process.stdout.write(`${markdown}\n`);
  log(`written ${join(values.out, `capacity-inputs-${stamp}.json`)}`);
}

async function main(): Promise<void> {
  const wanted = [...ALL, ...EXTRA].filter((s) => requested.includes(s));
  // The unit costs and the soak measure our server alone.
  const baselines = (
    capacity || wanted.every((s) => s === 'join' || s === 'costs' || s === 'soak')
      ? []
      : values.baselines.split(',')
  ).filter(Boolean) as TargetName[];
  const oursTargets = modes.map((m) => (m === 'embedded' ? 'ours-embedded' : 'ours-cluster') as TargetName);
  const runs: TargetRun[] = [];
  const started = Date.now();

  if (capacity) {
    for (const k of [1, 2, 3]) runs.push(await runTarget('ours-cluster', n, wanted, k));
  } else if (wanted.length > 0) {
    // Ours first: the bare servers replay the payloads it sent.
    for (const t of [...oursTargets, ...baselines]) runs.push(await runTarget(t, n, wanted));
  }
  const growth: TargetRun[] = [];
  if (requested.includes('growth')) {
    for (const size of growthSizes) {
      for (const t of [oursTargets[0]!, ...baselines])
        growth.push(await runTarget(t, size, GROWTH_SCENARIOS));
    }
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? '',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      fdLimit: version('sh', ['-c', 'ulimit -n']),
    },
    versions: {
      node: process.version,
      socketio: await pkgVersion('socket.io'),
      ws: await pkgVersion('ws'),
      // 2 nodes + Redis: the nodes' REDIS_ADAPTER, from this process's environment (pubsub by default);
      // on a Redis Cluster, sharded (servers.ts).
      redisAdapter:
        redisPrimaries > 0
          ? `@socket.io/redis-adapter ${await pkgVersion('@socket.io/redis-adapter')} (sharded, Redis Cluster of ${redisPrimaries} primaries)`
          : process.env.REDIS_ADAPTER === 'streams'
            ? `@socket.io/redis-streams-adapter ${await pkgVersion('@socket.io/redis-streams-adapter')}`
            : `@socket.io/redis-adapter ${await pkgVersion('@socket.io/redis-adapter')}`,
      redis: version('redis-server', ['--version']),
    },
    settings: {
      participants: n,
      quick,
      modes,
      nodes: nodeCount,
      redisPrimaries,
      workers: Number(values.workers),
      joinConcurrencyPerWorker: Number(values['join-concurrency']),
      growth: requested.includes('growth') ? growthSizes : [],
      ...(pin ? { pinned: pin } : {}),
    },
    runs,
    growth,
  };
  const stamp = report.date.replace(/[:.]/g, '-').slice(0, 19);
  const markdown = renderMarkdown(report);
  writeFileSync(join(outDir, `bench-${stamp}.json`), JSON.stringify(report, null, 2));
  writeFileSync(join(outDir, `bench-${stamp}.md`), markdown);
  writeFileSync(join(outDir, 'latest.md'), markdown);
  process.stdout.write(`${markdown}\n`);
  if (capacity) writeCapacity(report, stamp);
  log(`written ${join(values.out, `bench-${stamp}.{json,md}`)}`);
  const failed = [...runs, ...growth].flatMap((r) =>
    Object.values(r.results).flatMap((s) => (s?.checks ?? []).filter((c: Check) => !c.pass)),
  );
  if (failed.length > 0) process.exitCode = 1;
}

if (values.model) {
  // The model alone, from inputs measured earlier (no server started).
  const inputs = JSON.parse(readFileSync(values.model, 'utf8')) as CapacityInputs;
  process.stdout.write(`${renderCapacity(inputs)}\n`);
} else
  main().catch((error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
