import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { freePort, portIsFree, startRedis, type RedisServer } from './redis-server.ts';

export interface RedisCluster {
  /** `host:port` of every primary, the form of REDIS_CLUSTER_NODES. */
  nodes: string[];
  /** The primaries, as started by `startRedis` (stop, kill, restart one of them). */
  servers: RedisServer[];
  /** A client of the whole cluster (routes by key slot); closed by `stop`. */
  client: Cluster;
  stop(): Promise<void>;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/**
 * A free port for a cluster node: a node also listens on its port + 10,000 (the cluster bus), so the
 * port must be at most 55,535 (redis-server refuses to start otherwise; the kernel's ephemeral
 * range here reaches 60,999) and its bus port free too.
 */
async function clusterNodePort(): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    const port = await freePort();
    if (port <= 55_535 && (await portIsFree(port + 10_000))) return port;
    if (attempt >= 100) throw new Error('no free port with a free cluster bus port for a Redis Cluster node');
  }
}

/**
 * Starts a real Redis Cluster of `primaries` primaries (no replicas), each the system `redis-server`
 * with `--cluster-enabled yes` and AOF (`startRedis`'s settings) in a temporary folder, joins them
 * with `redis-cli --cluster create`, and resolves once every node reports `cluster_state:ok` and the
 * cluster client is ready. REDIS_URL is ignored: a cluster cannot be an external single server.
 */
export async function startRedisCluster(primaries = 3): Promise<RedisCluster> {
  const servers: RedisServer[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < primaries; i += 1) {
      const dir = await mkdtemp(join(tmpdir(), 'agora-redis-cluster-'));
      dirs.push(dir);
      servers.push(
        await startRedis({
          dir,
          local: true,
          port: await clusterNodePort(),
          extraArgs: [
            ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf')],
            // No replicas, so no failover to detect: a node slowed down by a loaded machine (15 s
            // without an answer, the default) must not be marked failed, which takes the whole
            // cluster down (CLUSTERDOWN) for the rest of the test.
            ...['--cluster-node-timeout', '120000'],
          ],
        }),
      );
    }
    const nodes = servers.map((s) => `127.0.0.1:${s.port}`);
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const states = await Promise.all(
        servers.map((s) => run('redis-cli', ['-p', String(s.port), 'cluster', 'info'])),
      );
      if (states.every((info) => info.includes('cluster_state:ok'))) break;
      if (Date.now() > deadline)
        throw new Error(`the cluster did not reach cluster_state:ok:\n${states.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const client = new Cluster(
      servers.map((s) => ({ host: '127.0.0.1', port: s.port })),
      { enableReadyCheck: true },
    );
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
    });
    return {
      nodes,
      servers,
      client,
      async stop() {
        client.disconnect();
        await Promise.all(servers.map((s) => s.stop()));
        await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
      },
    };
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    throw error;
  }
}
