import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, askQuestion, type Actor } from '../support/actors.ts';
import { newContext, shots, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import { closeAllSockets, codeOf, ok, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/**
 * The moderator's pointer on « Approuver » while a participant's question arrives: the queue lists
 * the newest first, and at the top of the page arrivals went straight into the list, so the row
 * under the pointer became the new, unread question (approved by the click meant for another).
 */
describe('the moderator’s queue keeps the row under the pointer', () => {
  let server: RunningServer;
  let browser: Browser;
  let asker: Actor;
  const contexts: BrowserContext[] = [];
  const session = () => server.demo.plenarySessionId;

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    asker = await actor(server, 'participant', 0, 'onsite');
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  async function consoleFor(n: number): Promise<Page> {
    const context = await newContext(browser, { viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(
      `${server.url}/e/${server.demo.slug}/moderate/${session()}?code=${codeOf(server.demo, 'moderator', n).code}`,
    );
    await page.getByTestId('filter-pending').waitFor();
    return page;
  }
  const card = (page: Page, id: string) =>
    page.locator(`[data-testid="mod-question"][data-question-id="${id}"]`);
  /** Which question's card is under the point (x, y) of the page's viewport. */
  const questionAt = (page: Page, x: number, y: number) =>
    page.evaluate(
      ([px, py]) => {
        const doc = globalThis as unknown as {
          document: { elementFromPoint(x: number, y: number): { closest(s: string): unknown } | null };
        };
        const hit = doc.document.elementFromPoint(px, py)?.closest('[data-question-id]') as
          { getAttribute(name: string): string | null } | null | undefined;
        return hit?.getAttribute('data-question-id') ?? null;
      },
      [x, y] as const,
    );

  it('holds an arrival behind the banner while the moderator’s pointer is on a question, then lists it when asked', async () => {
    const first = await askQuestion(
      asker,
      session(),
      'Une question déjà dans la file, que je vais approuver\u202f?',
    );
    const page = await consoleFor(0);
    const approve = card(page, first.id).getByTestId('action-approve');
    await approve.waitFor();
    const box = (await approve.boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x - 20, y);
    await page.mouse.move(x, y);

    const arrival = await askQuestion(asker, session(), 'Une question qui arrive pendant que je vise\u202f?');
    const banner = page.getByTestId('new-questions-banner');
    await banner.waitFor();
    expect(await card(page, arrival.id).count()).toBe(0);
    expect(await questionAt(page, x, y)).toBe(first.id);
    expect(Math.abs((await approve.boundingBox())!.y - box.y)).toBeLessThan(1);
    await page.screenshot({ path: join(shots, 'moderator-arrival-held-1366.png') });

    // The click meant for the first question approves it, not the arrival.
    await page.mouse.click(x, y);
    await eventually(() => card(page, first.id).count()).toBe(0);
    const { qa } = await ok((await actor(server, 'moderator', 1)).socket, 'moderation:join', {
      sessionId: session(),
    });
    expect(qa.questions.find((q) => q.id === arrival.id)?.status).toBe('pending');
    expect(qa.questions.find((q) => q.id === first.id)?.status).toBe('approved');

    // The banner lists the arrival.
    await banner.click();
    await card(page, arrival.id).waitFor();
    await banner.waitFor({ state: 'detached' });
  });

  it('lists an arrival at once for a moderator at the top who is not using the console', async () => {
    const page = await consoleFor(1);
    await page.getByTestId('mod-question').first().waitFor();
    const arrival = await askQuestion(asker, session(), 'Une question qui arrive pendant que je lis\u202f?');
    await card(page, arrival.id).waitFor();
    expect(await page.getByTestId('new-questions-banner').count()).toBe(0);
  });

  it('lists a held arrival once the moderator at the top has stopped using the console', async () => {
    const page = await consoleFor(0);
    const search = page.getByTestId('mod-search');
    const box = (await search.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + 10);
    const arrival = await askQuestion(
      asker,
      session(),
      'Une question qui attend que je lâche la souris\u202f?',
    );
    const banner = page.getByTestId('new-questions-banner');
    await banner.waitFor();
    expect(await card(page, arrival.id).count()).toBe(0);
    // Nothing moves for a few seconds: the console lists it by itself.
    await card(page, arrival.id).waitFor({ timeout: 12_000 });
    await banner.waitFor({ state: 'detached' });
  });
});
