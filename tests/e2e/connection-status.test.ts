import { join } from 'node:path';
import { limits } from '@agora/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newContext,
  programmeEntry,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { actor, openYesNoPoll } from '../support/actors.ts';
import { closeAllSockets, codeOf, type RunningServer } from '../support/server-process.ts';

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
    closeAllSockets();
    if (frozen) server.child.kill('SIGCONT');
    await stopBrowserAndServer(browser, contexts, server);
  });

  async function phone(n: number) {
    const context = await newContext(browser, {
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
    });
    contexts.push(context);
    // The pages' clock flows with the wall clock until a test moves it (page.clock).
    await context.clock.install();
    const page = await context.newPage();
    // When each websocket frame arrived, and which were Engine.IO pings (the text frame "2").
    const frames = Object.assign([] as number[], { pings: [] as number[] });
    let openedAt = 0;
    page.on('websocket', (ws) => {
      openedAt = Date.now();
      ws.on('framereceived', (f) => {
        frames.push(Date.now());
        if (f.payload === '2') frames.pings.push(Date.now());
      });
    });
    const { code } = codeOf(server.demo, 'participant', n, 'onsite');
    await page.goto(`${server.url}/e/${server.demo.slug}?code=${code}`);
    await (await programmeEntry(page, server.demo.plenarySessionId, `connection-status-${n}`)).click();
    await expect.poll(() => badge(page), { timeout: 15_000 }).toBe('connected');
    return {
      context,
      page,
      frames,
      get openedAt() {
        return openedAt;
      },
    };
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

  it('stops saying connected once a heartbeat is a grace late when the network drops silently, and again when something arrives', async () => {
    const { page, frames, openedAt } = await phone(1);
    // Freeze the server: the socket stays open, nothing arrives any more, as when the venue's access
    // point hangs. Socket.IO alone closes pingInterval + pingTimeout (40 s) after the last ping.
    server.child.kill('SIGSTOP');
    frozen = true;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lastHeard = frames.at(-1)!;
    const socketCloses =
      (frames.pings.at(-1) ?? openedAt) + limits.heartbeatIntervalMs + limits.heartbeatTimeoutMs;
    const due = lastHeard + limits.heartbeatIntervalMs + limits.heartbeatGraceMs;
    // The watch is what says it, not the socket closing.
    expect(due + 500).toBeLessThan(socketCloses);
    // The page's clock (flowing with the wall clock until now) jumps to half a second before the
    // heartbeat and its grace are due, then past it: no 25-s wait, and the moment is exact.
    await page.clock.pauseAt(due - 500);
    expect(await badge(page)).toBe('connected');
    await page.clock.runFor(1_000);
    await lostAt(page, 5_000);
    await page.screenshot({ path: join(shots, 'phone-heartbeat-missed-360.png') });

    // The server wakes up: the next thing it sends (a poll opened) brings the badge back, the page's
    // clock still standing (no timer of the page is needed).
    server.child.kill('SIGCONT');
    frozen = false;
    const moderator = await actor(server, 'moderator');
    await openYesNoPoll(moderator, server.demo.plenarySessionId, 'Vous nous entendez\u202f?');
    await expect.poll(() => badge(page), { timeout: 10_000 }).toBe('connected');
    await page.clock.resume();
  });
});
