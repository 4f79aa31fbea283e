import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, serious } from '../support/axe.ts';
import { closeBrowser, launchBrowser } from '../support/browser.ts';
import { startPlayerFixture, type PlayerFixture } from '../support/player-fixture.ts';

/**
 * The Player component in Chromium, on media made by ffmpeg for the test: an HLS playlist (through
 * hls.js, and through the browser's own HLS where MediaSource is missing, as on an iPhone), a live
 * HLS stream, a plain file, seeking, and addresses it cannot play.
 */
describe('the player', () => {
  let fixture: PlayerFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    fixture = await startPlayerFixture();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    await fixture?.close();
  });

  async function open(
    query: string,
    options: { withoutMediaSource?: boolean } = {},
  ): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    contexts.push(context);
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
  }

  // The suite's type-check has no DOM library: what runs in the page is written as expressions.
  type Snapshot = { position: number; playing: boolean; behindLive: number | null };

  /** Waits until the page's `<video>` (as `v`) meets a condition. */
  async function waitVideo(page: Page, condition: string, timeout = 15_000): Promise<void> {
    await page.waitForFunction(
      `(() => { const v = document.querySelector('video'); return !!v && (${condition}); })()`,
      null,
      {
        timeout,
      },
    );
  }

  /** Starts playback the way a tap would (muted, so no autoplay rule can refuse it). */
  async function play(page: Page): Promise<void> {
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

  async function advances(page: Page): Promise<void> {
    const before = await currentTime(page);
    await waitVideo(page, `v.currentTime > ${before + 1}`);
  }

  const snapshot = (page: Page) => page.evaluate('window.player.current.snapshot()') as Promise<Snapshot>;

  it('plays an HLS playlist through hls.js, loaded only once a playlist is shown', async () => {
    const { page, requests } = await open('kind=hls&url=/vod.m3u8');
    await play(page);
    await advances(page);
    expect(await page.getByTestId('player-video').getAttribute('data-engine')).toBe('hls.js');
    expect(requests.some((p) => p.endsWith('.ts'))).toBe(true);
    const file = await open('kind=file&url=/video.mp4');
    await play(file.page);
    // A page playing a plain file never downloads hls.js.
    expect(file.requests.some((p) => /\/hls[^/]*\.js$/.test(p))).toBe(false);
    expect(requests.some((p) => /\/hls[^/]*\.js$/.test(p))).toBe(true);
  });

  it('plays HLS with the browser’s own player where MediaSource is missing', async () => {
    const { page } = await open('kind=hls&url=/vod.m3u8', { withoutMediaSource: true });
    await play(page);
    await advances(page);
    expect(await page.getByTestId('player-video').getAttribute('data-engine')).toBe('native');
  });

  it('seeks an HLS playlist and a file through its handle', async () => {
    for (const query of ['kind=hls&url=/vod.m3u8', 'kind=file&url=/video.mp4']) {
      const { page } = await open(query);
      await play(page);
      await page.evaluate('window.player.current.seek(31)');
      await waitVideo(page, 'Math.abs(v.currentTime - 31) < 2.5');
      await advances(page);
    }
  });

  it('opens a replay where asked (resume point)', async () => {
    const { page } = await open('kind=file&url=/video.mp4&start=20');
    await waitVideo(page, 'v.currentTime >= 19.9');
  });

  it('tells its distance from the live edge: a live HLS stream and a file played live', async () => {
    const hls = await open('kind=hls&url=/live.m3u8&live=0');
    await play(hls.page);
    await advances(hls.page);
    const behind = (await snapshot(hls.page)).behindLive;
    expect(behind).not.toBeNull();
    expect(behind).toBeGreaterThanOrEqual(0);
    expect(behind).toBeLessThan(20);

    // A file as the live stream of a session that started 25 s ago opens at 25 s.
    const file = await open('kind=file&url=/video.mp4&live=25');
    await waitVideo(file.page, 'v.currentTime >= 24');
    const fileBehind = (await snapshot(file.page)).behindLive;
    expect(fileBehind).not.toBeNull();
    expect(fileBehind).toBeLessThan(5);
  });

  it('shows a message and the direct link for what it cannot play, never a blank frame', async () => {
    for (const [query, path] of [
      ['kind=hls&url=/missing.m3u8', '/missing.m3u8'],
      ['kind=file&url=/missing.mp4', '/missing.mp4'],
      ['kind=file&url=/index.html', '/index.html'],
      ['kind=youtube&url=https://example.org/not-youtube', 'https://example.org/not-youtube'],
    ] as const) {
      const { page } = await open(query);
      const fallback = page.getByTestId('player-fallback');
      await fallback.waitFor({ timeout: 15_000 });
      expect(await fallback.textContent()).toContain('ne peut pas être lue');
      const href = await page.getByTestId('player-direct-link').getAttribute('href');
      expect(href?.endsWith(path)).toBe(true);
      expect(await page.getByTestId('player-video').count()).toBe(0);
    }
  });

  it('asks again for a signed address that expired, and plays the renewed one', async () => {
    const past = Date.now() - 1_000;
    const { page } = await open(
      `kind=file&url=${encodeURIComponent(`/signed/video.mp4?exp=${past}`)}&expires=${past}`,
    );
    await play(page);
    await advances(page);
    expect(await page.evaluate('window.renewals')).toBe(1);
    expect(await page.getByTestId('player-fallback').count()).toBe(0);
  });

  it('has no serious or critical axe violation, playing or showing its fallback', async () => {
    const playing = await open('kind=hls&url=/vod.m3u8');
    await play(playing.page);
    const fallback = await open('kind=file&url=/missing.mp4');
    await fallback.page.getByTestId('player-fallback').waitFor();
    const found = [...(await axeScan(playing.page, 'player')), ...(await axeScan(fallback.page, 'fallback'))];
    expect(found.filter(serious)).toEqual([]);
  });

  it('falls back to the direct link when YouTube cannot be reached', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    // As on a network that blocks it (or with no internet, as in this test machine).
    await context.route(
      (url) => url.hostname.endsWith('youtube.com'),
      (route) => route.abort(),
    );
    const page = await context.newPage();
    await page.goto(
      `${fixture.url}/?kind=youtube&url=${encodeURIComponent('https://www.youtube.com/watch?v=dQw4w9WgXcQ')}`,
    );
    await page.getByTestId('player-fallback').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('player-direct-link').getAttribute('href')).toBe(
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    );
  });
});
