import { describe, expect, it } from 'vitest';
import { axeScan, serious } from '../support/axe.ts';
import { advances, play, usePlayerHarness } from '../support/player-page.ts';

/**
 * The Player component in Chromium, on media made by ffmpeg for the test: an HLS playlist (through
 * hls.js, and through the browser's own HLS where MediaSource is missing, as on an iPhone), a plain
 * file, an expired signed address, and addresses it cannot play. What it plays is only required to
 * move on by a second within 15 s, which a busy machine does not disturb: the file runs beside
 * the others. Where a position is held to a bound (a seek, a resume point, the live edge), see
 * player-position.test.ts, run alone.
 */
describe('the player', () => {
  const { harness, open } = usePlayerHarness();

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
    const context = await harness().newContext();
    // As on a network that blocks it (or with no internet, as in this test machine).
    await context.route(
      (url) => url.hostname.endsWith('youtube.com'),
      (route) => route.abort(),
    );
    const page = await context.newPage();
    await page.goto(
      `${harness().url}/?kind=youtube&url=${encodeURIComponent('https://www.youtube.com/watch?v=dQw4w9WgXcQ')}`,
    );
    await page.getByTestId('player-fallback').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('player-direct-link').getAttribute('href')).toBe(
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    );
  });
});
