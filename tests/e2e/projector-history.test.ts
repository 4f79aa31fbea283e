import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { axeScan, serious } from '../support/axe.ts';
import {
  animationsSettled,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, codeOf, ok, type RunningServer } from '../support/server-process.ts';

/** The page as the browser-side function sees it (this Node-side file has no DOM types). */
interface Doc {
  innerHeight: number;
  innerWidth: number;
  getComputedStyle(el: unknown): { fontSize: string };
  document: {
    querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { bottom: number; right: number } }>;
  };
}

/**
 * The end of a plenary: the moderator's balance counts every question put on screen (and none
 * answered off screen), and one button puts the session's question history on the projector, hall
 * and remote apart, readable at 1920×1080 (every line 3 % of the height or more, all in view).
 */
describe('the question history on the projector', () => {
  let server: RunningServer;
  let browser: Browser;
  let mod: Actor;
  let consolePage: Page;
  const projectors: { page: Page; width: number; height: number }[] = [];
  const contexts: BrowserContext[] = [];
  const shown = { onsite: [] as string[], remote: [] as string[] };

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    mod = await actor(server, 'moderator', 1);
    const sessionId = server.demo.plenarySessionId;
    const hall = await actor(server, 'participant', 0, 'onsite');
    const remote = await actor(server, 'participant', 1, 'remote');
    const ask = async (who: Actor, text: string) =>
      (await ok(who.socket, 'question:ask', { sessionId, clientId: clientId(), text, anonymous: false })).id;
    shown.onsite.push(await ask(hall, 'Quel budget pour la mobilité rurale cette année ?'));
    shown.remote.push(await ask(remote, 'Les personnes à distance pourront-elles voter aussi ?'));
    shown.onsite.push(
      await ask(
        hall,
        'Comment les associations peuvent-elles mieux coopérer avec les collectivités du territoire, et avec quels moyens ?',
      ),
    );
    shown.remote.push(await ask(remote, 'Le replay sera-t-il sous-titré ?'));
    shown.onsite.push(await ask(hall, 'Les bénévoles auront-ils une formation ?'));
    for (const id of [shown.onsite[0], shown.remote[0], shown.onsite[1], shown.remote[1], shown.onsite[2]]) {
      await ok(mod.socket, 'screen:show', { sessionId, item: { kind: 'question', id: id! } });
    }
    await ok(mod.socket, 'screen:show', { sessionId, item: null });

    const modContext = await newContext(browser, { viewport: { width: 1366, height: 768 } });
    contexts.push(modContext);
    consolePage = await modContext.newPage();
    await consolePage.goto(
      `${server.url}/e/${server.demo.slug}/moderate/${sessionId}?code=${codeOf(server.demo, 'moderator', 0).code}`,
    );
    await consolePage.getByTestId('filter-pending').waitFor();
    const code = server.demo.codes.find((c) => c.role === 'projector' && c.sessionId === sessionId)!;
    for (const [viewport, theme] of [
      [{ width: 1920, height: 1080 }, 'dark'],
      [{ width: 1024, height: 768 }, 'light'],
    ] as const) {
      const context = await newContext(browser, { viewport });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(
        `${server.url}/e/${server.demo.slug}/projector/${sessionId}?theme=${theme}&code=${code.code}`,
      );
      await page.getByTestId('projector-join').waitFor();
      projectors.push({ page, ...viewport });
    }
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  it('counts every question put on screen, and not one answered off screen', async () => {
    const counts = consolePage.getByTestId('balance-counts');
    await expect.poll(() => counts.getAttribute('data-onsite')).toBe('3');
    expect(await counts.getAttribute('data-remote')).toBe('2');
    const hall = await actor(server, 'participant', 2, 'onsite');
    const offScreen = await ok(hall.socket, 'question:ask', {
      sessionId: server.demo.plenarySessionId,
      clientId: clientId(),
      text: 'Une question répondue sans passer à l’écran ?',
      anonymous: false,
    });
    await ok(mod.socket, 'question:moderate', { questionId: offScreen.id, action: 'approve' });
    await ok(mod.socket, 'question:moderate', { questionId: offScreen.id, action: 'answer' });
  });

  it('puts the history on the projectors from the console, hall and remote apart, readable from afar', async () => {
    await consolePage.getByTestId('show-history').click();
    await consolePage
      .getByTestId('mod-on-screen-text')
      .filter({ hasText: 'Historique des questions' })
      .waitFor();
    // The console holds the answer (its filter counts it): still 3, where the old counter
    // (answered, or on screen now) said 4.
    await expect.poll(() => consolePage.getByTestId('filter-answered').textContent()).toContain('1');
    expect(await consolePage.getByTestId('balance-counts').getAttribute('data-onsite')).toBe('3');
    for (const { page, width, height } of projectors) {
      const where = `${width}×${height}`;
      await page.getByTestId('projector-history').waitFor();
      await animationsSettled(page);
      expect(await page.getByTestId('projector-history-onsite').getAttribute('data-count'), where).toBe('3');
      expect(await page.getByTestId('projector-history-remote').getAttribute('data-count'), where).toBe('2');
      const hallIds = await page
        .locator('[data-testid="projector-history-onsite"] li')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-question-id')));
      expect(hallIds, where).toEqual(shown.onsite);
      const measured = await page.evaluate(() => {
        const w = globalThis as unknown as Doc;
        const items = Array.from(w.document.querySelectorAll('.projector-history-item'));
        return {
          smallest:
            Math.min(...items.map((el) => Number.parseFloat(w.getComputedStyle(el).fontSize))) /
            w.innerHeight,
          inView: items.every((el) => {
            const r = el.getBoundingClientRect();
            return r.bottom <= w.innerHeight && r.right <= w.innerWidth;
          }),
        };
      });
      console.info(`history lines at ${where}: ${(measured.smallest * 100).toFixed(1)} % of the height`);
      expect(measured.smallest, where).toBeGreaterThanOrEqual(0.03);
      expect(measured.inView, where).toBe(true);
      await page.screenshot({ path: join(shots, `projector-history-${width}x${height}.png`) });
      const findings = (await axeScan(page, `projector history ${where}`)).filter(serious);
      expect(findings, where).toEqual([]);
    }
    await consolePage.screenshot({ path: join(shots, 'moderator-history-1366x768.png'), fullPage: true });
  });

  it('lists six questions a side, counts the rest, and stays readable', async () => {
    const sessionId = server.demo.plenarySessionId;
    const hall = await actor(server, 'participant', 3, 'onsite');
    for (let i = 1; i <= 5; i++) {
      const q = await ok(hall.socket, 'question:ask', {
        sessionId,
        clientId: clientId(),
        text: `Question de la salle numéro ${i} : une question assez longue pour tenir sur deux lignes ?`,
        anonymous: false,
      });
      await ok(mod.socket, 'screen:show', { sessionId, item: { kind: 'question', id: q.id } });
    }
    await ok(mod.socket, 'screen:show', { sessionId, item: { kind: 'history', id: sessionId } });
    const { page, width, height } = projectors[0]!;
    const hallSide = page.getByTestId('projector-history-onsite');
    await expect.poll(() => hallSide.getAttribute('data-count')).toBe('8');
    expect(await hallSide.locator('li').count()).toBe(6);
    expect(await hallSide.getByTestId('projector-history-more').textContent()).toBe('+ 2 autres questions');
    await animationsSettled(page);
    const smallest = await page.evaluate(() => {
      const w = globalThis as unknown as Doc;
      const items = Array.from(w.document.querySelectorAll('.projector-history-item'));
      return (
        Math.min(...items.map((el) => Number.parseFloat(w.getComputedStyle(el).fontSize))) / w.innerHeight
      );
    });
    console.info(
      `history lines with 8 hall questions (6 listed) at ${width}×${height}: ${(smallest * 100).toFixed(1)} %`,
    );
    expect(smallest).toBeGreaterThanOrEqual(0.03);
    await page.screenshot({ path: join(shots, `projector-history-full-${width}x${height}.png`) });
  });
});
