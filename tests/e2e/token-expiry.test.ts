import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCookieName } from '@agora/shared';
import { closeBrowser, launchBrowser, newContext } from '../support/browser.ts';
import {
  codeOf,
  joinWithCode,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// The test knows the server's secret, so it can hand the browser a token whose end has passed.
const SECRET = 'e2e-secret-for-token-expiry-0123456789abcdef';

function ended(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as object;
  const body = Buffer.from(
    JSON.stringify({ ...claims, iat: Date.now() - 2_000, exp: Date.now() - 1_000 }),
  ).toString('base64url');
  const key = createHmac('sha256', SECRET).update('agora:token').digest();
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

describe('a participant whose access ended', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ env: { SECRET } });
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  it('is sent to the join page from the session room, and comes back to it after entering the code', async () => {
    const { slug, plenarySessionId } = server.demo;
    const { code } = codeOf(server.demo, 'participant', 2);
    const joined = await joinWithCode(server.url, slug, code);
    const phone = await newContext(browser, { viewport: { width: 360, height: 740 } });
    contexts.push(phone);
    await phone.addCookies([
      { name: tokenCookieName('participant'), value: ended(joined.token), url: server.url, httpOnly: true },
    ]);
    const page = await phone.newPage();
    await page.goto(`${server.url}/e/${slug}/s/${plenarySessionId}`);
    await page.getByTestId('join-code').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/e/${slug}`);

    await page.getByTestId('join-code').fill(code);
    await page.getByTestId('join-submit').click();
    await page.getByTestId('session-title').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/e/${slug}/s/${plenarySessionId}`);
    const cookie = (await phone.cookies()).find((c) => c.name === tokenCookieName('participant'));
    expect(cookie?.value).not.toBe(ended(joined.token));
    // The renewed cookie ends with the replay window, months away, not 400 days on.
    const days = ((cookie?.expires ?? 0) * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(250);
    expect(days).toBeLessThan(300);
  });
});
