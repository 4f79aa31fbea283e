import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, newContext, startBrowserAndServer } from '../support/browser.ts';
import { joinWithCode } from '../support/http-client.ts';
import { ORGANIZER, createOrganizerCli } from '../support/organizer.ts';
import { codeOf, removeDataDir, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/**
 * On the event day a projector, a moderator or a participant holds a session opened with their code;
 * « Révoquer » and « Nouveau code / Nouveau lien » both end it. One stray click must not do it.
 */
describe('the organizer console asks before ending a code in use', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    await createOrganizerCli(server.dataDir);
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  async function organizer(tab: string): Promise<Page> {
    const context = await newContext(browser, { viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    const orga = await context.newPage();
    await orga.goto(`${server.url}/organizer`);
    await orga.getByTestId('login-email').fill(ORGANIZER.email);
    await orga.getByTestId('login-password').fill(ORGANIZER.password);
    await orga.getByTestId('login-submit').click();
    await orga.getByTestId('organizer-name').waitFor();
    await orga.goto(`${server.url}/organizer/e/${server.demo.slug}/${tab}`);
    await orga.locator('.org-tab-panel').waitFor();
    return orga;
  }

  /** Clicks a row's button, cancels the question it must ask, and checks the code still works. */
  async function clickThenCancel(orga: Page, row: Locator, button: string, code: string) {
    await row.getByRole('button', { name: button, exact: true }).click();
    const dialog = orga.getByTestId('confirm-dialog');
    await dialog.waitFor({ timeout: 3_000 });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'detached' });
    const joined = await joinWithCode(server.url, server.demo.slug, code);
    expect(joined.token).toBeTruthy();
  }

  it('asks before revoking or renewing the code of a projector screen or a moderator, and keeps it when cancelled', async () => {
    const orga = await organizer('team');
    const screenCode = codeOf(server.demo, 'projector').code;
    const moderatorCode = codeOf(server.demo, 'moderator').code;
    const screen = orga.getByTestId('screen-row').filter({ hasText: 'Amphithéâtre Laroque' });
    const moderator = orga.getByTestId('moderator-row').filter({ hasText: 'Modération A' });

    await clickThenCancel(orga, screen, 'Révoquer', screenCode);
    await clickThenCancel(orga, screen, 'Nouveau lien', screenCode);
    await clickThenCancel(orga, moderator, 'Révoquer', moderatorCode);
    await clickThenCancel(orga, moderator, 'Nouveau code', moderatorCode);

    // Confirmed, it happens.
    await moderator.getByRole('button', { name: 'Révoquer', exact: true }).click();
    await orga.getByTestId('confirm-yes').click();
    await eventually(() => moderator.textContent()).toContain('Aucun');
    await screen.getByRole('button', { name: 'Nouveau lien', exact: true }).click();
    await orga.getByTestId('confirm-yes').click();
    await eventually(() => orga.getByTestId('issued-code').count()).toBe(1);
  });

  it('asks before renewing the code of a registrant, and keeps it when cancelled', async () => {
    const orga = await organizer('registrants');
    const { code, name } = codeOf(server.demo, 'participant');
    const row = orga.getByTestId('registrant-row').filter({ hasText: name });
    await clickThenCancel(orga, row, 'Nouveau code', code);
    await row.getByRole('button', { name: 'Nouveau code', exact: true }).click();
    await orga.getByTestId('confirm-yes').click();
    await eventually(() => orga.getByTestId('issued-code').count()).toBe(1);
  });

  it('asks before revoking or erasing a registrant, and does it once confirmed', async () => {
    const orga = await organizer('registrants');
    const revoked = codeOf(server.demo, 'participant', 1);
    const erased = codeOf(server.demo, 'participant', 2);
    const revokedRow = orga.getByTestId('registrant-row').filter({ hasText: revoked.name });
    await clickThenCancel(orga, revokedRow, 'Révoquer', revoked.code);
    await revokedRow.getByRole('button', { name: 'Révoquer', exact: true }).click();
    await orga.getByTestId('confirm-yes').click();
    await eventually(() => joinWithCode(server.url, server.demo.slug, revoked.code).catch(String)).toMatch(
      /join answered 401/,
    );

    const erasedRow = orga.getByTestId('registrant-row').filter({ hasText: erased.name });
    await erasedRow.getByRole('button', { name: 'Effacer', exact: true }).click();
    await orga.getByTestId('confirm-dialog').getByRole('button', { name: 'Annuler' }).click();
    expect((await joinWithCode(server.url, server.demo.slug, erased.code)).token).toBeTruthy();
    await erasedRow.getByRole('button', { name: 'Effacer', exact: true }).click();
    await orga.getByTestId('confirm-yes').click();
    await eventually(() => erasedRow.count()).toBe(0);
  });
});
