import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { axeScan, serious, type Finding } from '../support/axe.ts';
import { closeBrowser, enterRoom, newContext, shots, startBrowserAndServer } from '../support/browser.ts';
import { ORGANIZER, createOrganizerCli } from '../support/organizer.ts';
import { closeAllSockets, codeOf, ok, removeDataDir, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('accessibility of every view and state (axe, live regions, keyboard, 200 % text)', () => {
  let server: RunningServer;
  let browser: Browser;
  let mod: Actor;
  const contexts: BrowserContext[] = [];
  const findings: Finding[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    // The organizer account is made by the CLI, through the running server.
    await createOrganizerCli(server.dataDir);
    mod = await actor(server, 'moderator', 0);
  });

  afterAll(async () => {
    closeAllSockets();
    await closeBrowser(browser, contexts);
    if (server) {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  async function open(
    path: string,
    viewport: { width: number; height: number },
    options: { reducedMotion?: 'reduce'; fontSize?: number } = {},
  ): Promise<Page> {
    const context = await newContext(browser, {
      viewport,
      deviceScaleFactor: viewport.width < 500 ? 2 : 1,
      ...(options.reducedMotion ? { reducedMotion: options.reducedMotion } : {}),
    });
    contexts.push(context);
    const page = await context.newPage();
    if (options.fontSize) {
      // The browser's own default font size, as a phone's « larger text » setting changes it.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: options.fontSize } });
    }
    if (path !== 'about:blank') await page.goto(`${server.url}${path}`);
    return page;
  }

  async function scan(page: Page, label: string) {
    const found = await axeScan(page, label);
    findings.push(...found);
    if (found.length) console.log(JSON.stringify(found, null, 1));
  }

  it('the join, programme, session room, moderator, projector and organizer pages have no serious or critical axe violation in any state', async () => {
    const { demo } = server;
    const session = demo.plenarySessionId;
    const phoneSize = { width: 375, height: 812 };

    // Some Q&A first: an approved question, an answered one, one waiting.
    const asker = await actor(server, 'participant', 5, 'onsite');
    const ask = (text: string) =>
      ok(asker.socket, 'question:ask', { sessionId: session, clientId: clientId(), text, anonymous: false });
    const approved = await ask('Comment les personnes à distance seront-elles entendues ?');
    const answered = await ask('Quelle place pour les bénévoles dans la gouvernance ?');
    await ask('Les supports seront-ils disponibles après la séance ?');
    await ok(mod.socket, 'question:moderate', { questionId: approved.id, action: 'approve' });
    await ok(mod.socket, 'question:moderate', { questionId: answered.id, action: 'approve' });
    await ok(mod.socket, 'question:moderate', { questionId: answered.id, action: 'answer' });

    // Join and programme, on a phone.
    const phone = await open(`/e/${demo.slug}`, phoneSize);
    await phone.getByTestId('join-code').waitFor();
    await scan(phone, 'join 375');
    await phone.getByTestId('join-code').fill('AAAA-BBBB-CCCC');
    await phone.getByTestId('join-submit').click();
    await phone.getByTestId('join-error').waitFor();
    await scan(phone, 'join 375, code refused');
    await phone.getByTestId('join-code').fill(codeOf(demo, 'participant', 0, 'onsite').code);
    await phone.getByTestId('join-submit').click();
    await phone.getByTestId('programme-session').first().waitFor();
    await scan(phone, 'programme 375');
    await phone.locator(`[data-session-id="${session}"] [data-testid="enter-session"]`).click();
    await phone.getByTestId('ask-text').waitFor();
    await eventually(() => phone.getByTestId('audience-question').count()).toBe(2);

    const moderator = await open(
      `/e/${demo.slug}/moderate/${session}?code=${codeOf(demo, 'moderator', 0).code}`,
      { width: 1280, height: 800 },
    );
    await moderator.getByTestId('filter-all').waitFor();
    const screen = codeOf(demo, 'projector', 0);
    const projector = await open(
      `/e/${demo.slug}/projector/${screen.sessionId ?? session}?code=${screen.code}`,
      { width: 1920, height: 1080 },
    );
    await projector.getByTestId('projector-qr').locator('svg').waitFor();

    const all = async (state: string) => {
      await scan(phone, `session room 375, ${state}`);
      await scan(moderator, `moderator 1280, questions, ${state}`);
      await moderator.getByTestId('tab-interactions').click();
      await scan(moderator, `moderator 1280, polls and clouds, ${state}`);
      await moderator.getByTestId('tab-questions').click();
      await scan(projector, `projector 1920, ${state}`);
    };
    await all('nothing on screen');

    // A poll open and on screen.
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId: session,
      draft: { question: 'Êtes-vous venu en train ?', kind: 'single', options: ['Oui', 'Non'] },
    });
    await ok(mod.socket, 'poll:open', { pollId: poll.id });
    await ok(mod.socket, 'screen:show', {
      sessionId: session,
      item: { kind: 'poll', id: poll.id, split: false },
    });
    await phone.getByTestId('poll-card').waitFor();
    await projector.getByTestId('projector-poll').waitFor();
    await all('poll open');
    await phone.screenshot({ path: join(shots, 'a11y-phone-poll-375.png'), fullPage: true });
    await ok(mod.socket, 'poll:close', { pollId: poll.id });

    // A cloud open and on screen, with words.
    const cloud = await ok(mod.socket, 'cloud:create', {
      sessionId: session,
      draft: { prompt: 'Un mot pour la coopération ?' },
    });
    await ok(mod.socket, 'cloud:open', { cloudId: cloud.id });
    for (const text of ['confiance', 'partage', 'écoute'])
      await ok(asker.socket, 'cloud:submit', { cloudId: cloud.id, clientId: clientId(), text });
    await ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'cloud', id: cloud.id } });
    await phone.locator(`[data-cloud-id="${cloud.id}"]`).waitFor();
    await all('cloud open');
    await projector.screenshot({ path: join(shots, 'a11y-projector-cloud-1920.png') });
    await ok(mod.socket, 'cloud:close', { cloudId: cloud.id });

    // A question on screen.
    await ok(mod.socket, 'screen:show', {
      sessionId: session,
      item: { kind: 'question', id: approved.id },
    });
    await phone.getByTestId('audience-on-screen').waitFor();
    await projector.getByTestId('projector-question-text').waitFor();
    await all('question on screen');
    await phone.screenshot({ path: join(shots, 'a11y-phone-question-375.png'), fullPage: true });
    await moderator.screenshot({ path: join(shots, 'a11y-moderator-1280.png'), fullPage: true });
    await projector.screenshot({ path: join(shots, 'a11y-projector-question-1920.png') });

    // The projector's other themes at 4:3, a search and the black screen in the console.
    for (const theme of ['light', 'contrast', 'edition']) {
      const themed = await open(
        `/e/${demo.slug}/projector/${screen.sessionId ?? session}?theme=${theme}&code=${screen.code}`,
        { width: 1024, height: 768 },
      );
      await themed.getByTestId('projector-question-text').waitFor();
      await scan(themed, `projector 1024, ${theme} theme, question on screen`);
    }
    await moderator.getByTestId('filter-all').click();
    await moderator.getByTestId('mod-search').fill('bénévoles');
    await moderator.getByTestId('black-screen').click();
    await projector.locator('[data-testid="projector"][data-black="true"]').waitFor();
    await scan(moderator, 'moderator 1280, searched, black screen');
    await scan(projector, 'projector 1920, black screen');
    await moderator.getByTestId('black-screen').click();
    await projector.locator('[data-testid="projector"][data-black="false"]').waitFor();
    await moderator.getByTestId('mod-search').fill('');

    // The organizer console: login, editions, every tab of the demo edition, a report.
    const orga = await open('/organizer', { width: 1280, height: 800 });
    await orga.getByTestId('login-email').waitFor();
    await scan(orga, 'organizer login');
    await orga.getByTestId('login-email').fill(ORGANIZER.email);
    await orga.getByTestId('login-password').fill(ORGANIZER.password);
    await orga.getByTestId('login-submit').click();
    await orga.getByTestId('organizer-name').waitFor();
    await orga.getByTestId('new-edition').waitFor();
    await scan(orga, 'organizer editions');
    for (const tab of ['programme', 'registrants', 'team', 'live', 'exports', 'settings']) {
      await orga.goto(`${server.url}/organizer/e/${demo.slug}/${tab}`);
      await orga.getByTestId('edition-title').waitFor();
      await orga.waitForLoadState('networkidle');
      await scan(orga, `organizer ${tab}`);
    }
    await orga.goto(`${server.url}/organizer/e/${demo.slug}/sessions/${session}/report`);
    await orga.getByTestId('report-title').waitFor();
    await scan(orga, 'organizer report');

    expect(findings.filter(serious)).toEqual([]);
    // Moderate and minor ones too (a skipped heading level, content outside landmarks): none today.
    expect(findings).toEqual([]);
    // About thirty scans: 110 s on a loaded two-core machine before the console's projector
    // preview, 117 s with it (the preview's drawing is scanned too, hidden from screen readers).
  }, 240_000);

  it('announces a new poll, a stored vote, an approved question and a question on screen; ask, vote, upvote and moderate by keyboard', async () => {
    const { demo } = server;
    const session = demo.plenarySessionId;
    const room = await participantRoom(1, { width: 375, height: 812 });
    const other = await participantRoom(2, { width: 375, height: 812 });
    const announcer = room.getByTestId('announcer');
    // The region is there, empty, before anything happens: one inserted with its text is not read.
    expect(await announcer.getAttribute('aria-live')).toBe('polite');

    // Ask with the keyboard only.
    const text = `Comment suivre les ateliers à distance ? (clavier ${Date.now()})`;
    await tabTo(room, '[data-testid="ask-text"]');
    await room.keyboard.type(text);
    await tabTo(room, '[data-testid="ask-submit"]');
    await room.keyboard.press('Enter');
    const mine = room.getByTestId('my-question').filter({ hasText: text });
    await eventually(() => mine.getAttribute('data-status')).toBe('pending');

    // The moderator approves it and puts it on screen with the queue's keys.
    const moderator = await open(
      `/e/${demo.slug}/moderate/${session}?code=${codeOf(demo, 'moderator', 1).code}`,
      { width: 1280, height: 800 },
    );
    const row = moderator.getByTestId('mod-question').filter({ hasText: text });
    await row.waitFor();
    await tabTo(moderator, '[data-testid="filter-pending"]');
    // « j » moves the selection down the queue, one question at a time.
    for (let i = 0; i < 20 && (await row.getAttribute('aria-current')) !== 'true'; i++)
      await moderator.keyboard.press('j');
    expect(await row.getAttribute('aria-current')).toBe('true');
    await moderator.keyboard.press('a');
    // The moderator hears it done: the card has left the « pending » list it was in.
    const said = moderator.getByTestId('mod-announcer');
    await eventually(() => said.textContent()).toContain(`Question approuvée\u00a0: ${text}`);
    await eventually(() => announcer.textContent()).toContain(`Votre question est approuvée\u00a0: ${text}`);
    await tabTo(moderator, '[data-testid="filter-approved"]');
    await moderator.keyboard.press('Enter');
    await row.waitFor();
    // Tab through the approved question's buttons to « show on screen ».
    await tabTo(
      moderator,
      `[data-question-id="${await row.getAttribute('data-question-id')}"] [data-testid="action-show"]`,
    );
    await moderator.keyboard.press('Enter');
    // The person's own question: said as theirs (another's is « À l’écran : … »).
    await eventually(() => announcer.textContent()).toContain(`Votre question est à l’écran\u00a0: ${text}`);
    await eventually(() => said.textContent()).toContain('Question mise à l’écran');

    // Another participant upvotes it with the space bar.
    const upvote = other
      .locator(`[data-question-id="${await row.getAttribute('data-question-id')}"]`)
      .getByTestId('upvote');
    await upvote.waitFor();
    expect(await upvote.getAttribute('aria-pressed')).toBe('false');
    await tabTo(
      other,
      `[data-question-id="${await row.getAttribute('data-question-id')}"] [data-testid="upvote"]`,
    );
    await other.keyboard.press(' ');
    await eventually(() => upvote.getAttribute('aria-pressed')).toBe('true');
    await eventually(() => upvote.textContent()).toMatch(/^▲1 vote, voter pour cette question/);

    // A poll opens: announced; answered with the keyboard: the stored vote announced.
    const question = `Le programme vous convient-il ? (${Date.now()})`;
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId: session,
      draft: { question, kind: 'single', options: ['Oui', 'Non'] },
    });
    await ok(mod.socket, 'poll:open', { pollId: poll.id });
    await eventually(() => announcer.textContent()).toContain(`Nouveau sondage\u00a0: ${question}`);
    await tabTo(room, `[data-poll-id="${poll.id}"] [data-testid="poll-choice"]`);
    await room.keyboard.press('Enter');
    await eventually(() => announcer.textContent()).toContain(`Vote enregistré\u00a0: ${question}`);
    expect(
      await room
        .locator(`[data-poll-id="${poll.id}"] [data-testid="vote-status"]`)
        .getAttribute('data-state'),
    ).toBe('recorded');
    await room.screenshot({ path: join(shots, 'a11y-keyboard-375.png'), fullPage: true });
    await ok(mod.socket, 'poll:close', { pollId: poll.id });
    await ok(mod.socket, 'screen:show', { sessionId: session, item: null });
  });

  it('respects reduced motion: no transition or animation runs on the room or the projector', async () => {
    const { demo } = server;
    const session = demo.plenarySessionId;
    const screen = codeOf(demo, 'projector', 0);
    const path = `/e/${demo.slug}/projector/${screen.sessionId ?? session}?code=${screen.code}`;
    const still = await open(path, { width: 1920, height: 1080 }, { reducedMotion: 'reduce' });
    const moving = await open(path, { width: 1920, height: 1080 });
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId: session,
      draft: { question: 'Mouvement ?', kind: 'single', options: ['Oui', 'Non'] },
    });
    await ok(mod.socket, 'poll:open', { pollId: poll.id });
    await ok(mod.socket, 'screen:show', {
      sessionId: session,
      item: { kind: 'poll', id: poll.id, split: false },
    });
    for (const p of [still, moving]) await p.getByTestId('projector-bar').first().waitFor();
    // Without the preference the bars do move (the check below would catch a regression).
    expect((await movingElements(moving)).length).toBeGreaterThan(0);
    expect(await movingElements(still)).toEqual([]);

    const room = await participantRoom(3, { width: 375, height: 812 }, { reducedMotion: 'reduce' });
    await room.getByTestId('poll-card').first().waitFor();
    expect(await movingElements(room)).toEqual([]);
    await ok(mod.socket, 'poll:close', { pollId: poll.id });
    await ok(mod.socket, 'screen:show', { sessionId: session, item: null });
  });

  it('grows to 200 % with the browser’s font size at 375 px: no horizontal scroll, nothing clipped in the session room', async () => {
    const { demo } = server;
    const session = demo.plenarySessionId;
    const cloud = await ok(mod.socket, 'cloud:create', {
      sessionId: session,
      draft: { prompt: 'Un mot pour la journée ?' },
    });
    const asker = await actor(server, 'participant', 6, 'onsite');
    const asked = await ok(asker.socket, 'question:ask', {
      sessionId: session,
      clientId: clientId(),
      text: 'Comment les collectivités territoriales accompagneront-elles les associations intercommunales ?',
      anonymous: false,
    });
    await ok(mod.socket, 'question:moderate', { questionId: asked.id, action: 'approve' });
    await ok(mod.socket, 'cloud:open', { cloudId: cloud.id });
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId: session,
      draft: { question: 'Venez-vous de loin ?', kind: 'single', options: ['Oui, de très loin', 'Non'] },
    });
    await ok(mod.socket, 'poll:open', { pollId: poll.id });

    const room = await participantRoom(4, { width: 375, height: 812 }, { fontSize: 32 });
    await room.getByTestId('poll-card').first().waitFor();
    await eventually(() => room.getByTestId('audience-question').count()).toBeGreaterThan(0);
    // The browser's default size doubled (what a phone's system text size does), not the page's CSS.
    expect(
      await room.evaluate(() => {
        const w = globalThis as unknown as Dom;
        return w.getComputedStyle(w.document.documentElement).fontSize;
      }),
    ).toBe('32px');
    await room.screenshot({ path: join(shots, 'a11y-text-200-375-top.png') });
    await room.getByTestId('audience-question').first().scrollIntoViewIfNeeded();
    await room.screenshot({ path: join(shots, 'a11y-text-200-375-questions.png') });
    expect(await overflow(room)).toEqual({ scrollWidth: 375, clipped: [] });
    await ok(mod.socket, 'poll:close', { pollId: poll.id });
    await ok(mod.socket, 'cloud:close', { cloudId: cloud.id });
  });

  /** A participant's room in the plenary, entered with the n-th on-site demo code. */
  async function participantRoom(
    n: number,
    viewport: { width: number; height: number },
    options: { reducedMotion?: 'reduce'; fontSize?: number } = {},
  ): Promise<Page> {
    const { demo } = server;
    const page = await open('about:blank', viewport, options);
    await page.goto(`${server.url}/e/${demo.slug}?code=${codeOf(demo, 'participant', n, 'onsite').code}`);
    await enterRoom(page, demo.plenarySessionId, `a11y-${n}`);
    await page.getByTestId('ask-text').waitFor();
    return page;
  }
});

