import { describe, expect, it } from 'vitest';
import { advances, play, snapshot, usePlayerHarness, waitVideo } from '../support/player-page.ts';

/**
 * Where the Player is, held to bounds while the video plays in real time: after a seek, at a
 * resume point, from the live edge of a live HLS stream and of a file played live. A timing file
 * (its positions move with the wall clock): it runs alone, in the e2e-timing project.
 */
describe('the player’s position', () => {
  const { open } = usePlayerHarness();

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
});
