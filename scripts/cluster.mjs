#!/usr/bin/env node
// A local cluster without Docker, for development and manual tests: one redis-server with AOF
// (appendfsync always) and two app nodes sharing it, on consecutive ports.
//   node scripts/cluster.mjs [--port 3001] [--redis-port 6390] [--data ./data/cluster] [--fresh]
// Ctrl-C stops everything (SIGTERM to the nodes first, so in-flight acks finish).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3001' },
    'redis-port': { type: 'string', default: '6390' },
    data: { type: 'string', default: './data/cluster' },
    fresh: { type: 'boolean', default: false },
  },
});
const dataDir = resolve(values.data);
const basePort = Number(values.port);
const redisPort = Number(values['redis-port']);
if (values.fresh) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(join(dataDir, 'redis'), { recursive: true });

const secretFile = join(dataDir, 'secret');
if (!existsSync(secretFile))
  writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
const secret = readFileSync(secretFile, 'utf8').trim();

const children = [];
function run(name, command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (line) => (line ? `[${name}] ${line}\n` : '');
  child.stdout.on('data', (d) => process.stdout.write(String(d).split('\n').map(prefix).join('')));
  child.stderr.on('data', (d) => process.stderr.write(String(d).split('\n').map(prefix).join('')));
  child.on('exit', (code, signal) => {
    process.stdout.write(`[${name}] exited (${signal ?? code})\n`);
    if (!stopping) stop(1);
  });
  children.push(child);
  return child;
}

function waitForPort(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePort, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolvePort();
      });
      socket.on('error', () => {
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children.slice().reverse()) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run('redis', 'redis-server', [
  '--port',
  String(redisPort),
  '--bind',
  '127.0.0.1',
  '--dir',
  join(dataDir, 'redis'),
  '--appendonly',
  'yes',
  '--appendfsync',
  'always',
  '--save',
  '',
  '--daemonize',
  'no',
]);
await waitForPort(redisPort);

for (const [i, name] of ['node-a', 'node-b'].entries()) {
  const port = basePort + i;
  mkdirSync(join(dataDir, name), { recursive: true });
  run(name, process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    PORT: String(port),
    DATA_DIR: join(dataDir, name),
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    SECRET: secret,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
  });
  await waitForPort(port, 30_000);
}
process.stdout.write(
  `\nCluster up: node A http://localhost:${basePort}, node B http://localhost:${basePort + 1}, ` +
    `Redis 127.0.0.1:${redisPort} (AOF in ${join(dataDir, 'redis')}).\n` +
    'Demo codes: printed by the node that loaded the demo (first start only), or in its data folder.\n',
);