/** The DOM as the browser-side functions below see it (this Node-side file has no DOM types). */
interface Dom {
  document: {
    activeElement: { matches(selector: string): boolean } | null;
    documentElement: DomElement;
    querySelectorAll(selector: string): Iterable<DomElement>;
  };
  innerWidth: number;
  getComputedStyle(e: DomElement): Record<string, string>;
}
interface DomElement {
  tagName: string;
  className: string;
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
  textContent: string | null;
  getBoundingClientRect(): { left: number; right: number; width: number; height: number };
  closest(selector: string): DomElement | null;
}

/** Presses Tab until the focus is on `selector`: the element is reachable by keyboard, in order. */
async function tabTo(page: Page, selector: string, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const there = await page.evaluate(
      (sel) => (globalThis as unknown as Dom).document.activeElement?.matches(sel) ?? false,
      selector,
    );
    if (there) return;
  }
  throw new Error(`${selector} not reached with ${max} presses of Tab`);
}

/** Elements with a transition or an animation that lasts. */
function movingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as Dom;
    const out: string[] = [];
    const lasts = (v: string) => v.split(',').some((d) => parseFloat(d) > 0);
    for (const e of w.document.querySelectorAll('*')) {
      const style = w.getComputedStyle(e);
      const transition = lasts(style.transitionDuration ?? '0s');
      const animation = style.animationName !== 'none' && lasts(style.animationDuration ?? '0s');
      if (transition || animation) out.push(`${e.tagName.toLowerCase()}.${e.className}`);
    }
    return out;
  });
}

/**
 * The page's width and what is cut: an element whose content is wider or taller than its box
 * while it hides its overflow, or whose box leaves the viewport (screen-reader-only text aside).
 */
function overflow(page: Page): Promise<{ scrollWidth: number; clipped: string[] }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as Dom;
    const clipped: string[] = [];
    for (const e of w.document.querySelectorAll('body *')) {
      // Hidden on purpose: screen-reader-only text (1 px boxes) and the skip link until focused.
      if (e.closest('.sr-only, .skip-link')) continue;
      const style = w.getComputedStyle(e);
      const box = e.getBoundingClientRect();
      if (box.width <= 1 && box.height <= 1) continue;
      const hides = (v: string | undefined) => v === 'hidden' || v === 'clip';
      const cut =
        (hides(style.overflowX) && e.scrollWidth > e.clientWidth + 1) ||
        (hides(style.overflowY) && e.scrollHeight > e.clientHeight + 1) ||
        box.right > w.innerWidth + 1 ||
        box.left < -1;
      if (cut)
        clipped.push(`${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? '').slice(0, 40)}`);
    }
    return { scrollWidth: w.document.documentElement.scrollWidth, clipped };
  });
}
