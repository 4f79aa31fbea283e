import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import {
  animationsSettled,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, ok, type RunningServer } from '../support/server-process.ts';

const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
] as const;
const THEMES = ['dark', 'light', 'contrast', 'edition'] as const;

/** The page as the browser-side functions see it (this Node-side file has no DOM types). */
interface Doc {
  innerHeight: number;
  innerWidth: number;
  getComputedStyle(el: unknown): { fontSize: string; backgroundColor: string; color: string };
  document: {
    querySelector(s: string): { getBoundingClientRect(): Rect; textContent: string } | null;
    body: { innerText: string };
  };
}
interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  height: number;
}

/** Font size of `testId`'s text as a share of the screen's height, and whether it is one whole line in view. */
async function measure(page: Page, testId: string) {
  return page.evaluate((id) => {
    const w = globalThis as unknown as Doc;
    const el = w.document.querySelector(`[data-testid="${id}"]`);
    if (!el) return null;
    const size = Number.parseFloat(w.getComputedStyle(el).fontSize);
    const r = el.getBoundingClientRect();
    return {
      share: size / w.innerHeight,
      oneLine: r.height < size * 1.7,
      inView: r.left >= 0 && r.top >= 0 && r.right <= w.innerWidth && r.bottom <= w.innerHeight,
      box: r,
    };
  }, testId);
}

/**
 * The projector's themes at 16:9 and 4:3: the join address at least 5 % of the screen's height on
 * the join screen and 3 % beside a question, on one line and in view; the black screen; the fade
 * between screens and none with reduced motion. Screenshots under test-results/e2e.
 */
