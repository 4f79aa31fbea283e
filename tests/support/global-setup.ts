import { ensureClientBuilt } from './client-build.ts';

/**
 * Run once by vitest before the files of a project that serves the client: with two files at a
 * time, two of them finding no `client/dist` would otherwise both build it into the same folder.
 */
export function setup(): void {
  ensureClientBuilt();
}
