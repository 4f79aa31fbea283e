import { join } from 'node:path';
import { frenchSpacing } from '@agora/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, newContext, shots, startBrowserAndServer } from '../support/browser.ts';
import { ORGANIZER, createOrganizerCli } from '../support/organizer.ts';
import { codeOf, removeDataDir, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** A small PDF, as a speaker's slides would start. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

describe('the organizer uploads a PDF for a workshop and a partner; a participant finds it', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    // The organizer account is made by the CLI, through the running server.
    await createOrganizerCli(server.dataDir);
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  async function open(width: number, height: number, path: string): Promise<Page> {
    const context = await newContext(browser, {
      viewport: { width, height },
      deviceScaleFactor: width < 500 ? 2 : 1,
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }

  async function organizer(path: string): Promise<Page> {
    const orga = await open(1280, 900, '/organizer');
    await orga.getByTestId('login-email').fill(ORGANIZER.email);
    await orga.getByTestId('login-password').fill(ORGANIZER.password);
    await orga.getByTestId('login-submit').click();
    await eventually(() => orga.getByTestId('organizer-name').textContent()).toContain(ORGANIZER.name);
    await orga.goto(`${server.url}/organizer/e/${server.demo.slug}/${path}`);
    return orga;
  }

  it('uploads with per-file results (a renamed program refused), then the participant finds it by session, partner and search', async () => {
    const orga = await organizer('content');
    await orga.getByTestId('content-tab').waitFor();
    await eventually(() => orga.getByTestId('partner-row').count()).toBe(3);

    await orga.getByTestId('upload-files').setInputFiles([
      { name: 'Compte rendu atelier 2.pdf', mimeType: 'application/pdf', buffer: PDF },
      {
        name: 'programme.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from([0x4d, 0x5a, ...Array(300).fill(0)]),
      },
    ]);
    const workshop = orga.getByTestId('upload-session');
    const workshopTitle = await workshop
      .locator(`option[value="${server.demo.workshopSessionId}"]`)
      .textContent();
    await workshop.selectOption(server.demo.workshopSessionId);
    await orga.getByTestId('upload-partner').selectOption({ label: 'Mutuelle des Solidarités' });
    await orga.getByRole('button', { name: 'Envoyer' }).click();
    await orga.getByTestId('upload-results').waitFor();
    expect(
      await orga
        .getByTestId('upload-results')
        .locator('li')
        .evaluateAll((li) => li.map((l) => l.getAttribute('data-ok'))),
    ).toEqual(['true', 'false']);
    expect(await orga.getByTestId('upload-results').textContent()).toContain('Type de fichier refusé');
    await eventually(() =>
      orga.getByTestId('document-row').filter({ hasText: 'Compte rendu atelier 2' }).count(),
    ).toBe(1);
    await orga.screenshot({ path: join(shots, 'organizer-documents-1280.png'), fullPage: true });

    const { code } = codeOf(server.demo, 'participant', 3);
    const phone = await open(375, 812, `/e/${server.demo.slug}?code=${code}`);
    await phone.getByTestId('programme-session').first().waitFor();
    await phone.goto(`${server.url}/e/${server.demo.slug}/documents`);
    const group = phone.getByTestId('document-group').filter({ hasText: workshopTitle ?? '' });
    await eventually(() =>
      group.getByTestId('document').filter({ hasText: 'Compte rendu atelier 2' }).count(),
    ).toBe(1);
    await phone.getByRole('tab', { name: 'Par partenaire' }).click();
    const partner = phone.getByTestId('document-group').filter({ hasText: 'Mutuelle des Solidarités' });
    expect(await partner.getByTestId('document').filter({ hasText: 'Compte rendu atelier 2' }).count()).toBe(
      1,
    );
    await phone.getByTestId('document-search').fill('compte rendu');
    await eventually(() => phone.getByTestId('document').count()).toBe(1);
    await phone.screenshot({ path: join(shots, 'documents-found-375.png'), fullPage: true });

    // The participant opens the document, visits the partner's page and leaves a contact; the report counts it.
    const opened = phone.waitForResponse((r) => r.url().includes('/link'));
    await phone.getByRole('button', { name: 'Ouvrir' }).click();
    await opened;
    // Another tab of the same phone.
    const visit = await phone.context().newPage();
    await visit.goto(`${server.url}/e/${server.demo.slug}/partenaires`);
    await visit.getByRole('link', { name: 'Mutuelle des Solidarités' }).click();
    await visit.getByTestId('partner-page').waitFor();
    await visit.getByRole('checkbox').check();
    await visit.getByRole('button', { name: 'Envoyer mes coordonnées' }).click();
    await visit.getByTestId('contact-left').waitFor();

    await orga.reload();
    const card = orga.getByTestId('partner-report-card').filter({ hasText: 'Mutuelle des Solidarités' });
    // French spacing before « : », and French plurals (0 and 1 are singular).
    await eventually(() => card.textContent()).toMatch(
      /Visites de la page\u00a0: 1 · Contacts laissés\u00a0: 1/,
    );
    expect(await card.textContent()).toContain('Compte rendu atelier 2 — 1 ouverture, 0 téléchargement');
    await orga.emulateMedia({ media: 'print' });
    await orga.screenshot({ path: join(shots, 'partner-report-print-1280.png'), fullPage: true });
  });

  it('shows titles and names typed with « ? ! : » with no-break spaces in the organizer’s tables and the participant’s pages, and keeps the typed text in the edit field', async () => {
    // As the French interface shows them; what is stored keeps the author's plain spaces.
    const shown = (text: string) => frenchSpacing(text, { addMissing: true });
    const partnerName = 'Réseau « Tiers-lieux » : et demain ?';
    const documentTitle = 'Synthèse « mobilités » !';
    expect(shown(partnerName)).toBe('Réseau «\u00a0Tiers-lieux\u00a0»\u00a0: et demain\u202f?');

    // The programme's timeline shows the demo workshop's title (« territoires : retours ») spaced;
    // its edit field holds the title as stored.
    const orga = await organizer('programme');
    const workshop = orga.locator(
      `[data-testid="timeline-session"][data-session-id="${server.demo.workshopSessionId}"]`,
    );
    await workshop.waitFor();
    await workshop.click();
    const stored = await orga.getByTestId('session-title').inputValue();
    expect(stored).toContain('territoires : retours');
    expect(await workshop.locator('.timeline-title').textContent()).toBe(shown(stored));
    expect(await workshop.getAttribute('title')).toBe(shown(stored));
    expect(shown(stored)).not.toBe(stored);
    await orga.keyboard.press('Escape');
    await orga.getByTestId('session-dialog').waitFor({ state: 'detached' });

    // A partner typed in the form, and a document for it whose file name has « » and !.
    await orga.goto(`${server.url}/organizer/e/${server.demo.slug}/content`);
    const form = orga.getByTestId('partner-form');
    await form.getByRole('textbox').first().fill(partnerName);
    await form.getByRole('button').click();
    const row = orga.getByTestId('partner-row').filter({ hasText: 'Tiers-lieux' });
    await eventually(() => row.locator('strong').textContent()).toBe(shown(partnerName));
    await orga
      .getByTestId('upload-files')
      .setInputFiles([{ name: `${documentTitle}.pdf`, mimeType: 'application/pdf', buffer: PDF }]);
    // The partner's option reads as shown elsewhere.
    await orga.getByTestId('upload-partner').selectOption({ label: shown(partnerName) });
    await orga.getByRole('button', { name: 'Envoyer' }).click();
    const documentRow = orga.getByTestId('document-row').filter({ hasText: 'mobilités' });
    await eventually(() => documentRow.locator('td').first().textContent()).toBe(shown(documentTitle));
    expect(await documentRow.locator('td').nth(2).textContent()).toBe(shown(partnerName));
    const sheet = orga.getByTestId('partner-report-card').filter({ hasText: 'Tiers-lieux' });
    // A space before the (here absent) tier badge.
    await eventually(async () => (await sheet.locator('h3').textContent())?.trim()).toBe(shown(partnerName));
    expect(await sheet.locator('li').first().textContent()).toContain(`${shown(documentTitle)} — `);
    await orga.screenshot({ path: join(shots, 'organizer-content-spacing-1280.png'), fullPage: true });

    // The participant: the documents by partner, the document's page, the village and the partner's page.
    const { code } = codeOf(server.demo, 'participant', 4);
    const phone = await open(375, 812, `/e/${server.demo.slug}?code=${code}`);
    await phone.getByTestId('programme-session').first().waitFor();
    await phone.goto(`${server.url}/e/${server.demo.slug}/documents`);
    await phone.getByRole('tab', { name: 'Par partenaire' }).click();
    const group = phone.getByTestId('document-group').filter({ hasText: 'Tiers-lieux' });
    await eventually(() => group.locator('h2').textContent()).toBe(shown(partnerName));
    expect(await group.locator('.document-title').textContent()).toBe(shown(documentTitle));
    await phone.screenshot({ path: join(shots, 'documents-spacing-375.png'), fullPage: true });
    await group.getByRole('button', { name: 'Ouvrir' }).click();
    await eventually(() => phone.locator('main h1').textContent()).toBe(shown(documentTitle));
    await phone.goto(`${server.url}/e/${server.demo.slug}/partenaires`);
    const card = phone.getByTestId('partner').filter({ hasText: 'Tiers-lieux' });
    await eventually(() => card.locator('strong').textContent()).toBe(shown(partnerName));
    await card.getByRole('link').click();
    await eventually(() => phone.getByTestId('partner-page').locator('h1').textContent()).toBe(
      shown(partnerName),
    );
  });
});