describe('the projector’s themes, join address and black screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let moderator: Actor;
  const contexts: BrowserContext[] = [];
  const screens: { theme: (typeof THEMES)[number]; viewport: (typeof VIEWPORTS)[number]; page: Page }[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    moderator = await actor(server, 'moderator', 0);
    const sessionId = server.demo.plenarySessionId;
    const code = server.demo.codes.find((c) => c.role === 'projector' && c.sessionId === sessionId);
    if (!code) throw new Error('no projector code for the plenary');
    // One context per size, its four themes in pages of it: the later pages load the app's scripts
    // from its cache (a context each: 41-44 s for the file, 32-37 s so; the theme is the address's).
    for (const viewport of VIEWPORTS) {
      const context = await newContext(browser, { viewport, reducedMotion: 'no-preference' });
      contexts.push(context);
      for (const theme of THEMES) {
        const page = await context.newPage();
        await page.goto(
          `${server.url}/e/${server.demo.slug}/projector/${sessionId}?theme=${theme}&code=${code.code}`,
        );
        await page.getByTestId('projector-join').waitFor();
        screens.push({ theme, viewport, page });
      }
    }
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  const shot = (page: Page, name: string, v: { width: number; height: number }) =>
    page.screenshot({ path: join(shots, `projector-${name}-${v.width}x${v.height}.png`) });

  it('shows the join address at 5 % of the height or more, whole, in every theme', async () => {
    for (const { theme, viewport, page } of screens) {
      await animationsSettled(page);
      expect(await page.getByTestId('projector').getAttribute('data-theme')).toBe(theme);
      const address = await measure(page, 'projector-address');
      const where = `${theme} at ${viewport.width}×${viewport.height}`;
      if (theme === 'dark')
        console.info(`join address at ${where}: ${(address!.share * 100).toFixed(1)} % of the height`);
      expect(address?.share, where).toBeGreaterThanOrEqual(0.05);
      expect(address?.oneLine, where).toBe(true);
      expect(address?.inView, where).toBe(true);
      await shot(page, `${theme}-join`, viewport);
    }
  });

  it('draws each theme in its own colours, the edition’s from its record', async () => {
    const colours = new Map<string, string>();
    for (const { theme, page } of screens.filter((s) => s.viewport.width === 1920)) {
      const bg = await page.evaluate(() => {
        const w = globalThis as unknown as Doc;
        return w.getComputedStyle(w.document.querySelector('[data-testid="projector"]')).backgroundColor;
      });
      colours.set(theme, bg);
    }
    expect(colours.get('dark')).toBe('rgb(0, 0, 0)');
    expect(colours.get('light')).toBe('rgb(255, 255, 255)');
    expect(colours.get('contrast')).toBe('rgb(0, 0, 0)');
    // The demo edition never set its look: the default edition colours (#1d3b8b).
    expect(colours.get('edition')).toBe('rgb(29, 59, 139)');
  });

  it('keeps the address at 3 % of the height or more in the corner beside a question', async () => {
    const sessionId = server.demo.plenarySessionId;
    const alice = await actor(server, 'participant', 0, 'onsite');
    const asked = await ok(alice.socket, 'question:ask', {
      sessionId,
      clientId: clientId(),
      text: 'Comment les associations peuvent-elles mieux coopérer avec les collectivités du territoire ?',
      anonymous: false,
    });
    await ok(moderator.socket, 'screen:show', { sessionId, item: { kind: 'question', id: asked.id } });
    for (const { theme, viewport, page } of screens) {
      await page.getByTestId('projector-question').waitFor();
      await animationsSettled(page);
      const where = `${theme} at ${viewport.width}×${viewport.height}`;
      const corner = await measure(page, 'projector-corner-address');
      if (theme === 'dark')
        console.info(`corner address at ${where}: ${(corner!.share * 100).toFixed(1)} % of the height`);
      expect(corner?.share, where).toBeGreaterThanOrEqual(0.03);
      expect(corner?.inView, where).toBe(true);
      // The question ends above the address line.
      const question = await measure(page, 'projector-question');
      expect(question!.box.bottom, where).toBeLessThanOrEqual(corner!.box.top + 1);
      await shot(page, `${theme}-question`, viewport);
    }
  });

  it('goes black on the moderator’s switch on every projector, and comes back to the question', async () => {
    const sessionId = server.demo.plenarySessionId;
    await ok(moderator.socket, 'screen:blackout', { sessionId, on: true });
    for (const { theme, viewport, page } of screens) {
      await page.locator('[data-testid="projector"][data-black="true"]').waitFor();
      const visible = await page.evaluate(
        () => (globalThis as unknown as Doc).document.body.innerText.trim().length,
      );
      expect(visible, `${theme} at ${viewport.width}×${viewport.height}`).toBe(0);
      if (theme === 'light') await shot(page, 'black', viewport);
    }
    await ok(moderator.socket, 'screen:blackout', { sessionId, on: false });
    for (const { page } of screens) {
      await page.locator('[data-testid="projector"][data-black="false"]').waitFor();
      await page.getByTestId('projector-question').waitFor();
    }
  });

  it('fades a new screen in, and not at all with reduced motion', async () => {
    const still = await newContext(browser, { viewport: VIEWPORTS[0], reducedMotion: 'reduce' });
    contexts.push(still);
    const page = await still.newPage();
    const sessionId = server.demo.plenarySessionId;
    const code = server.demo.codes.find((c) => c.role === 'projector' && c.sessionId === sessionId)!;
    await page.goto(`${server.url}/e/${server.demo.slug}/projector/${sessionId}?code=${code.code}`);
    await page.getByTestId('projector-question').waitFor();
    const animation = (p: Page) =>
      p.evaluate(() => {
        const w = globalThis as unknown as Doc;
        const stage = w.document.querySelector('.projector-stage');
        return (w.getComputedStyle(stage) as unknown as { animationName: string }).animationName;
      });
    expect(await animation(page)).toBe('none');
    expect(await animation(screens[0]!.page)).toBe('projector-in');
    await ok(moderator.socket, 'screen:show', { sessionId, item: null });
  });
});
