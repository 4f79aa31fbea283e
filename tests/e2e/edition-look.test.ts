import { join } from 'node:path';
import { OrganizerEdition } from '@agora/shared';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser, newContext, shots } from '../support/browser.ts';
import { ORGANIZER, loginOrganizer, organizerApi, startServerWithOrganizer } from '../support/organizer.ts';
import { removeDataDir, type RunningServer } from '../support/server-process.ts';

const SLUG = 'look-e2e';
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The organizer sets the projectors' theme, colours and logo in the edition's settings. */
describe('the edition’s projector look in the organizer console', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const started = await startServerWithOrganizer();
    server = started.server;
    await started.api.ok(OrganizerEdition, 'POST', '/api/organizer/editions', {
      slug: SLUG,
      name: 'Look',
      startDate: '2026-06-24',
      endDate: '2026-06-25',
    });
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  it('saves the theme, colours and logo, warns of an accent that does not stand out', async () => {
    const context = await newContext(browser, { viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/organizer`);
    await page.getByTestId('login-email').fill(ORGANIZER.email);
    await page.getByTestId('login-password').fill(ORGANIZER.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('organizer-name').waitFor();
    await page.goto(`${server.url}/organizer/e/${SLUG}/settings`);
    const look = page.getByTestId('edition-look');
    await look.waitFor();
    await page.getByTestId('look-theme').selectOption('edition');
    const [background, accent] = [
      look.locator('input[type="color"]').nth(0),
      look.locator('input[type="color"]').nth(1),
    ];
    await background.fill('#ffffff');
    await accent.fill('#ffff66');
    await look.getByRole('status').waitFor();
    await accent.fill('#0b3d2e');
    await page
      .getByTestId('look-logo')
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await look.locator('img').waitFor();
    await page.screenshot({ path: join(shots, 'organizer-edition-look-1366.png'), fullPage: true });
    await page.getByTestId('edition-save').click();

    const api = organizerApi(server.url, (await loginOrganizer(server.url)).token);
    await expect
      .poll(
        async () =>
          (await api.ok(OrganizerEdition, 'PATCH', `/api/organizer/editions/${SLUG}`, {})).projector,
      )
      .toEqual({
        theme: 'edition',
        background: '#ffffff',
        accent: '#0b3d2e',
        logo: `data:image/png;base64,${PNG.toString('base64')}`,
      });
  });
});
