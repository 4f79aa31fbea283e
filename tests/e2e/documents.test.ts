import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser, shots } from '../support/browser.ts';
import { codeOf, removeDataDir, startServer, type RunningServer } from '../support/server-process.ts';

/** The demo's documents and partners' village, on a phone and on a desktop. */
describe('documents and the partners’ village', () => {
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

  async function participant(width: number, height: number, n: number): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height },
      deviceScaleFactor: width < 500 ? 2 : 1,
    });
    contexts.push(context);
    const page = await context.newPage();
    const { code } = codeOf(server.demo, 'participant', n);
    await page.goto(`${server.url}/e/${server.demo.slug}?code=${code}`);
    await page.getByTestId('programme-session').first().waitFor();
    return page;
  }

  it('on a phone: finds a document by session, by partner and by search, opens the PDF, and leaves a contact to a partner', async () => {
    let page = await participant(375, 812, 0);
    await page.getByRole('link', { name: 'Documents' }).first().click();
    await page.getByTestId('document-group').first().waitFor();
    const groups = await page.getByTestId('document-group').locator('h2').allTextContents();
    expect(groups[0]).toMatch(/Ouverture|Mot|Table|Intervention|plénière|/);
    expect(await page.getByTestId('document').count()).toBe(5);
    await page.screenshot({ path: join(shots, 'documents-by-session-375.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Par partenaire' }).click();
    expect(await page.getByTestId('document-group').locator('h2').allTextContents()).toEqual(
      expect.arrayContaining([
        'Fondation Horizon Enfance',
        'Coopérative Lien Social',
        'Mutuelle des Solidarités',
      ]),
    );
    await page.getByTestId('document-search').fill('horizon');
    await expect.poll(() => page.getByTestId('document').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'documents-search-375.png'), fullPage: true });

    const pdf = page.waitForResponse((r) => r.url().includes('/api/files/document/'));
    await page.getByRole('button', { name: 'Ouvrir' }).click();
    const answer = await pdf;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('application/pdf');
    expect(answer.headers()['x-content-type-options']).toBe('nosniff');
    // Chromium swaps the body for its viewer's page: the signed address is read again, as any holder may.
    const bytes = Buffer.from(await (await fetch(answer.url())).arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The PDF replaced the app in that tab (headless Chromium hands it to its viewer): a new tab goes on.
    page = await page.context().newPage();

    await page.goto(`${server.url}/e/${server.demo.slug}/partenaires`);
    await page.getByTestId('partner').first().waitFor();
    await expect
      .poll(() =>
        page
          .locator('.partner-logo')
          .evaluateAll((imgs) => imgs.map((i) => (i as { naturalWidth: number }).naturalWidth)),
      )
      .toEqual([240, 240, 240]);
    await page.screenshot({ path: join(shots, 'village-375.png'), fullPage: true });
    await page.getByRole('link', { name: 'Coopérative Lien Social' }).click();
    await page.getByTestId('partner-page').waitFor();
    const send = page.getByRole('button', { name: 'Envoyer mes coordonnées' });
    expect(await send.isDisabled()).toBe(true);
    await page.getByRole('checkbox').check();
    await send.click();
    await page.getByTestId('contact-left').waitFor();
    await page.screenshot({ path: join(shots, 'partner-page-375.png'), fullPage: true });
  });

  it('in the workshop room: that session’s documents', async () => {
    const page = await participant(375, 812, 1);
    await page.goto(`${server.url}/e/${server.demo.slug}/s/${server.demo.workshopSessionId}`);
    await page.getByTestId('session-documents').waitFor();
    expect(await page.getByTestId('session-documents').getByTestId('document').allTextContents()).toEqual([
      expect.stringContaining('Synthèse de l’atelier 1'),
    ]);
    await page
      .getByTestId('session-documents')
      .screenshot({ path: join(shots, 'session-documents-375.png') });
  });

  it('on a desktop: the documents and the village', async () => {
    const page = await participant(1280, 800, 2);
    await page.goto(`${server.url}/e/${server.demo.slug}/documents`);
    await page.getByTestId('document-group').first().waitFor();
    await page.screenshot({ path: join(shots, 'documents-1280.png'), fullPage: true });
    await page.goto(`${server.url}/e/${server.demo.slug}/partenaires`);
    await page.getByTestId('partner').first().waitFor();
    await page.screenshot({ path: join(shots, 'village-1280.png'), fullPage: true });
  });
});
