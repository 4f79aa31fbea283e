import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run screenshots -- --quick` as a person runs it (the script, its own server and Chromium),
 * so the command cannot rot: every view of both languages drawn without an error, named
 * view-state-size-lang, and the count it prints is the count on disk.
 */
describe('the screenshots command', () => {
  let out = '';

  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('draws every view in French and English at one size each, and prints the folder and the count', async () => {
    out = await mkdtemp(join(tmpdir(), 'agora-shots-'));
    const run = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/screenshots.ts', '--quick', '--out', out],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    run.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    run.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
    expect(stderr, stdout).toBe('');
    expect(code).toBe(0);

    const files = (await readdir(out)).filter((f) => f.endsWith('.png')).sort();
    const printed = /^(\d+) screenshots in (.+)\/ /m.exec(stdout);
    expect(printed?.[2]).toContain('agora-shots-');
    expect(Number(printed?.[1])).toBe(files.length);
    for (const f of files)
      expect(f).toMatch(/^[a-z]+-[a-z0-9-]+-(phone|tablet|laptop|projector)\d+-(fr|en)\.png$/);
    // Each view, in both languages.
    for (const view of ['join', 'programme', 'room', 'moderator', 'projector', 'organizer'])
      for (const lang of ['fr', 'en'])
        expect(
          files.filter((f) => f.startsWith(`${view}-`) && f.endsWith(`-${lang}.png`)).length,
        ).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('-fr.png')).length).toBe(files.length / 2);
  }, 300_000);
});
