/**
 * The systems under test, each started as real processes: our server (embedded store, or 1–3 nodes
 * sharing a redis-server with AOF and `appendfsync always`, or a Redis Cluster of such primaries),
 * the bare Socket.IO server and the raw `ws` server. Every node can be restarted on its port
 * (reconnect storm).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SERVER_NODE_FLAGS } from '../../server/src/node-flags.ts';
import { startRedisCluster } from '../../tests/support/redis-cluster.ts';
import { collectGarbage } from './inspector.ts';
import { redisInfoField } from './redis-info.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type TargetName = 'ours-embedded' | 'ours-cluster' | 'bare-socketio' | 'raw-ws';

export interface BenchNode {
  url: string;
  port: number;
  pid(): number;
  /** SIGTERM (graceful), wait for the exit, start again on the same port; resolves when ready. */
  restart(): Promise<{ downAt: number; upAt: number }>;
  stop(): Promise<void>;
  /** Our embedded node: a full garbage collection through its inspector (inspector.ts). */
  collectGarbage?(): Promise<void>;
}

/** A Redis process of the run: the one `redis-server`, or a primary of the Redis Cluster. */
export interface RedisProcess {
  /** `redis-server`, or `redis-primary-1`… on a Redis Cluster (the CPU tables' column names). */
  name: string;
  url: string;
  pid: number;
}

export interface Deployment {
  target: TargetName;
  nodes: BenchNode[];
  /** Processes whose CPU counts as the server's (the nodes; Redis is reported apart). */
  serverPids(): number[];
  /** Nodes + Redis: the redis-server, or every primary of the Redis Cluster; empty without Redis. */
  redis: RedisProcess[];
  stop(): Promise<void>;
}

export interface DeployOptions {
  /** Where `--cpu-prof` writes our nodes' profiles, or null for no profiling. */
  profileDir: string | null;
  /** Captured payloads for the bare servers. */
  samplesFile: string;
  organizer: { email: string; name: string; password: string };
  /** Cluster mode: how many nodes share the Redis (1, 2 or 3; 2 by default). */
  nodes?: number;
  /** Cluster mode: a Redis Cluster of this many primaries (≥ 3) instead of one redis-server (0). */
  redisPrimaries?: number;
  /**
   * `--pin`: the CPUs (a `taskset -c` list) every server process runs on (nodes, Redis, the bare
   * servers), the generator and the orchestrator being on the others (`pinnedCpus`).
   */
  serverCpus?: string;
}

/**
 * `--pin` on this machine: the servers on the upper half of the CPUs, the generator and the
 * orchestrator (its probes) on the lower half, so that the server's CPU is never the generator's
 * (on 2 cores: CPU 1 and CPU 0). Null on a single CPU.
 */
export function pinnedCpus(cpuCount: number): { server: string; generator: string } | null {
  if (cpuCount < 2) return null;
  const half = Math.floor(cpuCount / 2);
  const list = (from: number, to: number) => (from === to ? String(from) : `${from}-${to}`);
  return { generator: list(0, half - 1), server: list(half, cpuCount - 1) };
}

/** `command args` on `cpus` (`taskset -c`, which execs the command: same pid), or as is. */
function onCpus(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}

