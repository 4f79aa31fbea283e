import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

/** The participant's first load (the join page's entry and its static imports), gzipped. */
const BUDGET_BYTES = 120 * 1024;

const clientDir = fileURLToPath(new URL('../../client', import.meta.url));

const ManifestChunk = z.object({
  file: z.string(),
  isEntry: z.boolean().optional(),
  imports: z.array(z.string()).optional(),
  dynamicImports: z.array(z.string()).optional(),
  css: z.array(z.string()).optional(),
});
const Manifest = z.record(z.string(), ManifestChunk);
type Manifest = z.infer<typeof Manifest>;

/** The entry's file and every chunk it imports statically, transitively (the lazy ones are not followed). */
function firstLoad(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const imported of chunk.imports ?? []) firstLoad(manifest, imported, seen);
  return seen;
}

/**
 * Builds the client into a temporary folder with Vite's manifest and adds up the gzipped size
 * (gzip -9, as the build's precompressed copies that the server sends) of the scripts a phone loads
 * before the join page can paint. A count of bytes, not a time: it runs beside the other files (the
 * paint of that first load, measured under throttling, is first-paint.test.ts's, run alone).
 */
describe('the participant’s first load', () => {
  let outDir: string;
  let manifest: Manifest;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'agora-budget-'));
    const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--manifest'], {
      cwd: clientDir,
      // vitest sets NODE_ENV=test, with which Vite bundles React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`client build failed:\n${build.stderr}`);
    manifest = Manifest.parse(JSON.parse(await readFile(join(outDir, '.vite/manifest.json'), 'utf8')));
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it(`is at most ${BUDGET_BYTES / 1024} KB of gzipped JavaScript`, async () => {
    const files = [...firstLoad(manifest, 'index.html')];
    // What the page itself asks for: the measured set is the one the browser downloads.
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    const linked = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
    expect(new Set(linked)).toEqual(new Set(files));

    const sizes = await Promise.all(
      files.map(async (file) => {
        const data = await readFile(join(outDir, file));
        return { file, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
      }),
    );
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !files.includes(c.file));
    console.info(
      [
        `first load: ${(total / 1024).toFixed(1)} KB gzip in ${files.length} scripts (budget ${BUDGET_BYTES / 1024} KB)`,
        ...sizes
          .sort((a, b) => b.gzip - a.gzip)
          .map((s) => `  ${(s.gzip / 1024).toFixed(1).padStart(6)} KB  ${s.file}`),
        `lazy chunks not counted: ${lazy.length}`,
      ].join('\n'),
    );
    // The views past the join page stay lazy (a static import of one would pull it in).
    for (const view of ['AudienceView', 'ModeratorView', 'ProjectorView', 'OrganizerApp']) {
      expect(files.some((f) => f.includes(view))).toBe(false);
    }
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
