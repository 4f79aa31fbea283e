import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the client if it was never built: the server serves `client/dist`. In production mode:
 * vitest sets NODE_ENV=test, with which Vite bundles React's development build and the app
 * registers no service worker (pwa.test.ts then timed out twice at 120 s, on a fresh clone).
 */
export function ensureClientBuilt(): void {
  if (existsSync(join(repoRoot, 'client/dist/index.html'))) return;
  const build = spawnSync('npm', ['run', 'build', '-w', 'client'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error('client build failed');
}
