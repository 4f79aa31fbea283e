import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, type Actor } from '../support/actors.ts';
import { axeScan, serious } from '../support/axe.ts';
import {
  enterRoom,
  newContext,
  programmeEntry,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, codeOf, ok, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

// The suite's type-check has no DOM library: what runs in the page is written as expressions.
const videoTime = (page: Page) =>
  page.getByTestId('player-video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);

async function playMuted(page: Page): Promise<void> {
  // Polled from the test (CDP evaluation), not with waitForFunction: its polling evaluates a string
  // inside the page, which the app's CSP (no 'unsafe-eval') refuses.
  await expect
    .poll(() => page.evaluate(`document.querySelector('video')?.readyState ?? 0`), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(1);
  await page.evaluate(
    `(async () => { const v = document.querySelector('video'); v.muted = true; await v.play(); })()`,
  );
}

/**
 * The remote experience end to end on the demo edition: a remote participant watches the live
 * plenary in the room (the video advances, the heartbeat goes), votes beside it without the player
 * moving; an on-site one opens the player on demand; the replay page seeks from its timeline; the
 * catalogue lists the replays. Screenshots at phone and desktop sizes.
 */
describe('a remote participant watches inside the app', () => {
  let server: RunningServer;
  let browser: Browser;
  let mod: Actor;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    mod = await actor(server, 'moderator', 0);
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  async function participant(
    attendance: 'remote' | 'onsite',
    n: number,
    viewport: { width: number; height: number },
  ): Promise<{ page: Page; beats: string[] }> {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    const page = await context.newPage();
    const beats: string[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', (frame) => {
        const text = String(frame.payload);
        if (text.includes('"watch:beat"')) beats.push(text);
      }),
    );
    const { code } = codeOf(server.demo, 'participant', n, attendance);
    await page.goto(`${server.url}/e/${server.demo.slug}?code=${code}`);
    await page.getByTestId('programme-session').first().waitFor();
    return { page, beats };
  }

  it('plays the live plenary beside the interactions, and the player stays put when a poll opens', async () => {
    const session = server.demo.plenarySessionId;
    for (const [viewport, n] of [
      [{ width: 390, height: 844 }, 0],
      [{ width: 1366, height: 768 }, 1],
    ] as const) {
      const { page, beats } = await participant('remote', n, viewport);
      await (await programmeEntry(page, session, `remote-watch-${n}`)).click();
      await page.getByTestId('player-video').waitFor();
      await playMuted(page);
      const before = await videoTime(page);
      await eventually(() => videoTime(page)).toBeGreaterThan(before + 1);

      // The first heartbeat goes when the video plays, with the distance from the live edge.
      await eventually(() => beats.length).toBe(1);
      expect(beats[0]).toMatch(/"mode":"live"/);
      expect(beats[0]).toMatch(/"behindLiveSeconds":\d/);

      const box = await page.getByTestId('player-video').boundingBox();
      const poll = await ok(mod.socket, 'poll:create', {
        sessionId: session,
        draft: {
          question: `Le direct est-il fluide (${viewport.width}) ?`,
          kind: 'single',
          options: ['Oui', 'Non'],
        },
      });
      await ok(mod.socket, 'poll:open', { pollId: poll.id });
      await page.getByTestId('poll-card').first().waitFor();
      expect(await page.getByTestId('player-video').boundingBox()).toEqual(box);
      // A single-choice poll counts the tap: the vote is sent beside the playing video.
      await page.getByTestId('poll-card').first().getByTestId('poll-choice').first().click();
      await page.locator('[data-testid="poll-choice"][aria-pressed="true"]').first().waitFor();
      expect(await page.getByTestId('player-video').boundingBox()).toEqual(box);
      await page.screenshot({ path: join(shots, `remote-room-${viewport.width}.png`) });
      expect((await axeScan(page, `room ${viewport.width}`)).filter(serious)).toEqual([]);
      // Bounded reporting: no second beat within the beat period.
      expect(beats).toHaveLength(1);
      await ok(mod.socket, 'poll:close', { pollId: poll.id });
    }
  });

  it('shows the moderator the remote viewers’ measured delay, and lets the window follow it', async () => {
    const session = server.demo.plenarySessionId;
    const { page: viewer } = await participant('remote', 3, { width: 1366, height: 768 });
    await (await programmeEntry(viewer, session, 'remote-watch-delay')).click();
    await playMuted(viewer);
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const console = await context.newPage();
    await console.goto(
      `${server.url}/e/${server.demo.slug}/moderate/${session}?code=${codeOf(server.demo, 'moderator', 0).code}`,
    );
    const values = console.getByTestId('measured-delay-figures');
    await eventually(() => values.textContent()).toMatch(/médiane \d+/i);
    await console.getByTestId('follow-delay').check();
    await eventually(() => console.getByTestId('follow-delay').isChecked()).toBe(true);
    expect((await axeScan(console, 'moderator with measured delay')).filter(serious)).toEqual([]);
  });

  it('shows an on-site participant the panel alone, with a button that opens the player', async () => {
    const { page } = await participant('onsite', 0, { width: 390, height: 844 });
    await enterRoom(page, server.demo.plenarySessionId, 'remote-watch-onsite');
    await page.getByTestId('ask-text').waitFor();
    expect(await page.getByTestId('player-video').count()).toBe(0);
    await page.getByTestId('toggle-player').click();
    await page.getByTestId('player-video').waitFor();
  });

  it('opens a replay from the catalogue, and a timeline click seeks the video there', async () => {
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1366, height: 768 },
    ]) {
      const { page } = await participant('remote', 2, viewport);
      await page.getByTestId('replays-link').click();
      await page.getByTestId('replay-entry').first().waitFor();
      expect((await axeScan(page, `catalogue ${viewport.width}`)).filter(serious)).toEqual([]);
      await page.getByTestId('replay-open').first().click();
      await page.getByTestId('player-video').waitFor();
      await page.getByTestId('timeline-item').first().waitFor();
      await playMuted(page);
      const sessionId = new URL(page.url()).pathname.split('/').pop() ?? '';
      const watch = (await (
        await page.request.get(`${server.url}/api/editions/${server.demo.slug}/sessions/${sessionId}/watch`)
      ).json()) as { videoStartOffsetSeconds: number };
      const item = page.getByTestId('timeline-item').last();
      const offset = Number(await item.getAttribute('data-offset'));
      await item.getByTestId('timeline-seek').click();
      const target = offset + watch.videoStartOffsetSeconds;
      await eventually(async () => Math.abs((await videoTime(page)) - target) < 2.5).toBe(true);
      await page.screenshot({ path: join(shots, `replay-${viewport.width}.png`) });
      expect((await axeScan(page, `replay ${viewport.width}`)).filter(serious)).toEqual([]);
      // A poll's option wraps between its words, never inside one: at 1366 px the hall and remote
      // columns side by side left « Oui, elle fonctionn|e ».
      const cut = await page.locator('.timeline-bar-label').evaluateAll((elements) =>
        (elements as unknown as Measured[]).flatMap((label) => {
          const words = (label.textContent ?? '').split(/\s+/).filter(Boolean);
          const probe = label.ownerDocument.createElement('span');
          probe.style.whiteSpace = 'nowrap';
          label.append(probe);
          const widest = Math.max(
            ...words.map((w) => {
              probe.textContent = w;
              return probe.getBoundingClientRect().width;
            }),
          );
          probe.remove();
          return widest > label.getBoundingClientRect().width + 0.5 ? [label.textContent] : [];
        }),
      );
      expect(cut, `at ${viewport.width} px`).toEqual([]);
    }
  });
});

/** An element as the browser-side check above sees it (this Node-side file has no DOM types). */
interface Measured {
  textContent: string | null;
  style: { whiteSpace: string };
  ownerDocument: { createElement(tag: string): Measured };
  getBoundingClientRect(): { width: number };
  append(child: Measured): void;
  remove(): void;
}
