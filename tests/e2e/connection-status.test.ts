import { join } from 'node:path';
import { limits } from '@agora/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmeEntry, shots, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import { codeOf, type RunningServer } from '../support/server-process.ts';

/** The badge's state, read in the page. */
const badge = (page: Page) => page.getByTestId('connection-state').getAttribute('data-state');

/** Resolves with the time a badge state other than `connected` is first seen. */
async function lostAt(page: Page, timeout: number): Promise<number> {
  await page.locator('[data-testid="connection-state"]:not([data-state="connected"])').waitFor({ timeout });
  return Date.now();
}

describe('the connection badge on a phone', () => {
  let server: RunningServer;
  let browser: Browser;
  let frozen = false;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(async () => {
    if (frozen) server.child.kill('SIGCONT');
    await stopBrowserAndServer(browser, contexts, server);
  });

  async function phone(n: number): Promise<{ context: BrowserContext; page: Page; pings: number[] }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    contexts.push(context);
    const page = await context.newPage();
    // Engine.IO pings are the text frame "2": when each arrived, to freeze the server right after one.
    const pings: number[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        if (f.payload === '2') pings.push(Date.now());
      }),
    );
    const { code } = codeOf(server.demo, 'participant', n, 'onsite');
    await page.goto(`${server.url}/e/${server.demo.slug}?code=${code}`);
    await (await programmeEntry(page, server.demo.plenarySessionId, `connection-status-${n}`)).click();
    await expect.poll(() => badge(page), { timeout: 15_000 }).toBe('connected');
    return { context, page, pings };
  }

  it('stops saying connected within seconds of the browser going offline, and says it again once back', async () => {
    const { context, page } = await phone(0);
    const offAt = Date.now();
    await context.setOffline(true);
    expect((await lostAt(page, 5_000)) - offAt).toBeLessThan(5_000);
    await page.screenshot({ path: join(shots, 'phone-offline-360.png') });
    await context.setOffline(false);
    await expect.poll(() => badge(page), { timeout: 10_000 }).toBe('connected');
  });

  it('stops saying connected within seconds of a missed heartbeat when the network drops silently', async () => {
    const { page, pings } = await phone(1);
    // Freeze the server just after a ping: the socket stays open, nothing arrives any more, as
    // when the venue's access point hangs. Socket.IO alone closes 40 s after that ping.
    const seen = pings.length;
    await expect
      .poll(() => pings.length, { timeout: limits.heartbeatIntervalMs + 5_000 })
      .toBeGreaterThan(seen);
    server.child.kill('SIGSTOP');
    frozen = true;
    const lastPing = pings.at(-1)!;
    const due = lastPing + limits.heartbeatIntervalMs;
    const at = await lostAt(page, limits.heartbeatIntervalMs + 15_000);
    expect(at - due).toBeLessThanOrEqual(limits.heartbeatGraceMs + 2_000);
    expect(at - due).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'phone-heartbeat-missed-360.png') });

    // The server wakes up: its next ping brings the badge back.
    server.child.kill('SIGCONT');
    frozen = false;
    await expect.poll(() => badge(page), { timeout: limits.heartbeatIntervalMs + 10_000 }).toBe('connected');
  });
});
