import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, shots, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import { codeOf, startServer, type RunningServer } from '../support/server-process.ts';

/**
 * A phone whose pages' clock stands still until the test moves it on (`runFor`) or lets it flow
 * (`resume`), for the countdowns read below. Read in real time, a wait was a window of 1-2 s with
 * nothing after it until a tap: a runner more than 2 s late (on a busy machine a `fill` took 4.4 s
 * at a load of 16) found it gone, and its `waitFor` waited 30 s for a state already past while the
 * page was right. Paused before the page exists: on a live page, `pauseAt` refuses a time its
 * clock has passed, and under load it had passed `Date.now() + 1000` when the call arrived.
 */
async function pausedPhone(browser: Browser): Promise<BrowserContext> {
  const context = await newContext(browser, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  await context.clock.install();
  await context.clock.pauseAt(Date.now());
  return context;
}

/** The join page when the server is down at the moment a person types their code. */
describe('joining while the server is unreachable', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(() => stopBrowserAndServer(browser, contexts, server));

  it('counts down, tries again by itself, and joins once the server is back, without a second tap', async () => {
    const { demo, dataDir, port } = server;
    const context = await newContext(browser, {
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
    });
    contexts.push(context);
    const page = await context.newPage();

    // Every join request, and how many were in flight at once: a retry must never overlap a try.
    let joins = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const isJoin = (r: { url(): string; method(): string }) =>
      r.method() === 'POST' && r.url().endsWith('/join');
    page.on('request', (r) => {
      if (!isJoin(r)) return;
      joins += 1;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
    });
    const settled = (r: { url(): string; method(): string }) => {
      if (isJoin(r)) inFlight -= 1;
    };
    page.on('requestfinished', settled);
    page.on('requestfailed', settled);

    await page.goto(`${server.url}/e/${demo.slug}`);
    await page.getByTestId('edition-name').waitFor();
    await server.stop();

    await page.getByTestId('join-code').fill(codeOf(demo, 'participant', 0, 'onsite').code);
    await page.getByTestId('join-submit').click();
    const retry = page.getByTestId('join-retry');
    await retry.waitFor();
    expect(await retry.textContent()).toMatch(/Serveur injoignable\. Nouvel essai dans \d+\u00a0secondes?\./);
    expect(await page.getByTestId('join-retry-now').textContent()).toBe('Réessayer maintenant');
    await page.screenshot({ path: join(shots, 'join-retry-360.png') });
    // A second automatic try, still refused, waits longer (2 s after the first 1 s).
    await expect.poll(() => joins, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await retry.waitFor();

    // The same server comes back on the same port with the same data; nobody touches the phone.
    server = await startServer({ dataDir, env: { PORT: String(port) } });
    await page.waitForURL(`**/e/${demo.slug}/programme`, { timeout: 30_000 });
    await page.locator('[data-testid="enter-session"]').first().waitFor();
    expect(mostInFlight).toBe(1);
    expect(joins).toBeGreaterThanOrEqual(3);
  });

  it('a personal link opened while the data store is down tries again from the join page and opens the session', async () => {
    const { demo } = server;
    const context = await pausedPhone(browser);
    contexts.push(context);
    const page = await context.newPage();
    // First the server's own answer while Redis is down (503 UNAVAILABLE within about 2 s), then
    // nginx's page when no node answers (502, HTML); the third try reaches the server.
    let refused = 0;
    await page.route('**/api/editions/*/join', async (route) => {
      refused += 1;
      if (refused === 1) {
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ code: 'UNAVAILABLE', message: 'the data store does not answer; retry' }),
        });
      } else if (refused === 2) {
        await route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' });
      } else await route.continue();
    });
    const { code } = codeOf(demo, 'participant', 1, 'onsite');
    // The join page is read before time flows: in real time its countdowns (1 s, then 2 s) could
    // both pass before a late runner looked (see pausedPhone).
    await page.goto(`${server.url}/e/${demo.slug}/s/${demo.plenarySessionId}?code=${code}`);
    await page.getByTestId('join-retry').waitFor();
    expect(await page.getByTestId('join-code').inputValue()).toBe(code);
    expect(page.url()).not.toContain('code=');
    expect(refused).toBe(1);
    await page.clock.resume();

    await page.getByTestId('session-title').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe(`/e/${demo.slug}/s/${demo.plenarySessionId}`);
    expect(refused).toBe(3);
  });

  it('after RATE_LIMITED waits the server’s Retry-After without trying by itself, then lets the person try', async () => {
    const { demo } = server;
    const context = await pausedPhone(browser);
    contexts.push(context);
    const page = await context.newPage();
    let joins = 0;
    await page.route('**/api/editions/*/join', async (route) => {
      joins += 1;
      if (joins === 1) {
        await route.fulfill({
          status: 429,
          contentType: 'application/json',
          headers: { 'Retry-After': '2' },
          body: JSON.stringify({
            code: 'RATE_LIMITED',
            message: 'too many wrong codes from your network; check your code and try again',
            details: { retryAfterSeconds: 2 },
          }),
        });
      } else await route.continue();
    });
    // The wait ends when this test moves the page's clock on (see pausedPhone).
    await page.goto(`${server.url}/e/${demo.slug}`);
    await page.getByTestId('join-code').fill(codeOf(demo, 'participant', 2, 'onsite').code);
    await page.getByTestId('join-submit').click();

    const wait = page.getByTestId('join-wait');
    await wait.waitFor();
    expect(await wait.textContent()).toBe('Trop de tentatives. Vous pourrez réessayer dans 2\u00a0secondes.');
    expect(await page.getByTestId('join-submit').isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'join-rate-limited-360.png') });
    await page.clock.runFor(1000);
    await page.locator('[data-testid="join-wait"][data-seconds="1"]').waitFor();
    expect(await wait.textContent()).toBe('Trop de tentatives. Vous pourrez réessayer dans 1\u00a0seconde.');
    // A millisecond before the Retry-After is over, the person still waits.
    await page.clock.runFor(999);
    expect(await page.getByTestId('join-submit').isDisabled()).toBe(true);
    await page.clock.runFor(1);
    await wait.waitFor({ state: 'detached' });
    expect(await page.getByTestId('join-submit').isDisabled()).toBe(false);
    expect(joins).toBe(1);

    // Time flows again: with the clock left paused, the programme never showed (10 s).
    await page.clock.resume();
    await page.getByTestId('join-submit').click();
    await page.waitForURL(`**/e/${demo.slug}/programme`);
    expect(joins).toBe(2);
  });
});
