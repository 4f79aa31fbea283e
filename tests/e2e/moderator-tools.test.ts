import { join } from 'node:path';
import { frenchSpacing } from '@agora/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { newContext, shots, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import { closeAllSockets, codeOf, nextEvent, ok, type RunningServer } from '../support/server-process.ts';

/**
 * The moderator console at 1366×768: search, bulk approval with an ack per question, the hall /
 * remote balance and its suggestion, the black-screen switch, the warning of a poll remote phones
 * cannot answer.
 */
describe('the moderator’s tools', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let mod: Actor;
  const contexts: BrowserContext[] = [];
  const texts = {
    hall1: 'Quel budget pour la mobilité rurale cette année ?',
    hall2: 'Les bénévoles auront-ils une formation ?',
    remote: 'Les personnes à distance pourront-elles voter aussi ?',
  };
  const ids: Record<keyof typeof texts, string> = { hall1: '', hall2: '', remote: '' };

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    mod = await actor(server, 'moderator', 1);
    const sessionId = server.demo.plenarySessionId;
    const hall = await actor(server, 'participant', 0, 'onsite');
    const remote = await actor(server, 'participant', 1, 'remote');
    for (const [key, who] of [
      ['hall1', hall],
      ['hall2', hall],
      ['remote', remote],
    ] as const) {
      const q = await ok(who.socket, 'question:ask', {
        sessionId,
        clientId: clientId(),
        text: texts[key],
        anonymous: false,
      });
      ids[key] = q.id;
    }
    const context = await newContext(browser, { viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    page = await context.newPage();
    await page.goto(
      `${server.url}/e/${server.demo.slug}/moderate/${sessionId}?code=${codeOf(server.demo, 'moderator', 0).code}`,
    );
    await page.getByTestId('filter-pending').waitFor();
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  const cards = () => page.getByTestId('mod-question');

  it('searches the queue by text and author, accents aside', async () => {
    await expect.poll(() => cards().count()).toBe(3);
    await page.getByTestId('mod-search').fill('mobilite');
    await expect.poll(() => cards().count()).toBe(1);
    // Shown with its « ? » held to its word (French spacing), stored as typed.
    await expect
      .poll(() => cards().first().textContent())
      .toContain(frenchSpacing(texts.hall1, { addMissing: true }));
    await page.getByTestId('mod-search').fill('');
    await page.getByTestId('mode-remote').click();
    await expect.poll(() => cards().count()).toBe(1);
    await page.getByTestId('mode-all').click();
  });

  it('approves every question shown in one go, each with its own ack', async () => {
    await page.getByTestId('bulk-approve').click();
    await expect
      .poll(() => page.getByTestId('bulk-result').textContent())
      .toContain('3 traitée(s), 0 refusée(s)');
    await expect.poll(() => cards().count()).toBe(0);
    const snapshot = await ok(mod.socket, 'moderation:join', { sessionId: server.demo.plenarySessionId });
    const statuses = snapshot.qa.questions
      .filter((q) => Object.values(ids).includes(q.id))
      .map((q) => q.status);
    expect(statuses).toEqual(['approved', 'approved', 'approved']);
  });

  it('counts hall and remote questions put on screen and suggests one from the side behind', async () => {
    await ok(mod.socket, 'screen:show', {
      sessionId: server.demo.plenarySessionId,
      item: { kind: 'question', id: ids.hall1 },
    });
    const counts = page.getByTestId('balance-counts');
    await expect.poll(() => counts.getAttribute('data-onsite')).toBe('1');
    expect(await counts.getAttribute('data-remote')).toBe('0');
    await expect
      .poll(() => page.getByTestId('balance-next').getAttribute('data-question-id'))
      .toBe(ids.remote);
    await page.getByTestId('show-next').click();
    await page.getByTestId('mod-on-screen-text').filter({ hasText: texts.remote }).waitFor();
    await expect.poll(() => counts.getAttribute('data-remote')).toBe('1');
  });

  it('blacks out the projectors with one button and says so', async () => {
    const projector = await actor(server, 'projector', 0);
    await ok(projector.socket, 'session:join', { sessionId: server.demo.plenarySessionId });
    const black = nextEvent(projector.socket, 'live:state', (s) => s.blackout);
    await page.getByTestId('black-screen').click();
    expect((await black).blackout).toBe(true);
    await expect.poll(() => page.getByTestId('black-screen').getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(shots, 'moderator-tools-1366x768.png'), fullPage: true });
    await page.getByTestId('black-screen').click();
    await expect.poll(() => page.getByTestId('black-screen').getAttribute('aria-pressed')).toBe('false');
  });

  it('warns when a poll is open that remote phones cannot answer', async () => {
    const sessionId = server.demo.plenarySessionId;
    await ok(mod.socket, 'session:set-policy', {
      sessionId,
      policy: { ask: 'everyone', upvote: 'everyone', vote: 'onsite' },
    });
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId,
      draft: { question: 'Venu en train ?', kind: 'single', options: ['Oui', 'Non'] },
    });
    await ok(mod.socket, 'poll:open', { pollId: poll.id });
    await expect.poll(() => page.getByTestId('mod-phone-warnings').textContent()).toContain('Venu en train');
    await page.screenshot({ path: join(shots, 'moderator-warning-1366x768.png') });
    // What the warning is about: a remote phone (390 px) sees the poll but may not answer it.
    const phoneContext = await newContext(browser, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
    });
    contexts.push(phoneContext);
    const phone = await phoneContext.newPage();
    const code = codeOf(server.demo, 'participant', 2, 'remote').code;
    await phone.goto(`${server.url}/e/${server.demo.slug}/s/${sessionId}?code=${code}`);
    await phone.getByTestId('poll-card').waitFor();
    await phone.screenshot({ path: join(shots, 'phone-remote-poll-onsite-only-390.png'), fullPage: true });
    await ok(mod.socket, 'poll:close', { pollId: poll.id });
  });

  it('does not offer to apply an emptied stream-delay field as 0 seconds', async () => {
    await page.getByTestId('tab-interactions').click();
    const input = page.getByTestId('delay-input');
    const before = await input.inputValue();
    // Clearing the field to type another value: Number('') was 0, a valid delay, and Enter applied it.
    await input.fill('');
    expect(await page.getByTestId('delay-apply').isDisabled()).toBe(true);
    await input.press('Enter');
    await input.fill('45');
    await page.getByTestId('delay-apply').click();
    await expect.poll(() => page.getByTestId('delay-input').inputValue()).toBe('45');
    const live = await ok(mod.socket, 'session:join', { sessionId: server.demo.plenarySessionId });
    expect(live.live.remoteDelaySeconds).toBe(45);
    expect(before).not.toBe('45');
  });

  it('says why a stream delay out of range cannot be applied, and says « saved » in the language of the moment', async () => {
    await page.getByTestId('tab-interactions').click();
    const input = page.getByTestId('delay-input');
    await input.fill('400');
    expect(await page.getByTestId('delay-apply').isDisabled()).toBe(true);
    expect(await page.getByTestId('delay-range').textContent()).toBe('Entre 0 et 300\u00a0secondes.');
    await input.fill('30');
    expect(await page.getByTestId('delay-range').count()).toBe(0);
    await page.getByTestId('delay-apply').click();
    const saved = page.locator('.hybrid-settings [role="status"]');
    await expect.poll(() => saved.textContent()).toBe('Décalage enregistré.');
    // Kept as a sentence, the notice stayed French after « EN » (the join page's hint did the same).
    await page.getByTestId('lang-en').click();
    await expect.poll(() => saved.textContent()).toBe('Delay saved.');
    await page.getByTestId('lang-fr').click();
  });

  it('shows the shortcuts where « Aide (?) » was pressed, not below the side column', async () => {
    await page.getByTestId('tab-questions').click();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.getByRole('button', { name: 'Aide (?)' }).click();
    const panel = page.getByTestId('help-panel');
    await panel.waitFor();
    // At 1366×768 the panel came after the on-screen, balance, delay and measured-delay cards,
    // 1,300 px down: the button seemed to do nothing.
    const box = await panel.boundingBox();
    expect(box && box.y + 40).toBeLessThan(768);
    await page.screenshot({ path: join(shots, 'moderator-help-1366x768.png') });
    await page.getByRole('button', { name: 'Aide (?)' }).click();
    await panel.waitFor({ state: 'detached' });
  });
});
