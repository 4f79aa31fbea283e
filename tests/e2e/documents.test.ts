import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, shots, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import { codeOf, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** The demo's documents and partners' village, on a phone and on a desktop. */
describe('documents and the partners’ village', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(() => stopBrowserAndServer(browser, contexts, server));

  async function participant(width: number, height: number, n: number): Promise<Page> {
    const context = await newContext(browser, {
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
    const page = await participant(375, 812, 0);
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

    // « Ouvrir » reads the PDF in the app: pdf.js draws its pages (a phone's browser might only download it).
    await page.getByRole('button', { name: 'Ouvrir' }).click();
    const viewer = page.getByTestId('pdf-viewer');
    await eventually(() => viewer.getAttribute('data-pages')).toBe('1');
    // Drawn to the width of the page at the phone's pixel density (2).
    const widths = (await viewer
      .locator('canvas')
      .evaluateAll((c) => c.map((e) => (e as unknown as { width: number }).width))) as number[];
    expect(widths).toHaveLength(1);
    expect(widths[0]).toBeGreaterThan(600);
    await page.screenshot({ path: join(shots, 'pdf-in-app-375.png'), fullPage: true });
    // The file itself, as the signed address serves it.
    const link = await page.evaluate(
      `fetch('/api/editions/${server.demo.slug}/documents/' + location.pathname.split('/').pop() + '/link').then((r) => r.json())`,
    );
    const answer = await fetch(`${server.url}${(link as { url: string }).url}`);
    expect([
      answer.status,
      answer.headers.get('content-type'),
      answer.headers.get('x-content-type-options'),
    ]).toEqual([200, 'application/pdf', 'nosniff']);
    expect(
      Buffer.from(await answer.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

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
