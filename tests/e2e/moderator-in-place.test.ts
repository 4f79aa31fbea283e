import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, askQuestion, type Actor } from '../support/actors.ts';
import {
  judgeActInTime,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
  watchActAfterChange,
} from '../support/browser.ts';
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
  let colleague: Actor;
  const contexts: BrowserContext[] = [];
  const session = () => server.demo.plenarySessionId;

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    asker = await actor(server, 'participant', 0, 'onsite');
    colleague = await actor(server, 'moderator', 1);
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  async function consoleFor(n: number, sessionId = session()): Promise<Page> {
    const context = await newContext(browser, { viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(
      `${server.url}/e/${server.demo.slug}/moderate/${sessionId}?code=${codeOf(server.demo, 'moderator', n).code}`,
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

  /** The pointer on a question's « Approuver »; returns where it is. */
  async function aimAt(page: Page, id: string): Promise<[number, number]> {
    const box = (await card(page, id).getByTestId('action-approve').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x - 20, y);
    await page.mouse.move(x, y);
    return [x, y];
  }
  const statusOf = async (id: string) => {
    const { qa } = await ok(colleague.socket, 'moderation:join', { sessionId: session() });
    return qa.questions.find((q) => q.id === id)?.status;
  };

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
    const [x, y] = await aimAt(page, first.id);

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
    expect(await statusOf(arrival.id)).toBe('pending');
    expect(await statusOf(first.id)).toBe('approved');

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

  it('does not turn a click on « Approuver » into « Rejeter » when a colleague approved that question just before', async () => {
    await judgeActInTime(async (attempt) => {
      const target = await askQuestion(
        asker,
        session(),
        `Une question que deux personnes modèrent à la fois (${attempt})\u202f?`,
      );
      const page = await consoleFor(0);
      await page.getByTestId('filter-all').click();
      await card(page, target.id).waitFor();
      const [x, y] = await aimAt(page, target.id);
      const approved = `[data-question-id="${target.id}"][data-status="approved"]`;
      const lateness = await watchActAfterChange(page, approved, 'appears');
      // The colleague is faster: where « Approuver » was, « Rejeter » now is.
      await ok(colleague.socket, 'question:moderate', { questionId: target.id, action: 'approve' });
      await page.locator(approved).waitFor();
      await page.mouse.click(x, y);
      await new Promise((r) => setTimeout(r, 500));
      return {
        lateMs: await lateness(),
        judge: async () => expect(await statusOf(target.id)).toBe('approved'),
      };
    });
  });

  it('does not approve the question that slid under the pointer when a colleague took the one aimed at', async () => {
    await judgeActInTime(async (attempt) => {
      const below = await askQuestion(
        asker,
        session(),
        `Une question plus ancienne, encore à lire (${attempt})\u202f?`,
      );
      const aimed = await askQuestion(
        asker,
        session(),
        `Une question que la collègue rejette avant moi (${attempt})\u202f?`,
      );
      const page = await consoleFor(0);
      await card(page, below.id).waitFor();
      const [x, y] = await aimAt(page, aimed.id);
      const lateness = await watchActAfterChange(
        page,
        `[data-testid="mod-question"][data-question-id="${aimed.id}"]`,
        'goes',
      );
      await ok(colleague.socket, 'question:moderate', { questionId: aimed.id, action: 'reject' });
      await card(page, aimed.id).waitFor({ state: 'detached' });
      await page.mouse.click(x, y);
      await new Promise((r) => setTimeout(r, 500));
      return {
        lateMs: await lateness(),
        judge: async () => expect(await statusOf(below.id)).toBe('pending'),
      };
    });
  });

  it('approves one question, not the next one unread, when « a » is pressed twice', async () => {
    await judgeActInTime(async (attempt) => {
      const chosen = await askQuestion(
        asker,
        session(),
        `La question choisie au clavier (${attempt})\u202f?`,
      );
      await askQuestion(asker, session(), `Une question plus récente, au-dessus (${attempt})\u202f?`);
      const page = await consoleFor(0);
      await card(page, chosen.id).waitFor();
      for (let i = 0; i < 20 && (await card(page, chosen.id).getAttribute('aria-current')) !== 'true'; i++) {
        await page.keyboard.press('j');
      }
      expect(await card(page, chosen.id).getAttribute('aria-current')).toBe('true');
      const lateness = await watchActAfterChange(
        page,
        `[data-testid="mod-question"][data-question-id="${chosen.id}"]`,
        'goes',
      );
      await page.keyboard.press('a');
      await card(page, chosen.id).waitFor({ state: 'detached' });
      // The selection fell on the question that took its place, which nobody has read yet.
      const fallen = await page
        .locator('[data-testid="mod-question"][aria-current="true"]')
        .getAttribute('data-question-id');
      expect(fallen).not.toBeNull();
      await page.keyboard.press('a');
      await new Promise((r) => setTimeout(r, 500));
      return {
        lateMs: await lateness(),
        judge: async () => {
          expect(await statusOf(chosen.id)).toBe('approved');
          expect(await statusOf(fallen!)).toBe('pending');
        },
      };
    });
  });

  it('does not close a poll a colleague reopened just before the click on « Rouvrir »', async () => {
    // A workshop: no remote window, a poll closed is closed at once.
    const workshop = server.demo.workshopSessionId;
    await judgeActInTime(async (attempt) => {
      const poll = await ok(colleague.socket, 'poll:create', {
        sessionId: workshop,
        draft: {
          question: `Deux personnes rouvrent ce sondage (${attempt}) ?`,
          kind: 'single',
          options: ['Oui', 'Non'],
        },
      });
      await ok(colleague.socket, 'poll:open', { pollId: poll.id });
      await ok(colleague.socket, 'poll:close', { pollId: poll.id });
      const page = await consoleFor(0, workshop);
      await page.getByTestId('tab-interactions').click();
      const item = (status: string) =>
        `[data-testid="interaction-item"][data-id="${poll.id}"][data-status="${status}"]`;
      const reopen = page.locator(item('closed')).getByTestId('action-open');
      await reopen.waitFor();
      const box = (await reopen.boundingBox())!;
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.move(x - 20, y);
      await page.mouse.move(x, y);
      const lateness = await watchActAfterChange(page, item('open'), 'appears');
      // The colleague is faster: where « Rouvrir » was, « Clore » now is.
      await ok(colleague.socket, 'poll:open', { pollId: poll.id });
      await page.locator(item('open')).waitFor();
      await page.mouse.click(x, y);
      await new Promise((r) => setTimeout(r, 500));
      return {
        lateMs: await lateness(),
        judge: async () => {
          const { interactions } = await ok(colleague.socket, 'moderation:join', { sessionId: workshop });
          expect(interactions.polls.find((p) => p.id === poll.id)?.status).toBe('open');
        },
      };
    });
  });
});
