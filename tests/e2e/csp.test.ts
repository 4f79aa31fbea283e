import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRoom, newContext, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import { codeOf, type RunningServer } from '../support/server-process.ts';

/**
 * The built client under the server's Content-Security-Policy: every view a role opens works with
 * no violation reported, neither as a console message nor as a `securitypolicyviolation` event.
 */
describe('the built app under its Content-Security-Policy', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const violations: string[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(() => stopBrowserAndServer(browser, contexts, server));

  async function open(path: string): Promise<Page> {
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    // Registered before any script of the page runs: a violation at load time is seen too.
    await context.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => " +
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (/content security policy|CSP violation/i.test(text)) violations.push(`${path}: ${text}`);
    });
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    return page;
  }

  it('a participant joins and reaches the session with no CSP violation', async () => {
    const page = await open(`/e/${server.demo.slug}`);
    await page.getByTestId('join-code').fill(codeOf(server.demo, 'participant', 0).code);
    await page.getByTestId('join-submit').click();
    await enterRoom(page, server.demo.plenarySessionId, 'csp');
    // The session's live connection is up: its socket passed the CSP's connect-src.
    await page.getByTestId('ask-text').waitFor();
    expect(violations).toEqual([]);
  });

  it('the projector draws its QR code (inline SVG) with no CSP violation', async () => {
    const screen = codeOf(server.demo, 'projector', 0);
    const page = await open(
      `/e/${server.demo.slug}/projector/${screen.sessionId ?? server.demo.plenarySessionId}?code=${screen.code}`,
    );
    await page.getByTestId('projector-qr').locator('svg').waitFor();
    expect(violations).toEqual([]);
  });

  it('the moderator console and the organizer login load with no CSP violation', async () => {
    const moderator = await open(
      `/e/${server.demo.slug}/moderate/${server.demo.plenarySessionId}?code=${codeOf(server.demo, 'moderator', 0).code}`,
    );
    await moderator.getByTestId('filter-all').waitFor();
    const organizer = await open('/organizer');
    await organizer.getByTestId('login-email').waitFor();
    expect(violations).toEqual([]);
  });
});
