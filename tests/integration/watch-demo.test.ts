import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayCatalogue, ReplayTimeline, SessionVideoAdmin, SessionWatch } from '@agora/shared';
import { demoVideo } from '../../server/src/modules/watch/demo/demo-watch.ts';
import { watchRss } from '../support/rss-watch.ts';
import { actor, type Actor } from '../support/actors.ts';
import { createOrganizerCli, loginOrganizer } from '../support/organizer.ts';
import {
  closeAllSockets,
  getJson,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

const MB = 1024 * 1024;
const VIEWERS = 200;
const SEEKS = 10;
const CHUNK = 256 * 1024;
const FILE_BYTES = 40 * MB;
const results = join(process.cwd(), 'test-results');
const seeker = fileURLToPath(new URL('../support/seeker.mjs', import.meta.url));
const execFileAsync = promisify(execFile);

/**
 * The demo as the quick start shows it, on a real server process: a plenary live now with the test
 * video played from the app, an ended one with its replay and timeline; then 200 viewers seeking in
 * one replay file while the node's memory is watched.
 */
describe('the watch demo on a real server', () => {
  let server: RunningServer;
  let viewer: Actor;
  let moderator: Actor;
  let live = '';
  let replay = '';
  const watchPath = (id: string) => `/api/editions/${server.demo.slug}/sessions/${id}/watch`;
  const auth = () => ({ authorization: `Bearer ${viewer.token}` });

  beforeAll(async () => {
    const first = await startServer();
    await first.stop();
    await createOrganizerCli(first.dataDir);
    server = await startServer({
      dataDir: first.dataDir,
      env: { MAX_UPLOAD_MB: '50', FILE_LINK_SECONDS: '3600' },
    });
    live = server.demo.liveSessionId ?? '';
    replay = server.demo.replaySessionId ?? '';
    viewer = await actor(server, 'participant', 0, 'remote');
    moderator = await actor(server, 'moderator', 0);
  }, 120_000);

  afterAll(async () => {
    closeAllSockets();
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });

  it('plays the test video from the app as the live stream, whatever the hour', async () => {
    const watch = await getJson(server.url, watchPath(live), SessionWatch, auth());
    expect(watch).toMatchObject({ availability: 'live', replay: null });
    expect(watch.live?.kind).toBe('file');
    const res = await fetch(`${server.url}${watch.live!.url}`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'video/webm']);
    expect(Buffer.from(await res.arrayBuffer()).equals(demoVideo())).toBe(true);
  });

  it('offers the ended plenary’s replay with its seeded timeline and lists it in the catalogue', async () => {
    const watch = await getJson(server.url, watchPath(replay), SessionWatch, auth());
    expect(watch).toMatchObject({ availability: 'replay', live: null });
    expect(
      (await fetch(`${server.url}${watch.replay!.url}`, { headers: { range: 'bytes=0-3' } })).status,
    ).toBe(206);
    const timeline = await getJson(
      server.url,
      `/api/editions/${server.demo.slug}/sessions/${replay}/timeline`,
      ReplayTimeline,
      auth(),
    );
    expect(timeline.items.map((i) => [i.kind, i.offsetSeconds])).toEqual([
      ['question', 10],
      ['poll', 21],
      ['cloud', 41],
    ]);
    const poll = timeline.items[1];
    if (poll?.kind !== 'poll') throw new Error('no poll');
    expect(poll.results).toMatchObject({
      final: true,
      all: { ballots: 14 },
      onsite: { ballots: 7 },
      remote: { ballots: 7 },
    });
    const cloud = timeline.items[2];
    expect(cloud?.kind === 'cloud' && cloud.words[0]).toEqual({ text: 'confiance', count: 3 });
    const catalogue = await getJson(
      server.url,
      `/api/editions/${server.demo.slug}/replays`,
      ReplayCatalogue,
      auth(),
    );
    expect(catalogue.entries.map((e) => e.sessionId)).toEqual([replay]);
  });

  it('records what a moderator puts on screen for the live session’s timeline', async () => {
    const snapshot = await ok(moderator.socket, 'moderation:join', { sessionId: live });
    const poll = snapshot.interactions.polls[0];
    if (!poll) throw new Error('the demo plenary has no poll');
    await ok(moderator.socket, 'poll:open', { pollId: poll.id });
    await ok(moderator.socket, 'screen:show', {
      sessionId: live,
      item: { kind: 'poll', id: poll.id, split: false },
    });
    const timeline = await getJson(
      server.url,
      `/api/editions/${server.demo.slug}/sessions/${live}/timeline`,
      ReplayTimeline,
      auth(),
    );
    expect(timeline.items).toEqual([
      expect.objectContaining({ kind: 'poll', pollId: poll.id, question: poll.question }),
    ]);
    // The live plenary began five minutes before the demo started.
    expect(timeline.items[0]!.offsetSeconds).toBeGreaterThanOrEqual(300);

    // Going live forgets a rehearsal: the poll is a draft again and the screen history is gone.
    const { token } = await loginOrganizer(server.url);
    const res = await fetch(`${server.url}/api/organizer/editions/${server.demo.slug}/go-live`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: server.demo.slug }),
    });
    expect(res.status).toBe(200);
    const after = await getJson(
      server.url,
      `/api/editions/${server.demo.slug}/sessions/${live}/timeline`,
      ReplayTimeline,
      auth(),
    );
    expect(after.items).toEqual([]);
  });

  it('keeps the node’s memory flat while 200 viewers seek in one replay file', async () => {
    const { token } = await loginOrganizer(server.url);
    const big = Buffer.concat([demoVideo(), Buffer.alloc(FILE_BYTES - demoVideo().length, 0x42)]);
    const data = new FormData();
    data.append('file', new Blob([big], { type: 'video/webm' }), 'Replay long.webm');
    const res = await fetch(
      `${server.url}/api/organizer/editions/${server.demo.slug}/sessions/${replay}/video/file`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: data,
      },
    );
    expect(SessionVideoAdmin.parse(await res.json()).file?.size).toBe(FILE_BYTES);
    const url = `${server.url}${(await getJson(server.url, watchPath(replay), SessionWatch, auth())).replay!.url}`;

    const pid = server.child.pid ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rss = watchRss(pid);
    const started = performance.now();
    const crowd = await execFileAsync(
      process.execPath,
      [seeker, url, String(VIEWERS), String(SEEKS), String(CHUNK), String(FILE_BYTES)],
      { maxBuffer: MB },
    );
    const seconds = (performance.now() - started) / 1000;
    const { before: rssBefore, peak } = rss.stop();
    const received = JSON.parse(crowd.stdout) as number[];

    const measured = {
      viewers: VIEWERS,
      seeksEach: SEEKS,
      rangeKB: CHUNK / 1024,
      fileMB: FILE_BYTES / MB,
      totalMB: (VIEWERS * SEEKS * CHUNK) / MB,
      seconds: Number(seconds.toFixed(2)),
      rssBeforeMB: Math.round(rssBefore / MB),
      rssPeakMB: Math.round(peak / MB),
    };
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'replay-seek-load.json'), JSON.stringify(measured, null, 2));
    console.log('replay seek load', JSON.stringify(measured));

    expect(received.every((b) => b === SEEKS * CHUNK)).toBe(true);
    // 500 MB went out in 2,000 ranges; the file whole in memory once per viewer would be 8 GB.
    expect(peak - rssBefore).toBeLessThan(150 * MB);
  }, 180_000);
});
