import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeasuredDelay, MyAttendance, type WatchBeat } from '@agora/shared';
import { actor, reconnect } from '../support/actors.ts';
import { pdfPages } from '../support/pdf-text.ts';
import { withStoppedStore } from '../support/seed.ts';
import {
  closeAllSockets,
  getJson,
  nextEvent,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// Attendance on a real server: a remote participant watches the live plenary in two tabs, drops
// and reconnects, and is counted once; the moderator sees the measured delay; the participant
// downloads a certificate naming the session.

let server: RunningServer;

beforeAll(async () => {
  const first = await startServer();
  await first.stop();
  await withStoppedStore(first.dataDir, (seed) => seed.runningNow(first.demo.plenarySessionId));
  server = await startServer({ dataDir: first.dataDir });
});

afterAll(async () => {
  closeAllSockets();
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

const MIN = 60_000;

describe('attendance on a real server', () => {
  it('counts a participant once across two tabs and a reconnection, and names the session on their certificate', async () => {
    const sessionId = server.demo.plenarySessionId;
    const beat = (tabId: string, behindLiveSeconds: number | null = null): WatchBeat => ({
      sessionId,
      tabId,
      mode: 'live',
      positionSeconds: 10,
      behindLiveSeconds,
      playing: true,
    });
    const startedAt = Date.now();
    const mod = await actor(server, 'moderator', 0);
    await ok(mod.socket, 'moderation:join', { sessionId });
    const measured = nextEvent(mod.socket, 'delay:measured', (d) => d.viewers >= 1);

    const viewer = await actor(server, 'participant', 0, 'remote');
    const tab2 = await reconnect(server, viewer);
    await ok(viewer.socket, 'session:join', { sessionId });
    await ok(tab2.socket, 'session:join', { sessionId });
    expect(await ok(viewer.socket, 'watch:beat', beat('tab-one-0001', 12))).toEqual({ counted: true });
    expect(await ok(tab2.socket, 'watch:beat', beat('tab-two-0002', 14))).toEqual({ counted: true });
    expect(await ok(viewer.socket, 'watch:beat', beat('tab-one-0001', 12))).toEqual({ counted: false });

    // A dropped connection comes back: its tab's next beat is still too early to count.
    viewer.socket.disconnect();
    const back = await reconnect(server, viewer);
    await ok(back.socket, 'session:join', { sessionId });
    expect(await ok(back.socket, 'watch:beat', beat('tab-one-0001'))).toEqual({ counted: false });

    // One viewer (the same person's two tabs): the last sample stands for them.
    expect(MeasuredDelay.parse(await measured)).toMatchObject({ sessionId, viewers: 1, follow: false });

    const auth = { headers: { authorization: `Bearer ${viewer.token}` } };
    const mine = await getJson(
      server.url,
      `/api/editions/${server.demo.slug}/attendance`,
      MyAttendance,
      auth.headers,
    );
    const elapsedMinutes = Math.floor((Date.now() - startedAt) / MIN) + 2;
    const plenary = mine.sessions.find((s) => s.sessionId === sessionId);
    expect(plenary?.liveMinutes).toBeGreaterThanOrEqual(1);
    // Two tabs, a reconnection and presence ticks, all marking the same minutes: never more than elapsed.
    expect(plenary?.liveMinutes).toBeLessThanOrEqual(elapsedMinutes);
    expect(mine.provisional).toBe(true);

    const res = await fetch(`${server.url}/api/editions/${server.demo.slug}/attendance/certificate`, auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const [page] = await pdfPages(new Uint8Array(await res.arrayBuffer()));
    expect(page).toContain('Attestation de présence');
    expect(page).toContain('PROVISOIRE');
    expect(page?.replace(/\s+/g, ' ')).toContain(plenary?.title.slice(0, 30));

    // A moderator's token has no certificate; nobody's is reachable without a token.
    const modAuth = { headers: { authorization: `Bearer ${mod.token}` } };
    expect(
      (
        await fetch(
          `${server.url}/api/editions/${server.demo.slug}/attendance/certificate?as=moderator`,
          modAuth,
        )
      ).status,
    ).toBe(403);
    expect(
      (await fetch(`${server.url}/api/editions/${server.demo.slug}/attendance/certificate`)).status,
    ).toBe(401);
    // The organizer's report, settings and certificates refuse a participant's token.
    for (const path of ['attendance', 'attendance/certificates', 'attendance/settings']) {
      const url = `${server.url}/api/organizer/editions/${server.demo.slug}/${path}`;
      expect((await fetch(url, auth)).status).toBe(401);
    }
  });
});
