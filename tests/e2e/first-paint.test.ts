import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import type { RunningServer } from '../support/server-process.ts';

/** First contentful paint of the join page on slow 4G with a 4× slower CPU (best of three): the target, reported. */
const FIRST_PAINT_TARGET_MS = 2000;
/**
 * What fails the test: the target plus what a loaded machine adds (a load average of 18 on 2 cores
 * turned 1.9 s into 2.5 s). A change that makes the page clearly slower still fails it; a busy
 * machine alone does not.
 */
const FIRST_PAINT_CEILING_MS = 3000;

/**
 * Chrome DevTools' "Slow 4G" preset (the former "Fast 3G"): 1.6 Mbit/s down and 750 kbit/s up at
 * 90 %, 150 ms × 3.75 of latency added to every request.
 */
const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};

/** The page as the browser-side function sees it (this Node-side file has no DOM types). */
interface FormDocument {
  document: { querySelector(selector: string): unknown };
}

/**
 * The paint of the build the suite serves (`client/dist`, which `npm test` builds before the files
 * run; the size of its first load is bundle-budget.test.ts's). A timing file: it runs alone.
 */
describe('the participant’s first paint', () => {
  let browser: Browser;
  let server: RunningServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(() => stopBrowserAndServer(browser, contexts, server));

  it(`paints the join page on slow 4G with a 4× slower CPU (target ${FIRST_PAINT_TARGET_MS / 1000} s, reported)`, async () => {
    const paints: number[] = [];
    const forms: number[] = [];
    // Three cold loads (a fresh context each: no cache, no service worker). The best one is held
    // to the target: the emulated CPU is 4× slower than this machine's, and other processes on a
    // shared machine only ever add to a run (measured at a load average of 18 on 2 cores: 1.9 s
    // became 2.5 s); the median is reported beside it.
    for (let run = 0; run < 3; run += 1) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      contexts.push(context);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(`${server.url}/e/${server.demo.slug}`, { waitUntil: 'load' });
      // When the form can be typed in (checked each frame, so within a frame of it).
      const form = await page.waitForFunction(() =>
        (globalThis as unknown as FormDocument).document.querySelector('[data-testid="join-code"]')
          ? performance.now()
          : false,
      );
      forms.push((await form.jsonValue()) as number);
      const paint = await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      );
      paints.push(paint);
      await context.close();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] ?? Number.NaN;
    const runs = (values: number[]) => values.map((v) => Math.round(v)).join(', ');
    console.info(
      `join page, slow 4G + 4× CPU: first contentful paint best ${Math.round(Math.min(...paints))} ms, ` +
        `median ${Math.round(median(paints))} ms ` +
        `(runs ${runs(paints)}; target ${FIRST_PAINT_TARGET_MS} ms), ` +
        `join form shown median ${Math.round(median(forms))} ms (runs ${runs(forms)})`,
    );
    expect(Math.min(...paints)).toBeLessThan(FIRST_PAINT_CEILING_MS);
  });
});
