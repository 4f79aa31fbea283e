import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanAddress } from '../../server/src/lan-address.ts';
import { closeBrowser, launchBrowser, newContext, shots } from '../support/browser.ts';
import { codeOf, removeDataDir, startServer, type RunningServer } from '../support/server-process.ts';

// Listening on every interface, as `npm start` does by default, without PUBLIC_URL.
const lan = lanAddress(networkInterfaces(), '0.0.0.0');

describe('the projector’s QR code and short address, without PUBLIC_URL', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let qrUrl = '';
  let shortAddress = '';
  let sessionTitle = '';
  let sessionId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ env: { HOST: '0.0.0.0' } });
    // A workshop's screen, so landing in the first plenary or the programme would not pass.
    const screen = server.demo.codes.find(
      (c) => c.role === 'projector' && c.sessionId === server.demo.workshopSessionId,
    );
    if (!screen?.sessionId) throw new Error('the demo has no screen for its workshop');
    sessionId = screen.sessionId;
    const context = await newContext(browser, { viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    const projector = await context.newPage();
    await projector.goto(`${server.url}/e/${server.demo.slug}/projector/${sessionId}?code=${screen.code}`);
    const instructions = projector.getByTestId('projector-join');
    await instructions.waitFor();
    qrUrl = (await instructions.getAttribute('data-qr-url')) ?? '';
    shortAddress = (await projector.getByTestId('projector-address').textContent()) ?? '';
    sessionTitle = (await projector.getByTestId('projector-session-title').textContent()) ?? '';
    await projector.screenshot({ path: join(shots, 'projector-qr.png') });
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  /** A phone opens an address, joins with its personal code, and ends up where the app takes it. */
  async function joinFrom(address: string, participant: number): Promise<{ path: string; title: string }> {
    const phone = await newContext(browser, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    contexts.push(phone);
    const page = await phone.newPage();
    await page.goto(address);
    await page.getByTestId('join-code').fill(codeOf(server.demo, 'participant', participant, 'onsite').code);
    await page.getByTestId('join-submit').click();
    const title = (await page.getByTestId('session-title').textContent()) ?? '';
    return { path: new URL(page.url()).pathname, title };
  }

  it.skipIf(lan === null)(
    'encodes the machine’s LAN address, not localhost (skipped when the machine has no network address)',
    () => {
      expect(new URL(qrUrl).hostname).toBe(lan);
      expect(shortAddress.startsWith(`${lan}:${server.port}/`)).toBe(true);
      expect(qrUrl).not.toContain('localhost');
    },
  );

  it('leads a participant who scans the QR into that session’s room after joining', async () => {
    const landed = await joinFrom(qrUrl, 0);
    expect(landed).toEqual({ path: `/e/${server.demo.slug}/s/${sessionId}`, title: sessionTitle });
  });

  it('leads a participant who types the short address into that session’s room after joining', async () => {
    const landed = await joinFrom(`http://${shortAddress}`, 1);
    expect(landed).toEqual({ path: `/e/${server.demo.slug}/s/${sessionId}`, title: sessionTitle });
  });
});
