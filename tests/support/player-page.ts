import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { closeBrowser, launchBrowser } from './browser.ts';
import { startPlayerFixture } from './player-fixture.ts';

// The suite's type-check has no DOM library: what runs in the page is written as expressions.

/** What the harness's player says of itself (`window.player.current.snapshot()`). */
export type PlayerSnapshot = { position: number; playing: boolean; behindLive: number | null };

/** The Player's harness page served (player-fixture.ts) and a Chromium to open it in. */
export interface PlayerHarness {
  url: string;
  /** A context of the harness's browser, closed with it. */
  newContext(): Promise<BrowserContext>;
  /**
   * The harness page showing `query` in a context of its own, with every path it asks for; without
   * MediaSource, as on an iPhone, when asked.
   */
  open(
    query: string,
    options?: { withoutMediaSource?: boolean },
  ): Promise<{ page: Page; requests: string[] }>;
  close(): Promise<void>;
}

/**
 * The harness for a describe block: started before its tests, closed after them. Its `open` and
 * `harness` are for the tests (not before they run).
 */
export function usePlayerHarness(): { harness(): PlayerHarness; open: PlayerHarness['open'] } {
  let harness: PlayerHarness | undefined;
  beforeAll(async () => {
    harness = await startPlayerHarness();
  });
  afterAll(() => harness?.close());
  const started = () => {
    if (!harness) throw new Error('the player harness is not started');
    return harness;
  };
  return { harness: started, open: (query, options) => started().open(query, options) };
}

/**
 * Starts Chromium, then the harness's server while it boots (the fixture's first step, copying or
 * making the media with ffmpeg, holds the event loop).
 */
export async function startPlayerHarness(): Promise<PlayerHarness> {
  const [started, served] = await Promise.allSettled([launchBrowser(), startPlayerFixture()]);
  if (started.status === 'rejected' || served.status === 'rejected') {
    // The caller never gets the one that started to close it.
    if (started.status === 'fulfilled') await started.value.close();
    if (served.status === 'fulfilled') await served.value.close();
    throw started.status === 'rejected' ? started.reason : (served as PromiseRejectedResult).reason;
  }
  const [browser, fixture] = [started.value, served.value];
  const contexts: BrowserContext[] = [];
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    contexts.push(context);
    return context;
  };
  return {
    url: fixture.url,
    newContext,
    async open(query, options = {}) {
      const context = await newContext();
      if (options.withoutMediaSource) {
        await context.addInitScript({
          content: 'delete window.MediaSource; delete window.ManagedMediaSource;',
        });
      }
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(`${fixture.url}/?${query}`);
      return { page, requests };
    },
    async close() {
      await closeBrowser(browser, contexts);
      await fixture.close();
    },
  };
}

/** Waits until the page's `<video>` (as `v`) meets a condition. */
export async function waitVideo(page: Page, condition: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    `(() => { const v = document.querySelector('video'); return !!v && (${condition}); })()`,
    null,
    { timeout },
  );
}

/** Starts playback the way a tap would (muted, so no autoplay rule can refuse it). */
export async function play(page: Page): Promise<void> {
  await waitVideo(page, 'v.readyState >= 1');
  await page.evaluate(
    `(async () => { const v = document.querySelector('video'); v.muted = true; await v.play(); })()`,
  );
}

async function currentTime(page: Page): Promise<number> {
  return page
    .getByTestId('player-video')
    .evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
}

/** Resolves once the video has played on by more than a second. */
export async function advances(page: Page): Promise<void> {
  const before = await currentTime(page);
  await waitVideo(page, `v.currentTime > ${before + 1}`);
}

export const snapshot = (page: Page) =>
  page.evaluate('window.player.current.snapshot()') as Promise<PlayerSnapshot>;
