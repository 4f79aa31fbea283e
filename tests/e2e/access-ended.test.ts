import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser, newContext } from '../support/browser.ts';
import { createOrganizerCli, loginOrganizer, organizerApi } from '../support/organizer.ts';
import { removeDataDir, startServer, type RunningServer } from '../support/server-process.ts';

describe('a registrant who comes back after the replay date', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  it('is told the edition’s access has ended, not that the action is not allowed', async () => {
    await createOrganizerCli(server.dataDir);
    const api = organizerApi(server.url, (await loginOrganizer(server.url)).token);
    const created = await api.call('POST', '/api/organizer/editions', {
      slug: 'assises-2025',
      name: 'Assises 2025',
      startDate: '2025-06-24',
      endDate: '2025-06-25',
      replayUntil: '2026-03-25',
    });
    expect(created.status).toBe(200);
    const base = '/api/organizer/editions/assises-2025';
    await api.csv(
      `${base}/registrants/import`,
      'nom;email;mode;organisation\nZoé Martin;zoe@example.org;à distance;AIRe\n',
    );
    const issued = await api.call('POST', `${base}/registrants/codes`, {});
    const code = (issued.body as { codes: { code: string }[] }).codes[0]!.code;

    const context = await newContext(browser, { viewport: { width: 375, height: 812 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/e/assises-2025?code=${code}`);
    const error = page.getByTestId('join-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await error.textContent()).toBe(
      'L’accès à cette édition est terminé\u00a0: ses replays et ses documents ne sont plus disponibles.',
    );
  });
});
