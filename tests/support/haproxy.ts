import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.ts';

const config = fileURLToPath(new URL('../../deploy/haproxy.cfg', import.meta.url));

export interface Balancer {
  /** Where clients connect. */
  url: string;
  /** HAProxy's stats page. */
  statsUrl: string;
  /** Current sessions per node (`app1`, `app2`), as HAProxy counts them. */
  sessions(): Promise<Record<string, number>>;
  /** Each node's state as HAProxy's health checks see it (`UP`, `DOWN`…). */
  states(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** One row per proxy and server of the stats page's CSV, keyed by its header's names. */
async function stats(statsUrl: string): Promise<Record<string, string>[]> {
  const text = await (await fetch(`${statsUrl}/;csv`)).text();
  const [header = '', ...rows] = text.trim().split('\n');
  const names = header.replace(/^# /, '').split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [names[i] ?? '', value])));
}

async function nodeRows(statsUrl: string): Promise<Record<string, string>[]> {
  return (await stats(statsUrl)).filter((r) => r.pxname === 'nodes' && r.svname?.startsWith('app'));
}

/**
 * Runs the system's HAProxy with the shipped deploy/haproxy.cfg in front of two nodes, on free
 * ports of 127.0.0.1, and resolves once its health checks see both nodes up.
 */
export async function startBalancer(nodes: [string, string]): Promise<Balancer> {
  const [port, statsPort] = [await freePort(), await freePort()];
  const address = (url: string) => new URL(url).host;
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', config], {
    env: {
      ...process.env,
      AGORA_BIND: `127.0.0.1:${port}`,
      AGORA_STATS_BIND: `127.0.0.1:${statsPort}`,
      AGORA_NODE1: address(nodes[0]),
      AGORA_NODE2: address(nodes[1]),
    },
    // Its request log goes to stdout: dropped, so that a full pipe never blocks it.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const statsUrl = `http://127.0.0.1:${statsPort}`;
  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}`,
    statsUrl,
    async sessions() {
      return Object.fromEntries((await nodeRows(statsUrl)).map((r) => [r.svname, Number(r.scur)]));
    },
    async states() {
      return Object.fromEntries((await nodeRows(statsUrl)).map((r) => [r.svname, r.status ?? '']));
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };

  const deadline = performance.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}):\n${stderr}`);
    const states = await balancer.states().catch(() => ({}));
    if (Object.values(states).length === 2 && Object.values(states).every((s) => s === 'UP')) return balancer;
    if (performance.now() > deadline) {
      await balancer.stop();
      throw new Error(
        `haproxy did not see both nodes up within 15 s (${JSON.stringify(states)}):\n${stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
