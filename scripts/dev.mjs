#!/usr/bin/env node
/**
 * Development: the server from its sources, restarted when they change (node --watch with tsx),
 * and the client's Vite dev server (hot reload) proxying /api and /socket.io to it. The links the
 * server prints point at Vite (PUBLIC_URL), so the demo codes open the hot-reloaded client.
 *   npm run dev        # client on http://localhost:5173, server on http://localhost:3000
 * Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '3000';
const env = {
  ...process.env,
  PORT: port,
  PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://localhost:5173',
  AGORA_SERVER: `http://localhost:${port}`,
};
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/src/main.ts'], { stdio: 'inherit', env }),
  spawn('npm', ['run', 'dev', '-w', 'client'], { stdio: 'inherit', env }),
];
const stop = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
for (const child of children)
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
