import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

export interface RedisServerOptions {
  /** AOF with `appendfsync always`, so every acknowledged write is on disk (default true). */
  appendonly?: boolean;
  /** Data folder to reuse (a fresh temporary one otherwise, removed by `stop`). */
  dir?: string;
  /** More `redis-server` arguments (e.g. `--cluster-enabled yes`). */
  extraArgs?: string[];
  /** Start a server of our own even when REDIS_URL is set (a cluster's nodes: redis-cluster.ts). */
  local?: boolean;
  /** The port to listen on (a free one otherwise). */
  port?: number;
}

export interface RedisServer {
  url: string;
  port: number;
  /** The data folder ('' for an external server). */
  dir: string;
  /** True when REDIS_URL points at a server these helpers do not control (no kill, no restart). */
  external: boolean;
  /** Stops the server (SIGTERM) and removes its temporary data folder; a no-op for an external server. */
  stop(): Promise<void>;
  /** Sends a signal and resolves once the process is gone; the data folder stays for `restart`. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data folder (stopping it first if it runs) and waits for PING. */
  restart(): Promise<void>;
}

/** A fresh key prefix, so tests sharing one Redis (REDIS_URL) never see each other's keys. */
export function randomPrefix(): string {
  return `agora-test:${randomBytes(6).toString('hex')}:`;
}

/** A port of 127.0.0.1 free a moment ago (for servers that cannot listen on port 0 and say which). */
export function freePort(): Promise<number> {
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

/** Whether nothing listens on `port` of 127.0.0.1 now (it can be bound). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** One PING over a raw socket: true on +PONG (false while refused or still loading the AOF). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the system `redis-server` on a free port of 127.0.0.1 with a temporary data folder, or uses
 * REDIS_URL when it is set. Resolves once the server answers PING.
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const external = options.local ? undefined : process.env.REDIS_URL;
  if (external) {
    return {
      url: external,
      port: Number(new URL(external).port || 6379),
      dir: '',
      external: true,
      stop: async () => undefined,
      kill: async () => {
        throw new Error('REDIS_URL points at an external server: it cannot be killed from a test');
      },
      restart: async () => {
        throw new Error('REDIS_URL points at an external server: it cannot be restarted from a test');
      },
    };
  }

  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'agora-redis-')));
  const port = options.port ?? (await freePort());
  let child: ChildProcess | null = null;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const launch = async () => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      options.appendonly === false ? 'no' : 'yes',
      '--appendfsync',
      'always',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
      ...(options.extraArgs ?? []),
    ];
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const spawnError = new Promise<Error>((resolve) => proc.once('error', resolve));
    const deadline = Date.now() + 15_000;
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      if (await ping(port)) return;
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`redis-server exited before answering on port ${port}:\n${output}`);
      }
      const failed = await Promise.race([spawnError, new Promise((r) => setTimeout(r, delay, null))]);
      if (failed instanceof Error) throw new Error(`cannot start redis-server: ${failed.message}`);
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`redis-server did not answer PING on port ${port} within 15 s:\n${output}`);
      }
    }
  };

  const kill = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc) return;
    const gone = exited(proc);
    proc.kill(signal);
    await gone;
    child = null;
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    external: false,
    kill,
    async restart() {
      await kill('SIGTERM');
      await launch();
    },
    async stop() {
      await kill('SIGTERM');
      process.removeListener('exit', killOnExit);
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** How many times Redis has executed each command so far (`INFO commandstats`), scripts' own calls included. */
export async function commandCalls(redis: Redis): Promise<Record<string, number>> {
  const stats = await redis.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of stats.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
  return calls;
}