/** Our nodes serve `/metrics` (heap, event-loop lag) to the bench with this bearer token. */
export const BENCH_METRICS_TOKEN = 'bench-metrics-token';
/** Cluster nodes' names, in the order participants are dealt to them. */
const NODE_NAMES = ['node-a', 'node-b', 'node-c'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve();
      });
      socket.on('error', () => {
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** Spawns a process that prints the JSON ready line; resolves with it once it listens. */
async function spawnReady(
  name: string,
  args: string[],
  env: Record<string, string>,
  cpus: string | undefined,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(...onCpus(cpus, process.execPath, args), {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
    if (/WARN|ERROR|FATAL|Error/.test(chunk)) process.stderr.write(`[${name}] ${chunk}`);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      // Ours logs it as a JSON line among others (`"event":"ready"`); the bare servers print it alone.
      if (!line.startsWith('{') || !line.includes('"event":"ready"')) return;
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} exited (${code ?? signal}) before ready:\n${stderr}`)),
    );
  });
  return { child, port };
}

/**
 * A node process that can be restarted on its port. With `inspectPort`, its inspector opens there on
 * demand (SIGUSR1) for a full garbage collection.
 */
async function startNode(
  name: string,
  args: string[],
  env: Record<string, string>,
  cpus: string | undefined,
  inspectPort?: number,
): Promise<BenchNode> {
  const first = await spawnReady(name, args, env, cpus);
  const { port } = first;
  let { child } = first;
  const fixedEnv = { ...env, PORT: String(port) };
  return {
    ...(inspectPort === undefined
      ? {}
      : { collectGarbage: () => collectGarbage(child.pid ?? 0, inspectPort) }),
    url: `http://127.0.0.1:${port}`,
    port,
    pid: () => child.pid ?? 0,
    async restart() {
      const downAt = Date.now();
      child.kill('SIGTERM');
      await exited(child);
      ({ child } = await spawnReady(name, args, fixedEnv, cpus));
      return { downAt, upAt: Date.now() };
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

interface BenchRedis {
  processes: RedisProcess[];
  /** What the nodes (and the organizer's CLI) need to use it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

async function startRedis(dir: string, cpus?: string): Promise<BenchRedis> {
  const port = await freePort();
  const child = spawn(
    ...onCpus(cpus, 'redis-server', [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
      ...['--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no', '--loglevel', 'warning'],
    ]),
    { stdio: 'ignore' },
  );
  await waitForPort(port, 15_000);
  const url = `redis://127.0.0.1:${port}`;
  return {
    processes: [{ name: 'redis-server', url, pid: child.pid ?? 0 }],
    env: { REDIS_URL: url },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/** `--redis-cluster` with no number after it means 3 primaries (parseArgs has no optional values). */
export function withDefaultPrimaries(argv: string[]): string[] {
  return argv.flatMap((arg, i) =>
    arg === '--redis-cluster' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('-'))
      ? [arg, '3']
      : [arg],
  );
}

/** `--redis-cluster`'s value: 0 (one redis-server) when absent, else a count of at least 3 primaries. */
export function redisPrimariesOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const primaries = Number(value);
  // `redis-cli --cluster create` wants at least 3 primaries.
  if (!Number.isInteger(primaries) || primaries < 3)
    throw new Error(`--redis-cluster needs at least 3 primaries (got ${value})`);
  return primaries;
}

/**
 * A real Redis Cluster (tests/support/redis-cluster.ts: each primary with AOF and `appendfsync
 * always`, no replicas) carrying everything, as docs/operations.md « Redis Cluster » deploys it: the
 * store, the sharded broadcasts and the boards.
 */
async function startCluster(primaries: number, cpus?: string): Promise<BenchRedis> {
  const cluster = await startRedisCluster(primaries);
  const processes = await Promise.all(
    cluster.servers.map(async (s, i) => {
      const url = s.url;
      // The helper keeps the child process to itself; the primary says its pid (never restarted here).
      const pid = await redisInfoField(url, 'server', 'process_id');
      if (!Number.isInteger(pid)) throw new Error(`the primary at ${url} did not say its pid`);
      // Started by the test helper: moved onto the servers' CPUs once running (every thread).
      if (cpus) await run('taskset', ['-a', '-p', '-c', cpus, String(pid)]);
      return { name: `redis-primary-${i + 1}`, url, pid };
    }),
  );
  return {
    processes,
    env: {
      REDIS_URL: `redis://${cluster.nodes[0]}`,
      REDIS_CLUSTER_NODES: cluster.nodes.join(','),
      REDIS_ADAPTER: 'sharded',
    },
    stop: () => cluster.stop(),
  };
}

const run = promisify(execFile);

async function createOrganizer(env: Record<string, string>, options: DeployOptions): Promise<void> {
  const { email, name, password } = options.organizer;
  await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/create-organizer.ts', '--email', email, '--name', name],
    { cwd: repoRoot, env: { ...process.env, ...env, ORGANIZER_PASSWORD: password } },
  );
}

/** Our server as production runs it (`npm start`): the bundle, built once per bench run so it is never stale. */
let built: Promise<unknown> | null = null;
const buildServer = () => (built ??= run(process.execPath, ['scripts/build-server.mjs'], { cwd: repoRoot }));

function ourArgs(options: DeployOptions, name: string, inspectPort?: number): string[] {
  // One folder per node. profile-summary.ts maps the bundle's frames back to the sources.
  const prof = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(options.profileDir, name)] : [];
  // Only where the inspector would open on SIGUSR1; closed until the soak's end asks for a collection.
  const inspect = inspectPort === undefined ? [] : [`--inspect-port=127.0.0.1:${inspectPort}`];
  return [...SERVER_NODE_FLAGS, ...prof, ...inspect, 'server/dist/main.js'];
}

const ourEnv = {
  HOST: '127.0.0.1',
  DEMO: 'false',
  LOG_LEVEL: 'warn',
  PORT: '0',
  METRICS_TOKEN: BENCH_METRICS_TOKEN,
};

/** Starts one system under test. */
export async function deploy(target: TargetName, options: DeployOptions): Promise<Deployment> {
  const scratch = mkdtempSync(join(tmpdir(), `agora-bench-${target}-`));
  const cleanup = () => rmSync(scratch, { recursive: true, force: true });

  if (target === 'bare-socketio' || target === 'raw-ws') {
    const file = target === 'raw-ws' ? 'scripts/bench/baseline-ws.ts' : 'scripts/bench/baseline-socketio.ts';
    const prof = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(options.profileDir, target)] : [];
    const node = await startNode(
      target,
      [...prof, '--import', 'tsx', file],
      { PORT: '0', BENCH_SAMPLES: options.samplesFile },
      options.serverCpus,
    );
    return {
      target,
      nodes: [node],
      serverPids: () => [node.pid()],
      redis: [],
      stop: async () => {
        await node.stop();
        cleanup();
      },
    };
  }

  await buildServer();
  if (target === 'ours-embedded') {
    const env = { ...ourEnv, DATA_DIR: scratch };
    await createOrganizer(env, options);
    const inspectPort = await freePort();
    const node = await startNode(
      target,
      ourArgs(options, 'embedded', inspectPort),
      env,
      options.serverCpus,
      inspectPort,
    );
    return {
      target,
      nodes: [node],
      serverPids: () => [node.pid()],
      redis: [],
      stop: async () => {
        await node.stop();
        cleanup();
      },
    };
  }

  const redisDir = join(scratch, 'redis');
  mkdirSync(redisDir, { recursive: true });
  const primaries = options.redisPrimaries ?? 0;
  const redis =
    primaries > 0
      ? await startCluster(primaries, options.serverCpus)
      : await startRedis(redisDir, options.serverCpus);
  const shared = { ...ourEnv, ...redis.env, SECRET: randomBytes(32).toString('base64url') };
  const nodes: BenchNode[] = [];
  const count = options.nodes ?? 2;
  if (!Number.isInteger(count) || count < 1 || count > NODE_NAMES.length)
    throw new Error(`--nodes must be 1, 2 or 3 (got ${count})`);
  for (const name of NODE_NAMES.slice(0, count)) {
    const dataDir = join(scratch, name);
    mkdirSync(dataDir, { recursive: true });
    nodes.push(
      await startNode(
        name,
        ourArgs(options, `cluster-${name}`),
        { ...shared, DATA_DIR: dataDir },
        options.serverCpus,
      ),
    );
  }
  await createOrganizer({ ...shared, DATA_DIR: join(scratch, 'cli') }, options);
  return {
    target,
    nodes,
    serverPids: () => nodes.map((n) => n.pid()),
    redis: redis.processes,
    stop: async () => {
      for (const n of nodes) await n.stop();
      await redis.stop();
      cleanup();
    },
  };
}
