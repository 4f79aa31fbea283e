import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchBeat } from '@agora/shared';
import { closeBrowser, launchBrowser, newContext, shots } from '../support/browser.ts';
import { ORGANIZER, createOrganizerCli } from '../support/organizer.ts';
import { pdfPages } from '../support/pdf-text.ts';
import { withStoppedStore } from '../support/seed.ts';
import {
  closeAllSockets,
  codeOf,
  connect,
  joinWithCode,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T, timeout = 15_000) =>
  expect.poll(read, { timeout, interval: 250 });

/**
 * Attendance in the browser: a remote participant sits in the live plenary's room and downloads
 * their certificate; the moderator sees the viewers' measured delay and lets the window follow it;
 * the organizer reads the attendance tab.
 */
describe('attendance, measured delay and certificates in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const first = await startServer();
    await first.stop();
    await createOrganizerCli(first.dataDir);
    await withStoppedStore(first.dataDir, (seed) => seed.runningNow(first.demo.plenarySessionId));
    server = await startServer({ dataDir: first.dataDir });
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    closeAllSockets();
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  async function open(width: number, height: number, path: string): Promise<Page> {
    const context = await newContext(browser, {
      viewport: { width, height },
      deviceScaleFactor: width < 500 ? 2 : 1,
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }

  it('counts a participant in the live room and gives them a certificate naming the session', async () => {
    const { slug, plenarySessionId } = server.demo;
    const { code } = codeOf(server.demo, 'participant', 1, 'remote');
    const page = await open(375, 812, `/e/${slug}?code=${code}`);
    await page.getByTestId('programme-session').first().waitFor();
    await page.goto(`${server.url}/e/${slug}/s/${plenarySessionId}`);
    // Presence is sampled every 20 s: the first sample marks this minute.
    await eventually(async () => {
      const mine = (await page.evaluate(
        `fetch('/api/editions/${slug}/attendance').then((r) => r.json())`,
      )) as {
        sessions: { sessionId: string; liveMinutes: number }[];
      };
      return mine.sessions.find((s) => s.sessionId === plenarySessionId)?.liveMinutes ?? 0;
    }, 30_000).toBeGreaterThanOrEqual(1);

    await page.goto(`${server.url}/e/${slug}/programme`);
    const link = page.getByTestId('certificate-link');
    await link.waitFor();
    await page.screenshot({ path: join(shots, 'attendance-programme-375.png'), fullPage: false });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const pdf = await readFile(await download.path());
    const [text] = await pdfPages(new Uint8Array(pdf));
    expect(text).toContain('Attestation de présence');
    expect(text).toContain('PROVISOIRE');
    const title = await page
      .locator(`[data-session-id="${plenarySessionId}"] .session-title`)
      .first()
      .textContent();
    expect(text?.replace(/\s+/g, ' ')).toContain((title ?? '').trim().slice(0, 25));
  }, 60_000);

  it('shows the moderator the viewers’ delay and lets the remote window follow it', async () => {
    const { slug, plenarySessionId: sessionId } = server.demo;
    const moderator = codeOf(server.demo, 'moderator', 0).code;
    const page = await open(1440, 900, `/e/${slug}/moderate/${sessionId}?code=${moderator}`);
    await page.getByTestId('measured-delay').waitFor();

    // Three remote viewers' players report how far behind the live edge they are.
    for (const [n, behind] of [
      [2, 8],
      [3, 11],
      [4, 17.4],
    ] as const) {
      const { token } = await joinWithCode(server.url, slug, codeOf(server.demo, 'participant', n).code);
      const socket = await connect(server.url, token);
      const beat: WatchBeat = {
        sessionId,
        tabId: `e2e-tab-${n}`,
        mode: 'live',
        positionSeconds: 100,
        behindLiveSeconds: behind,
        playing: true,
      };
      expect(await ok(socket, 'watch:beat', beat)).toEqual({ counted: true });
    }
    await eventually(() => page.getByTestId('measured-delay-figures').textContent()).toContain(
      '3 spectateurs',
    );
    expect(await page.getByTestId('measured-delay-figures').textContent()).toContain('médiane 11');
    await page.getByTestId('follow-delay').check();
    // The p90 (17.4 s) rounded up: the window moves to 18 s.
    await eventually(() => page.getByTestId('delay-input').inputValue()).toBe('18');
    await page.screenshot({ path: join(shots, 'attendance-moderator-delay-1440.png'), fullPage: false });
    // A console opened now starts from the snapshot: figures and the switch at once, not 30 s later.
    await page.reload();
    await page.getByTestId('measured-delay').waitFor();
    await eventually(() => page.getByTestId('follow-delay').isChecked()).toBe(true);
    expect(await page.getByTestId('measured-delay-figures').textContent()).toContain('3 spectateurs');
  });

  it('lists attendance for the organizer, with exports and the bulk certificates', async () => {
    const page = await open(1440, 900, '/organizer');
    await page.getByTestId('login-email').fill(ORGANIZER.email);
    await page.getByTestId('login-password').fill(ORGANIZER.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('organizer-name').waitFor();
    await page.goto(`${server.url}/organizer/e/${server.demo.slug}/attendance`);
    await page.getByTestId('attendance-tab').waitFor();
    await eventually(() =>
      page.getByTestId('attendance-people').locator('tbody tr').count(),
    ).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(shots, 'attendance-organizer-1440.png'), fullPage: true });
    const href = await page.getByTestId('attendance-certificates').getAttribute('href');
    const pages = (await page.evaluate(
      `fetch(${JSON.stringify(href)}).then((r) => r.arrayBuffer()).then((b) => [...new Uint8Array(b)])`,
    )) as number[];
    const texts = await pdfPages(new Uint8Array(pages));
    expect(texts.length).toBeGreaterThanOrEqual(1);
    expect(texts[0]).toContain('Attestation de présence');
  });
});
