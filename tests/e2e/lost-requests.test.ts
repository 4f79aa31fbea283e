import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  holdRequests,
  newContext,
  programmeEntry,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { codeOf, type RunningServer } from '../support/server-process.ts';

/**
 * Requests lost on the hall's Wi-Fi. The programme and the session's pages ask `/api/me` whether
 * this browser holds a role, and send a person who holds none to the join page: a lost request or a
 * server's 5xx says nothing about the person's token and must not send them back to type their code
 * again (the join page then said « déjà connecté·e » beside an empty code field). A view's code is
 * fetched when the view is first shown: a lost chunk must not leave a blank page.
 */
describe('a participant whose requests are lost on the network', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(async () => {
    await stopBrowserAndServer(browser, contexts, server);
  });

  /** A phone that has joined with a participant code; `joinPageAfter` lists join-page visits after the join. */
  async function joinedPhone(index: number) {
    const { demo } = server;
    // No service worker (newContext's default): it would serve the chunks past the routes below.
    const phone = await newContext(browser, { viewport: { width: 375, height: 740 } });
    contexts.push(phone);
    const page = await phone.newPage();
    await page.goto(`${server.url}/e/${demo.slug}`);
    await page.getByTestId('join-code').fill(codeOf(demo, 'participant', index, 'remote').code);
    await page.getByTestId('join-submit').click();
    await programmeEntry(page, demo.plenarySessionId, `lost-requests-${index}`);
    const joinPageAfter: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && new URL(frame.url()).pathname === `/e/${demo.slug}`)
        joinPageAfter.push(frame.url());
    });
    return { page, joinPageAfter };
  }

  /**
   * Fails the next `count` role checks of the page as `how` (a reset, a proxy's 503, our own 500),
   * then lets them through; counts the failed ones.
   */
  async function failRoleChecks(page: Page, count: number, how: 'reset' | 'http503' | 'http500') {
    let failed = 0;
    await page.route('**/api/me?as=*', async (route) => {
      if (failed >= count) return route.continue();
      failed += 1;
      if (how === 'reset') return route.abort('connectionreset');
      if (how === 'http500')
        return route.fulfill({ status: 500, json: { code: 'INTERNAL', message: 'store failed' } });
      return route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503</h1>' });
    });
    return () => failed;
  }

  it('a role check reset by the network is asked again: the programme stays', async () => {
    const { page, joinPageAfter } = await joinedPhone(0);
    const failed = await failRoleChecks(page, 2, 'reset');
    await page.reload();
    await programmeEntry(page, server.demo.plenarySessionId, 'lost-requests-reload');
    expect(failed()).toBe(2);
    expect(joinPageAfter).toEqual([]);
    expect(new URL(page.url()).pathname).toBe(`/e/${server.demo.slug}/programme`);
  });

  it('a session page whose role checks get a 503 from the proxy waits and enters the session', async () => {
    const { page, joinPageAfter } = await joinedPhone(1);
    const session = `/e/${server.demo.slug}/s/${server.demo.plenarySessionId}`;
    const failed = await failRoleChecks(page, 3, 'http503');
    await page.goto(`${server.url}${session}`);
    await page.getByTestId('ask-text').waitFor();
    expect(failed()).toBe(3);
    expect(joinPageAfter).toEqual([]);
    expect(new URL(page.url()).pathname).toBe(session);
  });

  it('a programme whose role checks go unanswered says « Serveur injoignable » meanwhile, not only « Chargement… »', async () => {
    const { page, joinPageAfter } = await joinedPhone(6);
    // Three roles are checked at once: 9 failed checks are at least three rounds of asking again.
    const failed = await failRoleChecks(page, 9, 'http503');
    await page.reload();
    await page.locator('[data-code="UNAVAILABLE"]').waitFor();
    await page.screenshot({ path: join(shots, 'participant-programme-roles-unavailable-375.png') });
    await programmeEntry(page, server.demo.plenarySessionId, 'lost-requests-roles-unavailable');
    expect(failed()).toBe(9);
    expect(joinPageAfter).toEqual([]);
  });

  it('a server error on the role checks is shown, asked again, and the documents come; not the join page', async () => {
    const { page, joinPageAfter } = await joinedPhone(7);
    const failed = await failRoleChecks(page, 4, 'http500');
    await page.goto(`${server.url}/e/${server.demo.slug}/documents`);
    // Said as what it is, and that the page asks again by itself.
    await page
      .locator('[data-code="INTERNAL"]', { hasText: 'Erreur du serveur. Nouvel essai automatique.' })
      .waitFor();
    await page.screenshot({ path: join(shots, 'participant-documents-server-error-375.png') });
    await page.getByTestId('document-search').waitFor();
    expect(failed()).toBe(4);
    expect(joinPageAfter).toEqual([]);
    expect(new URL(page.url()).pathname).toBe(`/e/${server.demo.slug}/documents`);
  });

  /** Answers the next `count` programme requests of the page with a proxy's 503; counts them. */
  async function failProgramme(page: Page, count: number) {
    let failed = 0;
    await page.route('**/api/editions/*/programme?as=*', async (route) => {
      if (failed >= count) return route.continue();
      failed += 1;
      return route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503</h1>' });
    });
    return () => failed;
  }

  it('a programme the proxy could not give says « Serveur injoignable », then comes by itself', async () => {
    const { page, joinPageAfter } = await joinedPhone(3);
    const failed = await failProgramme(page, 2);
    await page.reload();
    // The message promises another try (« Nouvel essai automatique »): the page keeps it.
    await page.locator('[data-code="UNAVAILABLE"]').waitFor();
    await page.screenshot({ path: join(shots, 'participant-programme-unavailable-375.png') });
    await programmeEntry(page, server.demo.plenarySessionId, 'lost-requests-programme');
    expect(failed()).toBe(2);
    expect(await page.locator('[data-code="UNAVAILABLE"]').count()).toBe(0);
    expect(joinPageAfter).toEqual([]);
  });

  it('a session page whose programme the proxy could not give enters the session by itself', async () => {
    const { page, joinPageAfter } = await joinedPhone(4);
    const session = `/e/${server.demo.slug}/s/${server.demo.plenarySessionId}`;
    const failed = await failProgramme(page, 2);
    await page.goto(`${server.url}${session}`);
    await page.locator('[data-code="UNAVAILABLE"]').waitFor();
    await page.getByTestId('ask-text').waitFor();
    expect(failed()).toBe(2);
    expect(joinPageAfter).toEqual([]);
    expect(new URL(page.url()).pathname).toBe(session);
  });

  it('a view whose code is lost says so and offers to try again, which enters the session', async () => {
    const { page } = await joinedPhone(2);
    await page.route('**/assets/AudienceView-*.js', (route) => route.abort('connectionreset'));
    await page
      .locator(`[data-session-id="${server.demo.plenarySessionId}"] [data-testid="enter-session"]`)
      .click();
    const failed = page.getByTestId('view-failed');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('n’a pas pu se charger');
    await page.screenshot({ path: join(shots, 'participant-view-failed-375.png') });
    await page.unroute('**/assets/AudienceView-*.js');
    await page.getByTestId('view-reload').click();
    await page.getByTestId('ask-text').waitFor();
    expect(await page.getByTestId('view-failed').count()).toBe(0);
  });

  it('a join page whose edition the proxy could not give says « Serveur injoignable », not « Édition introuvable », then shows it', async () => {
    const phone = await newContext(browser, { viewport: { width: 375, height: 740 } });
    contexts.push(phone);
    const page = await phone.newPage();
    let failed = 0;
    await page.route(`**/api/editions/${server.demo.slug}`, async (route) => {
      if (failed >= 2) return route.continue();
      failed += 1;
      return route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502</h1>' });
    });
    await page.goto(`${server.url}/e/${server.demo.slug}`);
    await page.getByTestId('edition-error').waitFor();
    expect(await page.getByTestId('edition-error').getAttribute('data-code')).toBe('UNAVAILABLE');
    await page.screenshot({ path: join(shots, 'join-edition-unavailable-375.png') });
    await page.getByTestId('edition-name').waitFor();
    expect(failed).toBe(2);
    expect(await page.getByTestId('edition-error').count()).toBe(0);
  });

  it('a join page waits for its edition before « Entrer » can be pressed: the card that comes moves the form down', async () => {
    const phone = await newContext(browser, { viewport: { width: 375, height: 740 } });
    contexts.push(phone);
    const page = await phone.newPage();
    const release = await holdRequests(page, `**/api/editions/${server.demo.slug}`);
    await page.goto(`${server.url}/e/${server.demo.slug}`);
    const submit = page.getByTestId('join-submit');
    await page.getByTestId('join-code').fill(codeOf(server.demo, 'participant', 8, 'remote').code);
    const top = () => submit.evaluate((e) => e.getBoundingClientRect().top);
    const before = await top();
    expect(await submit.isDisabled()).toBe(true);
    expect(await page.locator('main').getAttribute('aria-busy')).toBe('true');
    await page.screenshot({ path: join(shots, 'join-edition-pending-375.png') });
    release();
    await page.getByTestId('edition-name').waitFor();
    // The form moved as the edition came, and only then could it be sent.
    expect(await top()).toBeGreaterThan(before);
    expect(await page.locator('main').getAttribute('aria-busy')).toBe('false');
    await submit.click();
    await programmeEntry(page, server.demo.plenarySessionId, 'lost-requests-edition-held');
  });

  it('a join page whose answer-checking code the proxy could not give says so, loads it again, and joins', async () => {
    // The schemas that check every API answer are a chunk fetched with the first answer (the join
    // page paints without zod): a lost one must be fetched again, not break every request after it.
    const phone = await newContext(browser, {
      viewport: { width: 375, height: 740 },
    });
    contexts.push(phone);
    const page = await phone.newPage();
    let failed = 0;
    await page.route('**/assets/schemas-*.js', async (route) => {
      if (failed >= 1) return route.continue();
      failed += 1;
      return route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503</h1>' });
    });
    await page.goto(`${server.url}/e/${server.demo.slug}`);
    await page.getByTestId('edition-error').waitFor();
    expect(await page.getByTestId('edition-error').getAttribute('data-code')).toBe('UNAVAILABLE');
    await page.getByTestId('edition-name').waitFor();
    await page.getByTestId('join-code').fill(codeOf(server.demo, 'participant', 5, 'remote').code);
    await page.getByTestId('join-submit').click();
    await programmeEntry(page, server.demo.plenarySessionId, 'lost-requests-schemas');
    expect(failed).toBe(1);
  });

  it('a browser without a token is still sent to the join page at once', async () => {
    const phone = await newContext(browser, { viewport: { width: 375, height: 740 } });
    contexts.push(phone);
    const page = await phone.newPage();
    await page.goto(`${server.url}/e/${server.demo.slug}/programme`);
    await page.getByTestId('join-code').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/e/${server.demo.slug}`);
  });
});
