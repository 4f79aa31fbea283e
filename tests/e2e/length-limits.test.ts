import { join } from 'node:path';
import { limits, ModeratorSnapshot } from '@agora/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { closeBrowser, launchBrowser, newContext, shots } from '../support/browser.ts';
import { createOrganizerCli, ORGANIZER } from '../support/organizer.ts';
import {
  closeAllSockets,
  codeOf,
  ok,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** French words up to exactly `length` characters: a paste from a document, spaces and all. */
function prose(length: number): string {
  const words = 'Comment les associations partenaires seront-elles associées aux décisions du réseau ';
  return words.repeat(Math.ceil(length / words.length)).slice(0, length);
}

/** Long texts in the moderator's and organizer's forms: refused with a counter and a message, never cut. */
describe('over-long texts in the moderator’s and organizer’s forms', () => {
  let server: RunningServer;
  let browser: Browser;
  let participant: Actor;
  let mod: Actor;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    // An organizer account is made by the CLI, through the running server.
    server = await startServer();
    await createOrganizerCli(server.dataDir);
    participant = await actor(server, 'participant', 0, 'onsite');
    mod = await actor(server, 'moderator', 0);
  });

  afterAll(async () => {
    closeAllSockets();
    await closeBrowser(browser, contexts);
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  /**
   * The moderator's laptop, with every command it sends over the socket recorded: « nothing sent »
   * is read from the wire, not guessed from the screen.
   */
  async function moderatorPage(): Promise<{ page: Page; sent: string[] }> {
    const context = await newContext(browser, { viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        // A Socket.IO event frame: 42, the ack id, then ["name", …].
        const match = /^42\d*\["([^"]+)"/.exec(String(payload));
        if (match?.[1]) sent.push(match[1]);
      }),
    );
    const { demo } = server;
    await page.goto(
      `${server.url}/e/${demo.slug}/moderate/${demo.plenarySessionId}?code=${codeOf(demo, 'moderator').code}`,
    );
    return { page, sent };
  }

  /** Puts `text` in a field as a paste does (one input, no key presses). */
  async function paste(page: Page, testId: string, text: string, nth = 0) {
    const field = page.getByTestId(testId).nth(nth);
    await field.click();
    await field.press('ControlOrMeta+a');
    await page.keyboard.insertText(text);
  }

  it('a pasted question edit above 500 characters is kept whole, counted, refused and not sent', async () => {
    const original = `Les personnes à distance pourront-elles voter\u202f? (e2e ${Date.now()})`;
    const asked = await ok(participant.socket, 'question:ask', {
      sessionId: server.demo.plenarySessionId,
      clientId: clientId(),
      text: original,
    });
    const { page, sent } = await moderatorPage();
    await page.getByTestId('filter-all').click();
    const row = page.locator(`[data-testid="mod-question"][data-question-id="${asked.id}"]`);
    await row.getByTestId('action-edit').click();

    const long = `${prose(561)}?`;
    expect(long).toHaveLength(562);
    await paste(page, 'edit-text', long);
    expect(await row.getByTestId('edit-text').inputValue()).toBe(long);
    await row.getByTestId('edit-too-long').waitFor();
    expect(await row.getByTestId('edit-too-long').textContent()).toBe(
      '62\u00a0caractères de trop (au plus 500)\u00a0: raccourcissez ce texte pour l’enregistrer.',
    );
    expect(await row.getByTestId('edit-count').textContent()).toBe('562\u00a0/\u00a0500');
    expect(await row.getByTestId('edit-text').getAttribute('aria-invalid')).toBe('true');
    expect(await row.getByTestId('edit-save').isDisabled()).toBe(true);
    await row
      .locator('form.edit-box')
      .evaluate((form) => (form as unknown as { requestSubmit(): void }).requestSubmit());
    await page.screenshot({ path: join(shots, 'moderator-edit-too-long-1440.png') });

    // Nothing went out, and the stored question is the one asked.
    expect(sent).not.toContain('question:edit');
    const snapshot = ModeratorSnapshot.parse(
      await ok(mod.socket, 'moderation:join', { sessionId: server.demo.plenarySessionId }),
    );
    const stored = snapshot.qa.questions.find((q) => q.id === asked.id);
    expect(stored?.text).toBe(original);
    expect(stored?.edits).toEqual([]);

    // Shortened by hand to the limit, it is saved whole.
    const fitting = long.slice(0, limits.questionMaxLength);
    await paste(page, 'edit-text', fitting);
    expect(await row.getByTestId('edit-too-long').count()).toBe(0);
    await row.getByTestId('edit-save').click();
    await eventually(() => row.getByTestId('mod-question-text').textContent()).toBe(fitting.trim());
    expect(sent).toContain('question:edit');
  });

  it('a pasted poll question above 300 characters and an option above 200 are refused, not cut', async () => {
    const { page, sent } = await moderatorPage();
    await page.getByTestId('tab-interactions').click();
    await page.getByTestId('new-poll').click();

    const question = `${prose(319)}?`;
    await paste(page, 'poll-form-question', question);
    expect(await page.getByTestId('poll-form-question').inputValue()).toBe(question);
    expect(await page.getByTestId('poll-form-question-count').textContent()).toBe('320\u00a0/\u00a0300');
    expect(await page.getByTestId('poll-form-question-too-long').textContent()).toContain(
      '20\u00a0caractères de trop (au plus 300)',
    );
    const option = `${prose(204)}.`;
    await paste(page, 'poll-form-option', option, 0);
    await paste(page, 'poll-form-option', 'Non', 1);
    expect(await page.getByTestId('poll-form-option').nth(0).inputValue()).toBe(option);
    expect(await page.getByTestId('poll-form-option-too-long').textContent()).toContain(
      '5\u00a0caractères de trop (au plus 200)',
    );
    expect(await page.getByTestId('poll-form-save').isDisabled()).toBe(true);
    await page
      .getByTestId('poll-form')
      .evaluate((form) => (form as unknown as { requestSubmit(): void }).requestSubmit());
    await page.screenshot({ path: join(shots, 'poll-form-too-long-1440.png'), fullPage: true });
    expect(sent).not.toContain('poll:create');
    const created = page.getByTestId('interaction-item').filter({ hasText: question.slice(0, 80) });
    expect(await created.count()).toBe(0);

    // Near the limit the counter shows without a message; at the limit the poll is created whole.
    const fitting = question.slice(0, limits.pollQuestionMaxLength);
    await paste(page, 'poll-form-question', fitting);
    await paste(page, 'poll-form-option', option.slice(0, limits.pollOptionMaxLength), 0);
    expect(await page.getByTestId('poll-form-question-count').textContent()).toBe('300\u00a0/\u00a0300');
    expect(await page.getByTestId('poll-form-question-too-long').count()).toBe(0);
    await page.getByTestId('poll-form-save').click();
    await eventually(() => created.getAttribute('data-status')).toBe('draft');
    expect(await created.textContent()).toContain(fitting);
    expect(sent).toContain('poll:create');
  });

  it('an edition name pasted above 200 characters is refused in the organizer console, not cut', async () => {
    const context = await newContext(browser, { viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/organizer`);
    await page.getByTestId('login-email').fill(ORGANIZER.email);
    await page.getByTestId('login-password').fill(ORGANIZER.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('new-edition').click();

    const name = `${prose(206)}.`;
    await paste(page, 'edition-name', name);
    expect(await page.getByTestId('edition-name').inputValue()).toBe(name);
    expect(await page.getByTestId('edition-name-count').textContent()).toBe('207\u00a0/\u00a0200');
    expect(await page.getByTestId('edition-name-too-long').textContent()).toContain(
      '7\u00a0caractères de trop (au plus 200)',
    );
    await page.getByTestId('edition-start').fill('2026-06-24');
    expect(await page.getByTestId('edition-save').isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'organizer-edition-name-too-long-1440.png'), fullPage: true });

    await paste(page, 'edition-name', 'Rencontres associatives 2026');
    expect(await page.getByTestId('edition-name-count').count()).toBe(0);
    expect(await page.getByTestId('edition-save').isDisabled()).toBe(false);
  });
});
