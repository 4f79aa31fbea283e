import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, serious } from '../support/axe.ts';
import { editionTabs } from '../../client/src/views/organizer/organizer-routes.ts';
import { closeBrowser, holdRequests, launchBrowser, newContext, shots } from '../support/browser.ts';
import { ORGANIZER, createOrganizerCli } from '../support/organizer.ts';
import {
  closeAllSockets,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

const SLUG = 'rencontres-e2e';

/** One plenary and one workshop, French headers, `;`, as an organizer's spreadsheet saves them. */
const PROGRAMME_CSV = [
  'date;début;fin;titre;salle;type;intervenants',
  '2026-06-24;09:30;10:45;Ouverture des Rencontres;Grand amphithéâtre;plénière;Camille Martin (présidente) | Léa Roux',
  '2026-06-24;11:00;12:30;Atelier\u00a0: le numérique associatif;Salle Loire;atelier;Inès Garcia',
].join('\r\n');

/** A BOM, CRLF, and one bad row (line 4: not an email) among good ones. */
const REGISTRANTS_CSV =
  '\uFEFF' +
  [
    'Nom;Courriel;Organisation;Mode',
    'Marie Dupont;marie.dupont@example.org;Association Alpha;présentiel',
    'Jean Martin;jean.martin@example.org;Collectif Beta;distanciel',
    'Paul Erreur;pas-une-adresse;Gamma;présentiel',
    'Awa Diallo;awa.diallo@example.org;Réseau Delta;à distance',
  ].join('\r\n');

/** Waits on a DOM condition. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('an organizer prepares a small edition from CSV files; a participant joins with an exported code', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let files: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The CLI writes into the embedded store while no server holds it: start once (demo data),
    // stop, create the account, start again on the same folder.
    const first = await startServer();
    await first.stop();
    await createOrganizerCli(first.dataDir);
    server = await startServer({ dataDir: first.dataDir });
    files = join(tmpdir(), `agora-e2e-organizer-${process.pid}`);
    await mkdir(files, { recursive: true });
    await writeFile(join(files, 'programme.csv'), PROGRAMME_CSV);
    await writeFile(join(files, 'inscrits.csv'), REGISTRANTS_CSV);
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    closeAllSockets();
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
    if (files) await rm(files, { recursive: true, force: true });
  });

  async function page(viewport: { width: number; height: number }, path: string): Promise<Page> {
    const context = await newContext(browser, {
      viewport,
      deviceScaleFactor: viewport.width < 500 ? 2 : 1,
      acceptDownloads: true,
    });
    contexts.push(context);
    const p = await context.newPage();
    await p.goto(`${server.url}${path}`);
    return p;
  }

  it('logs in, creates the edition, imports programme and registrants, issues codes; the code opens the programme', async () => {
    const orga = await page({ width: 1440, height: 900 }, '/organizer');

    // Login, with the account made by the CLI.
    await orga.getByTestId('login-email').fill(ORGANIZER.email);
    await orga.getByTestId('login-password').fill(ORGANIZER.password);
    await orga.getByTestId('login-submit').click();
    await eventually(() => orga.getByTestId('organizer-name').textContent()).toContain(ORGANIZER.name);

    // A new edition, in rehearsal.
    await orga.getByTestId('new-edition').click();
    await orga.getByTestId('edition-name').fill('Rencontres associatives 2026');
    await orga.getByTestId('edition-slug').fill(SLUG);
    await orga.getByTestId('edition-start').fill('2026-06-24');
    await orga.getByTestId('edition-end').fill('2026-06-24');
    await eventually(() => orga.getByTestId('edition-replay').inputValue()).toBe('2027-03-24');
    await orga.getByTestId('edition-venue').fill('Cité des congrès, Nantes, et en ligne');
    await orga.getByTestId('edition-save').click();
    await eventually(() => orga.getByTestId('edition-title').textContent()).toBe(
      'Rencontres associatives 2026',
    );
    await orga.getByTestId('rehearsal-banner').waitFor();

    // Programme from a CSV file, shown as a day timeline.
    await orga.getByTestId('programme-import-file').setInputFiles(join(files, 'programme.csv'));
    await orga.getByTestId('programme-import-submit').click();
    await eventually(() => orga.getByTestId('import-created').getAttribute('data-count')).toBe('2');
    await eventually(() => orga.getByTestId('timeline-session').count()).toBe(2);
    expect(await orga.locator('[data-testid="timeline-session"][data-kind="plenary"]').count()).toBe(1);
    expect(await orga.locator('[data-testid="timeline-session"][data-kind="workshop"]').count()).toBe(1);
    const plenaryId = await orga
      .locator('[data-testid="timeline-session"][data-kind="plenary"]')
      .getAttribute('data-session-id');
    await orga.screenshot({ path: join(shots, 'organizer-timeline.png'), fullPage: true });

    // Registrants from a CSV file with one bad row: its line number and reason are shown.
    await orga.getByTestId('tab-registrants').click();
    await orga.getByTestId('registrants-import-file').setInputFiles(join(files, 'inscrits.csv'));
    await orga.getByTestId('registrants-import-submit').click();
    await eventually(() => orga.getByTestId('import-created').getAttribute('data-count')).toBe('3');
    const bad = orga.getByTestId('row-error');
    await eventually(() => bad.count()).toBe(1);
    expect(await bad.getAttribute('data-line')).toBe('4');
    expect(await bad.getAttribute('data-code')).toBe('INVALID_EMAIL');
    expect(await bad.locator('td').first().textContent()).toBe('4');
    expect(await bad.textContent()).toContain('Adresse e-mail invalide');
    await eventually(() => orga.getByTestId('registrant-row').count()).toBe(3);
    await orga.screenshot({ path: join(shots, 'organizer-registrants-import.png'), fullPage: true });

    // Codes: shown once, with the mail-merge CSV.
    await orga.getByTestId('issue-codes').click();
    await eventually(() => orga.getByTestId('issued-code').count()).toBe(3);
    const marie = orga.getByTestId('issued-code').filter({ hasText: 'marie.dupont@example.org' });
    const code = (await marie.getByTestId('issued-code-value').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const [download] = await Promise.all([
      orga.waitForEvent('download'),
      orga.getByTestId('codes-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`codes-${SLUG}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFnom;email;code;lien')).toBe(true);
    expect(csv).toContain(`Marie Dupont;marie.dupont@example.org;${code};`);
    await orga.evaluate('window.scrollTo(0, 0)');
    await orga.screenshot({ path: join(shots, 'organizer-codes-issued.png'), fullPage: true });
    // Printable cards: each QR code is the person's link from the CSV, drawn as the library draws it.
    const link =
      csv
        .split(/\r?\n/)
        .find((row) => row.includes(code))
        ?.split(';')[3] ?? '';
    expect(link).toMatch(new RegExp(`/e/${SLUG}\\?code=${code}$`));
    await orga.getByTestId('codes-cards').click();
    await eventually(() => orga.getByTestId('join-card').count()).toBe(3);
    const card = orga.getByTestId('join-card').filter({ hasText: 'Marie Dupont' });
    const qr = card.getByTestId('join-card-qr');
    expect(await qr.getAttribute('data-qr-value')).toBe(link);
    const drawn = await QRCode.toString(link, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
      color: { dark: '#000000', light: '#ffffff' },
    });
    // The browser writes the library's self-closing paths out in full.
    await eventually(() => qr.innerHTML()).toBe(drawn.replaceAll('/>', '></path>'));
    await orga.getByTestId('join-cards').screenshot({ path: join(shots, 'organizer-join-cards.png') });
    expect((await axeScan(orga, 'organizer join cards')).filter(serious)).toEqual([]);
    // On paper: the cards alone, from the top of the page.
    await orga.emulateMedia({ media: 'print' });
    await orga.evaluate('window.scrollTo(0, 0)');
    expect((await orga.locator('.join-cards-list').boundingBox())?.y).toBeLessThan(5);
    await orga.screenshot({ path: join(shots, 'organizer-join-cards-print.png') });
    await orga.emulateMedia({ media: 'screen' });
    await orga.getByTestId('codes-done').click();
    await eventually(() => orga.getByTestId('codes-summary').textContent()).toContain('3 avec un code actif');

    // A participant, on a phone, opens her personal link (her card's QR code) and sees the programme.
    const phone = await page({ width: 360, height: 740 }, new URL(link).pathname + new URL(link).search);
    await eventually(() => phone.getByTestId('programme-session').count()).toBe(2);
    expect(await phone.getByTestId('programme-session').first().textContent()).toContain(
      'Ouverture des Rencontres',
    );
    await phone.screenshot({ path: join(shots, 'organizer-participant-programme.png'), fullPage: true });

    // She enters the plenary and asks; the live overview shows her connected and her question waiting.
    await phone.locator(`[data-session-id="${plenaryId}"] [data-testid="enter-session"]`).click();
    await phone.getByTestId('ask-text').fill('Comment associer les bénévoles aux décisions\u202f?');
    await phone.getByTestId('ask-submit').click();
    await eventually(() => phone.getByTestId('my-question').getAttribute('data-status')).toBe('pending');
    await orga.getByTestId('tab-live').click();
    await eventually(() => orga.getByTestId('overview-row').count()).toBe(2);
    const plenaryRow = orga.locator(`[data-testid="overview-row"][data-session-id="${plenaryId}"]`);
    await eventually(() => plenaryRow.getByTestId('overview-pending').textContent()).toBe('1');
    await eventually(() => plenaryRow.getByTestId('overview-onsite').textContent()).toBe('1');
    await orga.screenshot({ path: join(shots, 'organizer-overview.png'), fullPage: true });

    // Go live: the slug typed again, then what was wiped.
    await orga.getByTestId('go-live').click();
    await expect(orga.getByTestId('go-live-submit').isDisabled()).resolves.toBe(true);
    await orga.getByTestId('go-live-confirm').fill(SLUG);
    await orga.getByTestId('go-live-submit').click();
    await orga.getByTestId('go-live-done').waitFor();
    // The rehearsal's question is wiped; the programme and registrants stay.
    expect(await orga.getByTestId('go-live-done').textContent()).toContain('1 question effacée');
    await orga.getByTestId('go-live-dialog').getByRole('button', { name: 'Fermer' }).last().click();
    await eventually(() => orga.getByTestId('rehearsal-banner').count()).toBe(0);

    // The printable summary of the plenary.
    await orga.getByTestId('tab-exports').click();
    await orga.getByTestId('open-report').first().click();
    await eventually(() => orga.getByTestId('report-title').textContent()).toBe('Ouverture des Rencontres');
    await orga.emulateMedia({ media: 'print' });
    await orga.screenshot({ path: join(shots, 'organizer-report-print.png'), fullPage: true });
    await orga.pdf({ path: join(shots, 'organizer-report.pdf'), format: 'A4', printBackground: true });
    await orga.emulateMedia({ media: 'screen' });
  });

  it('shows each tab of an edition once its lists have come, so no control moves under a click', async () => {
    const orga = await page({ width: 1280, height: 800 }, '/organizer');
    await orga.getByTestId('login-email').fill(ORGANIZER.email);
    await orga.getByTestId('login-password').fill(ORGANIZER.password);
    await orga.getByTestId('login-submit').click();
    await orga.getByTestId('organizer-name').waitFor();
    const slug = server.demo.slug;
    const lists = `**/api/organizer/editions/${slug}/**`;
    const controls = 'button, input, select, textarea, a[href]';
    const movedByTab: Record<string, string[]> = {};
    for (const tab of editionTabs) {
      // The edition comes, its tab's lists are held back: what shows meanwhile must stay put.
      const release = await holdRequests(orga, lists);
      await orga.goto(`${server.url}/organizer/e/${slug}/${tab}`);
      const panel = orga.locator('.org-tab-panel');
      await panel.locator('> *').first().waitFor();
      // Each control shown now keeps where it was in an attribute of its own.
      await panel.locator(controls).evaluateAll((els) => {
        for (const e of els) {
          const at = e.getBoundingClientRect();
          e.setAttribute('data-was', `${Math.round(at.top)} ${Math.round(at.left)}`);
        }
      });
      release();
      await orga.waitForLoadState('networkidle');
      await orga.unroute(lists);
      const moved = await panel.locator('[data-was]').evaluateAll((els) =>
        els.flatMap((e) => {
          const at = e.getBoundingClientRect();
          const now = `${Math.round(at.top)} ${Math.round(at.left)}`;
          const was = e.getAttribute('data-was');
          return now === was ? [] : [`${e.outerHTML.slice(0, 80)}: ${was} → ${now}`];
        }),
      );
      if (moved.length > 0) movedByTab[tab] = moved;
      expect(await panel.getByTestId('tab-loading').count(), tab).toBe(0);
    }
    expect(movedByTab).toEqual({});
  });
});
