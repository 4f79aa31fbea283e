import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enterRoom,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { codeOf, type RunningServer } from '../support/server-process.ts';
import { websocketRefusingProxy, type RefusingProxy } from '../support/websocket-refusing-proxy.ts';

// A remote participant behind a company proxy that refuses websockets: the web app must still
// take part, over HTTP long-polling, with nothing to set up.
describe('a participant whose network refuses websockets', () => {
  let server: RunningServer;
  let proxy: RefusingProxy;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    proxy = await websocketRefusingProxy(server.url);
  });

  afterAll(async () => {
    await proxy?.close();
    await stopBrowserAndServer(browser, contexts, server);
  });

  it('joins, asks a question and sees it acknowledged, over long-polling', async () => {
    const { demo } = server;
    const session = demo.plenarySessionId;
    const text = `Je suis derrière un proxy d’entreprise, m’entendez-vous ? (e2e ${Date.now()})`;

    const phone = await newContext(browser, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    contexts.push(phone);
    const page = await phone.newPage();
    await page.goto(`${proxy.url}/e/${demo.slug}`);
    await page.getByTestId('join-code').fill(codeOf(demo, 'participant', 0, 'remote').code);
    await page.getByTestId('join-submit').click();
    await enterRoom(page, session, 'websocket-refused');
    await page.getByTestId('ask-text').fill(text);
    await page.getByTestId('ask-submit').click();
    const mine = page.getByTestId('my-question').filter({ hasText: text });
    await expect.poll(() => mine.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending');

    expect(proxy.refusedUpgrades()).toBeGreaterThan(0);
    expect(proxy.pollingRequests()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'participant-websocket-refused-360.png'), fullPage: true });
  });
});
