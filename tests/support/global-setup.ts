import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureClientBuilt } from './client-build.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Run once by vitest before the files of a project that starts servers.
 *
 * The client is built if `client/dist` is missing (with two files at a time, two of them finding it
 * missing would otherwise both build it into the same folder).
 *
 * The server is built from the sources as they are now (`scripts/build-server.mjs`, a few seconds:
 * the bundle `npm start` and the image run), and the test servers and the organizer CLI run that
 * bundle: a start through the TypeScript loader costs about a third more CPU (measured: 11-24 s
 * against 9-13 s to the ready line at a load average of 28 on 2 cores), and the suite starts
 * servers at 91 places, some in loops. Set TEST_SERVER_DIST to an empty string to run the sources through tsx.
 */
export function setup(): void {
  ensureClientBuilt();
  // Empty: the sources through tsx; set: built already (each project runs this setup).
  if (process.env.TEST_SERVER_DIST !== undefined) return;
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('server build failed');
  // Read by tests/support/server-process.ts and organizer.ts in the test workers, which inherit it.
  process.env.TEST_SERVER_DIST = 'server/dist';
}
