import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileLink, UploadReport } from '@agora/shared';
import { watchRss } from '../support/rss-watch.ts';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { createOrganizerCli, loginOrganizer } from '../support/organizer.ts';
import {
  closeAllSockets,
  nextEvent,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

const MB = 1024 * 1024;
const FILE_BYTES = 5 * MB;
const DOWNLOADS = 200;
const LISTENERS = 20;
const results = join(process.cwd(), 'test-results');
const downloader = fileURLToPath(new URL('../support/downloader.mjs', import.meta.url));
const execFileAsync = promisify(execFile);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * 200 participants download a 5 MB PDF at once from one node while its moderator changes the
 * screen: the node's memory stays flat (files stream, never whole in memory) and the screen change
 * reaches the room as fast as without the downloads. Measured, written to
 * test-results/download-load.json, and bounded loosely (a shared 2-core machine is noisy).
 */
describe('200 simultaneous downloads of a 5 MB PDF', () => {
  let server: RunningServer;
  let moderator: Actor;
  const listeners: Actor[] = [];
  let url = '';
  let questionId = '';

  beforeAll(async () => {
    const first = await startServer();
    await first.stop();
    await createOrganizerCli(first.dataDir);
    server = await startServer({
      dataDir: first.dataDir,
      env: { MAX_UPLOAD_MB: '25', FILE_LINK_SECONDS: '3600' },
    });
    const session = server.demo.plenarySessionId;
    moderator = await actor(server, 'moderator', 0);
    for (let i = 0; i < LISTENERS; i += 1) {
      const who = await actor(server, 'participant', i);
      await ok(who.socket, 'session:join', { sessionId: session });
      listeners.push(who);
    }
    const asked = await ok(listeners[0]!.socket, 'question:ask', {
      sessionId: session,
      text: 'Une question pour l’écran ?',
      anonymous: false,
      clientId: clientId(),
    });
    questionId = asked.id;

    const { token } = await loginOrganizer(server.url);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(FILE_BYTES - 9, 0x20)]);
    const data = new FormData();
    data.append('file', new Blob([pdf], { type: 'application/pdf' }), 'Actes du colloque.pdf');
    const res = await fetch(`${server.url}/api/organizer/editions/${server.demo.slug}/documents/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: data,
    });
    const report = UploadReport.parse(await res.json());
    const doc = report.results[0];
    if (!doc?.ok) throw new Error(`upload refused: ${JSON.stringify(doc)}`);
    const link = await fetch(
      `${server.url}/api/editions/${server.demo.slug}/documents/${doc.document.id}/link`,
      {
        headers: { authorization: `Bearer ${listeners[0]!.token}` },
      },
    );
    url = `${server.url}${FileLink.parse(await link.json()).url}`;
  }, 120_000);

  afterAll(async () => {
    closeAllSockets();
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });

  /** One screen change: from the moderator's command to every listener's `live:state`, in ms each. */
  async function screenChange(show: boolean): Promise<number[]> {
    const session = server.demo.plenarySessionId;
    const started = performance.now();
    const arrivals = listeners.map((l) =>
      nextEvent(l.socket, 'live:state', (s) =>
        show ? s.screen?.kind === 'question' : s.screen === null,
      ).then(() => performance.now() - started),
    );
    await ok(moderator.socket, 'screen:show', {
      sessionId: session,
      item: show ? { kind: 'question', id: questionId } : null,
    });
    return Promise.all(arrivals);
  }

  async function rounds(count: number): Promise<number[]> {
    const all: number[] = [];
    for (let i = 0; i < count; i += 1) all.push(...(await screenChange(i % 2 === 0)));
    return all;
  }

  // Measured again once when a bound is missed: on this shared machine the busy p50 was 5-52 ms
  // with the pace's old 100 ms bucket (twice above 50 in clean-clone CIs), 9-26 ms with its 10 ms
  // bucket (ten runs, 2026-12-07), and 64-90 ms unpaced (two runs): two misses in a row are the
  // code's far more likely than the machine's.
  it(
    'keeps the node’s memory flat and the screen change on time',
    { timeout: 180_000, retry: 1 },
    async () => {
      const pid = server.child.pid ?? 0;
      const quiet = await rounds(20);
      const rss = watchRss(pid);
      const started = performance.now();
      const crowd = execFileAsync(process.execPath, [downloader, url, String(DOWNLOADS)], { maxBuffer: MB });
      // The first bytes are on their way before the moderator starts.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const busy = await rounds(20);
      const sizes = JSON.parse((await crowd).stdout) as number[];
      const seconds = (performance.now() - started) / 1000;
      const { before: rssBefore, peak } = rss.stop();

      const measured = {
        downloads: DOWNLOADS,
        fileMB: FILE_BYTES / MB,
        totalMB: (DOWNLOADS * FILE_BYTES) / MB,
        seconds: Number(seconds.toFixed(2)),
        rssBeforeMB: Math.round(rssBefore / MB),
        rssPeakMB: Math.round(peak / MB),
        screenChangeMs: {
          withoutDownloads: { p50: percentile(quiet, 50), p99: percentile(quiet, 99) },
          duringDownloads: {
            p50: percentile(busy, 50),
            p90: percentile(busy, 90),
            p99: percentile(busy, 99),
          },
        },
      };
      mkdirSync(results, { recursive: true });
      writeFileSync(join(results, 'download-load.json'), JSON.stringify(measured, null, 2));
      console.log('download load', JSON.stringify(measured));

      expect(sizes.every((s) => s === FILE_BYTES)).toBe(true);
      // 1 GB went out (10 s at the default pace: the rounds take 1-3 s of it, and this file runs
      // alone, one core idle: 20 MB files took 30 s more). Held whole in memory even once per
      // download would be 1 GB; streamed, the peak was +100-121 MB (the connections' buffers).
      expect(peak - rssBefore).toBeLessThan((DOWNLOADS * FILE_BYTES) / 5);
      // 20 rounds of 20 listeners: the p99 is the slowest round's, one round in twenty on a shared
      // 2-core machine (seen at 275-340 ms with the full suite beside it, p50 7-20 ms). The p90 allows
      // two slow rounds; the p50 shows the pacing's effect (64-90 ms unpaced, measured).
      expect(percentile(busy, 90)).toBeLessThan(Math.max(250, 5 * percentile(quiet, 99)));
      expect(percentile(busy, 50)).toBeLessThan(Math.max(50, 5 * percentile(quiet, 50)));
    },
  );
});
