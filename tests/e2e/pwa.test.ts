import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumLaunch,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { codeOf, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** The width and height a PNG declares in its header. */
const pngSize = (bytes: Buffer) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

describe('an app to install', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(() => stopBrowserAndServer(browser, contexts, server));

  it('meets Chromium’s installability criteria, with PNG icons for Android and iOS', async () => {
    // A profile on disk: Chromium refuses to install from an incognito context (Playwright's default).
    const profile = await mkdtemp(join(tmpdir(), 'agora-pwa-'));
    const context = await chromium.launchPersistentContext(profile, {
      ...chromiumLaunch,
      viewport: { width: 375, height: 812 },
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);
    for (const [path, size] of [
      ['/icon-192.png', 192],
      ['/icon-512.png', 512],
      ['/icon-maskable-512.png', 512],
      ['/apple-touch-icon.png', 180],
    ] as const) {
      const res = await fetch(`${server.url}${path}`);
      expect([path, res.headers.get('content-type'), pngSize(Buffer.from(await res.arrayBuffer()))]).toEqual([
        path,
        'image/png',
        [size, size],
      ]);
    }
    expect(await page.locator('link[rel="apple-touch-icon"]').getAttribute('href')).toBe(
      '/apple-touch-icon.png',
    );
  });

  it('opens, from its icon, on the edition of a participant who joined, and on the join hint otherwise', async () => {
    // The manifest's start_url is « / »: an installed app opened there, and a participant who had
    // joined was told to « open the link of your event or scan the QR code » instead of their programme.
    const context = await newContext(browser, { viewport: { width: 375, height: 812 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await eventually(() => page.locator('main').textContent()).toContain('Ouvrez le lien de votre événement');
    const { code } = codeOf(server.demo, 'participant', 6);
    await page.goto(`${server.url}/e/${server.demo.slug}?code=${code}`);
    await page.waitForURL(/\/programme$/);
    await page.goto(`${server.url}/`);
    await page.waitForURL(`${server.url}/e/${server.demo.slug}/programme`, { timeout: 10_000 });
    await page.getByRole('heading', { level: 1, name: 'Programme' }).waitFor();
  });

  it('opens offline: the app shell, and a document opened before, never the API answers', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    contexts.push(context);
    const page = await context.newPage();
    const { code } = codeOf(server.demo, 'participant', 5);
    await page.goto(`${server.url}/e/${server.demo.slug}?code=${code}`);
    await page.getByTestId('programme-session').first().waitFor();
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await page.reload();
    await eventually(() => page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);

    await page.goto(`${server.url}/e/${server.demo.slug}/documents`);
    await page.getByTestId('document').first().waitFor();
    await page
      .getByTestId('document')
      .filter({ hasText: 'Synthèse de l’atelier 1' })
      .getByRole('button', { name: 'Ouvrir' })
      .click();
    await eventually(() => page.getByTestId('pdf-viewer').getAttribute('data-pages')).toBe('1');

    const shell = await context.newPage();
    await context.setOffline(true);
    await shell.goto(`${server.url}/e/${server.demo.slug}/documents`);
    await shell.getByTestId('kept-documents').waitFor();
    expect(await shell.getByTestId('error').getAttribute('data-code')).toBe('UNAVAILABLE');
    const kept = await shell.getByTestId('kept-documents').locator('a').allTextContents();
    expect(kept).toEqual(['Synthèse de l’atelier 1.pdf']);
    await shell.screenshot({ path: join(shots, 'offline-documents-375.png') });
    const cached = (await shell.evaluate(
      `caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys())))).then((lists) => lists.flat().map((r) => new URL(r.url).pathname))`,
    )) as string[];
    // Only the shell and the opened file: no programme, no content list, no token.
    expect(cached.filter((p) => p.startsWith('/api/') && !p.startsWith('/api/files/'))).toEqual([]);
    const offlinePdf = shell.waitForResponse((r) => r.url().includes('/api/files/document/'));
    await shell.getByTestId('kept-documents').locator('a').first().click();
    const answer = await offlinePdf;
    expect([answer.status(), answer.fromServiceWorker(), answer.headers()['content-type']]).toEqual([
      200,
      true,
      'application/pdf',
    ]);
    await context.setOffline(false);
  });
});
