import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the client if it was never built: the server serves `client/dist`. */
export function ensureClientBuilt(): void {
  if (existsSync(join(repoRoot, 'client/dist/index.html'))) return;
  const build = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('client build failed');
}
