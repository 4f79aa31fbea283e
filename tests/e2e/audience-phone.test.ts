import { join } from 'node:path';
import type { AttendanceMode } from '@agora/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, askQuestion, clientId, type Actor } from '../support/actors.ts';
import {
  animationsSettled,
  enterRoom,
  holdRequests,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, codeOf, ok, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** What people notice on their phone on the day: several polls at once, long texts, what is pending. */
describe('a participant’s phone on the day', () => {
  let server: RunningServer;
  let browser: Browser;
  let mod: Actor;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    mod = await actor(server, 'moderator', 0);
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  /**
   * A phone (360 px) in the plenary room, entered with the n-th demo code of that attendance, once
   * the room has loaded (`enterRoom`). `prepare` runs on the page before it opens anything.
   */
  async function phone(
    attendance: AttendanceMode,
    n: number,
    prepare?: (page: Page) => Promise<unknown>,
  ): Promise<Page> {
    const context = await newContext(browser, {
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
    });
    contexts.push(context);
    const page = await context.newPage();
    await prepare?.(page);
    const { code } = codeOf(server.demo, 'participant', n, attendance);
    await page.goto(`${server.url}/e/${server.demo.slug}?code=${code}`);
    await enterRoom(page, server.demo.plenarySessionId, `audience-phone-${n}`);
    return page;
  }

  const openPoll = async (question: string) => {
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId: server.demo.plenarySessionId,
      draft: { question, kind: 'single', options: ['Oui', 'Non'] },
    });
    return ok(mod.socket, 'poll:open', { pollId: poll.id });
  };

  it('shows every poll still open, newest first, and to the hall the open one during a remote window', async () => {
    const session = server.demo.plenarySessionId;
    await ok(mod.socket, 'session:set-delay', { sessionId: session, remoteDelaySeconds: 120 });
    const first = await openPoll('Première question ouverte\u202f?');
    const second = await openPoll('Seconde question ouverte\u202f?');

    const hall = await phone('onsite', 0);
    const remote = await phone('remote', 0);
    const cards = (p: Page) =>
      p
        .getByTestId('poll-card')
        .evaluateAll((els) =>
          els.map((e) => [e.getAttribute('data-poll-id'), e.getAttribute('data-status')]),
        );
    for (const p of [hall, remote]) {
      await eventually(() => cards(p)).toEqual([
        [second.id, 'open'],
        [first.id, 'open'],
      ]);
    }
    // The older one can still be answered while the newer one is open.
    await hall.locator(`[data-poll-id="${first.id}"] [data-testid="poll-choice"]`).first().click();
    await eventually(() =>
      hall.locator(`[data-poll-id="${first.id}"] [data-testid="vote-status"]`).getAttribute('data-state'),
    ).toBe('recorded');

    // The moderator closes the newer one and puts it on screen: remote people have two minutes left.
    expect((await ok(mod.socket, 'poll:close', { pollId: second.id })).status).toBe('closing');
    await ok(mod.socket, 'screen:show', {
      sessionId: session,
      item: { kind: 'poll', id: second.id, split: false },
    });

    // The hall phone lists the poll it may still answer first, then the one over for it.
    await eventually(() => cards(hall)).toEqual([
      [first.id, 'open'],
      [second.id, 'closing'],
    ]);
    expect(
      await hall.locator(`[data-poll-id="${first.id}"] [data-testid="poll-choice"]:enabled`).count(),
    ).toBe(2);
    await hall.locator(`[data-poll-id="${second.id}"] [data-testid="poll-closed"]`).waitFor();
    await hall.screenshot({ path: join(shots, 'phone-two-polls-hall-360.png'), fullPage: true });

    // The remote phone answers both, the closing one first (opened last) with its countdown.
    await eventually(() => cards(remote)).toEqual([
      [second.id, 'closing'],
      [first.id, 'open'],
    ]);
    await remote.locator(`[data-poll-id="${second.id}"] [data-testid="remote-countdown"]`).waitFor();
    expect(await remote.locator('[data-testid="poll-choice"]:enabled').count()).toBe(4);
    await remote.screenshot({ path: join(shots, 'phone-two-polls-remote-360.png'), fullPage: true });

    // Both over for the hall: the last one closed stays shown, the older one folds away.
    for (const p of [first, second]) await ok(mod.socket, 'poll:close', { pollId: p.id });
    await eventually(() =>
      hall.locator('[data-testid="earlier-interactions"] [data-testid="poll-card"]').count(),
    ).toBe(1);
    expect(
      await hall.locator('[data-testid="participant-interactions"] > [data-testid="poll-card"]').count(),
    ).toBe(1);
    await hall.screenshot({ path: join(shots, 'phone-earlier-results-360.png') });
    await ok(mod.socket, 'session:set-delay', { sessionId: session, remoteDelaySeconds: 0 });
  });

  it('refuses an over-long question or cloud phrase with a counter and a message, without cutting it', async () => {
    const page = await phone('onsite', 1);
    const box = page.getByTestId('ask-text');
    const words = 'Pourriez-vous préciser comment les associations partenaires seront associées ';
    const long = `${words.repeat(8).slice(0, 561)}?`;
    expect(long.trim()).toHaveLength(562);
    await box.fill(long);
    expect(await box.inputValue()).toBe(long);
    await page.getByTestId('ask-too-long').waitFor();
    expect(await page.getByTestId('ask-too-long').textContent()).toContain('62\u00a0caractères de trop');
    expect(await page.getByTestId('ask-count').textContent()).toBe('562\u00a0/\u00a0500');
    expect(await page.getByTestId('ask-submit').isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'phone-question-too-long-360.png') });

    // Shortened by hand to the limit, it goes.
    await box.fill(long.slice(0, 500));
    expect(await page.getByTestId('ask-too-long').count()).toBe(0);
    await page.getByTestId('ask-submit').click();
    await page.locator('[data-testid="my-question"][data-status="pending"]').waitFor();

    // A word cloud taking 30 characters: a 43-character phrase is kept whole and refused.
    const cloud = await ok(mod.socket, 'cloud:create', {
      sessionId: server.demo.plenarySessionId,
      draft: { prompt: 'Un mot pour la coopération\u202f?', maxLength: 30 },
    });
    await ok(mod.socket, 'cloud:open', { cloudId: cloud.id });
    const card = page.locator(`[data-cloud-id="${cloud.id}"]`);
    const input = card.getByTestId('word-input');
    const phrase = 'une coopération durable entre associations'; // 42 + 1 below
    await input.fill(`${phrase}s`);
    expect(await input.inputValue()).toBe(`${phrase}s`);
    await card.getByTestId('word-too-long').waitFor();
    expect(await card.getByTestId('word-chars').textContent()).toBe('43\u00a0/\u00a030');
    expect(await card.getByTestId('word-submit').isDisabled()).toBe(true);
    await input.press('Enter');
    expect(await card.getByTestId('my-word-pending').count()).toBe(0);
    expect(await card.getByTestId('my-word').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'phone-cloud-too-long-360.png') });

    await input.fill('coopération durable');
    await card.getByTestId('word-submit').click();
    await eventually(() => card.getByTestId('my-word').allTextContents()).toEqual([
      '✓ coopération durable (enregistré)',
    ]);
    await ok(mod.socket, 'cloud:close', { cloudId: cloud.id });
  });

  it('says the pending count is everyone’s and how many of them are mine', async () => {
    const session = server.demo.plenarySessionId;
    const page = await phone('onsite', 2);
    const other = await actor(server, 'participant', 3, 'onsite');
    const pending = page.getByTestId('pending-count');
    // From the server, not the page: the page may not have its snapshot yet when the test reads it.
    const { questions } = (await ok(mod.socket, 'moderation:join', { sessionId: session })).qa;
    const before = questions.filter((q) => q.status === 'pending').length;
    for (const text of ['Une question d’une autre personne', 'Encore une autre question']) {
      await ok(other.socket, 'question:ask', {
        sessionId: session,
        clientId: clientId(),
        text,
        anonymous: false,
      });
    }
    await eventually(() => pending.textContent()).toBe(
      `${before + 2}\u00a0questions en attente de modération, toutes personnes confondues`,
    );

    await page.getByTestId('ask-text').fill('Ma question à moi');
    await page.getByTestId('ask-submit').click();
    const sent = page.locator('[data-testid="ask-form"] .notice');
    await sent.waitFor();
    await eventually(() => pending.textContent()).toBe(
      `${before + 3}\u00a0questions en attente de modération, toutes personnes confondues, dont 1\u00a0posée par vous`,
    );
    await page.screenshot({ path: join(shots, 'phone-pending-360.png') });
  });

  it('lets « Question envoyée » be read, then takes it away by itself', async () => {
    const page = await phone('onsite', 4);
    await page.getByTestId('ask-text').fill('Une question pour voir la confirmation');
    await page.getByTestId('ask-submit').click();
    const sent = page.locator('[data-testid="ask-form"] .notice');
    await sent.waitFor();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await sent.isVisible()).toBe(true);
    // What follows the form does not move up when it goes: a thumb may be on its way there.
    const below = page.getByRole('heading', { name: 'Mes questions' });
    const before = await below.boundingBox();
    await sent.waitFor({ state: 'hidden', timeout: 8_000 });
    expect(await below.boundingBox()).toEqual(before);
    // Its line goes once the person is back at the form.
    await page.getByTestId('ask-text').focus();
    await sent.waitFor({ state: 'detached' });
  });

  it('keeps the ask form in its place once the room has loaded: the cloud’s box is there before its code', async () => {
    // A closed cloud with a word: every phone shows its results, drawn by a chunk of their own.
    const cloud = await ok(mod.socket, 'cloud:create', {
      sessionId: server.demo.plenarySessionId,
      draft: { prompt: 'Un mot pour finir ?', maxLength: 30 },
    });
    await ok(mod.socket, 'cloud:open', { cloudId: cloud.id });
    const other = await actor(server, 'participant', 5, 'onsite');
    await ok(other.socket, 'cloud:submit', { cloudId: cloud.id, clientId: clientId(), text: 'écoute' });
    await ok(mod.socket, 'cloud:close', { cloudId: cloud.id });

    // The cloud's code held back until the room has loaded and the form's place is read.
    let release = () => {};
    const page = await phone('onsite', 6, async (p) => {
      release = await holdRequests(p, '**/assets/PhoneCloud-*.js');
    });
    const card = page.locator(`[data-cloud-id="${cloud.id}"]`);
    await card.getByTestId('cloud-results').waitFor();
    // From the page's top: the screenshots scroll.
    const formTop = () =>
      page
        .getByTestId('ask-form')
        .evaluate(
          (e) => e.getBoundingClientRect().top + (globalThis as unknown as { scrollY: number }).scrollY,
        );
    const before = await formTop();
    await card.screenshot({ path: join(shots, 'phone-cloud-loading-360.png') });
    release();
    await card.getByTestId('cloud-word').first().waitFor();
    expect(await formTop()).toBe(before);
    await card.screenshot({ path: join(shots, 'phone-cloud-loaded-360.png') });
  });

  it('keeps the questions in their places when votes change the ranking, until the person asks for the new order', async () => {
    const session = server.demo.plenarySessionId;
    const asker = await actor(server, 'participant', 7, 'onsite');
    const ids: string[] = [];
    for (const letter of ['A', 'B', 'C']) {
      const q = await askQuestion(
        asker,
        session,
        `Question ${letter} pour l’ordre de la liste (${Date.now()})\u202f?`,
      );
      await ok(mod.socket, 'question:moderate', { questionId: q.id, action: 'approve' });
      ids.push(q.id);
    }
    const [a, b, c] = ids as [string, string, string];
    const page = await phone('onsite', 8);
    const ours = async () =>
      (
        await page
          .getByTestId('audience-question')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-question-id')))
      ).filter((id): id is string => id !== null && ids.includes(id));
    const update = page.getByTestId('questions-reorder');
    // No votes yet: the newest first.
    await eventually(ours).toEqual([c, b, a]);
    expect(await update.isVisible()).toBe(false);

    // Two people in the hall vote for A: it leads the ranking, but the list does not move under a
    // thumb that was on its way to B's or C's button; its count changes in place.
    for (const n of [9, 10]) {
      const voter = await actor(server, 'participant', n, 'onsite');
      await ok(voter.socket, 'question:upvote', { questionId: a, up: true });
    }
    const cardA = page.locator(`[data-testid="audience-question"][data-question-id="${a}"]`);
    await eventually(() => cardA.getByTestId('vote-count').textContent()).toBe('2');
    expect(await ours()).toEqual([c, b, a]);
    await update.waitFor();
    await update.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'audience-reorder-offered-360.png') });

    // The person asks for the new order.
    await update.click();
    await eventually(ours).toEqual([a, c, b]);
    await eventually(() => update.isVisible()).toBe(false);
  });

  it('keeps the questions in their places while others ask and the moderation queue empties', async () => {
    const session = server.demo.plenarySessionId;
    const asker = await actor(server, 'participant', 11, 'onsite');
    const approved = await askQuestion(asker, session, 'Une question approuvée, déjà dans la liste\u202f?');
    await ok(mod.socket, 'question:moderate', { questionId: approved.id, action: 'approve' });
    const page = await phone('onsite', 10);
    const vote = page.locator(`[data-question-id="${approved.id}"] [data-testid="upvote"]`);
    await vote.waitFor();
    // Nothing waits for moderation (the earlier tests' questions turned down), then one does.
    const { qa } = await ok(mod.socket, 'moderation:join', { sessionId: session });
    for (const q of qa.questions.filter((q) => q.status === 'pending')) {
      await ok(mod.socket, 'question:moderate', { questionId: q.id, action: 'reject' });
    }
    await eventually(() => page.getByTestId('pending-count').count()).toBe(0);
    const at = await vote.boundingBox();
    const other = await askQuestion(asker, session, 'Une question qui attend la modération\u202f?');
    await page.getByTestId('pending-count').waitFor();
    expect(await vote.boundingBox()).toEqual(at);
    await ok(mod.socket, 'question:moderate', { questionId: other.id, action: 'reject' });
    await eventually(() => page.getByTestId('pending-count').count()).toBe(0);
    expect(await vote.boundingBox()).toEqual(at);
  });

  it('draws a 0–10 scale as buttons of one width, its ends said with them and set at either side', async () => {
    // Before, the buttons grew to fill their row: « 10 », alone on the last row, was five times as
    // wide as the others, a mark no other answer had; the ends' labels were out of the buttons'
    // description, so a screen reader read « 0 » … « 10 » with no meaning.
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId: server.demo.plenarySessionId,
      draft: {
        question: 'Votre satisfaction, de 0 à 10\u202f?',
        kind: 'rating',
        scale: { min: 0, max: 10, minLabel: 'Pas du tout satisfait', maxLabel: 'Tout à fait satisfait' },
      },
    });
    await ok(mod.socket, 'poll:open', { pollId: poll.id });
    const page = await phone('onsite', 3);
    const card = page.locator(`[data-poll-id="${poll.id}"]`);
    const choices = card.getByTestId('poll-choice');
    await eventually(() => choices.count()).toBe(11);
    const widths = await choices.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(1);

    const group = card.getByRole('group');
    const description = await group.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id: string) => el.ownerDocument.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toContain('Pas du tout satisfait');
    expect(description).toContain('Tout à fait satisfait');

    // The top end's label ends where the last button of a full row ends.
    const ends = card.getByTestId('scale-ends');
    const right = await ends.evaluate((el) => {
      const range = el.ownerDocument.createRange();
      range.selectNodeContents(el.lastElementChild!);
      // The label's own lines (its screen-reader-only prefix is a 1 px box).
      return Math.max(...[...range.getClientRects()].filter((r) => r.width > 2).map((r) => r.right));
    });
    const rowEnd = Math.max(
      ...(await choices.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))),
    );
    expect(Math.abs(right - rowEnd)).toBeLessThan(2);
    await card.screenshot({ path: join(shots, 'phone-rating-0-10-360.png') });
  });

  it('draws a cloud’s long phrases on a phone, wrapped inside the box, and the short words with them', async () => {
    // maxLength 60: a phrase of 45 characters is wider than a phone's box at its smallest size.
    // Before, the phone drew nothing at all when such a phrase led the ranking (« + 10 autres mots »).
    const cloud = await ok(mod.socket, 'cloud:create', {
      sessionId: server.demo.plenarySessionId,
      draft: { prompt: 'Une priorité pour demain\u202f?', maxLength: 60, maxWordsPerParticipant: 5 },
    });
    await ok(mod.socket, 'cloud:open', { cloudId: cloud.id });
    const sent: [string, number][] = [
      ['mutualiser les moyens entre nos associations', 3],
      ['une gouvernance partagée et vraiment ouverte', 2],
      ...['écoute', 'confiance', 'partage', 'entraide', 'dialogue', 'respect', 'territoire', 'courage'].map(
        (text): [string, number] => [text, 1],
      ),
    ];
    const people = await Promise.all([1, 2, 3].map((n) => actor(server, 'participant', n, 'remote')));
    let next = 0;
    for (const [text, count] of sent) {
      for (let k = 0; k < count; k++) {
        const who = people[next++ % people.length]!;
        await ok(who.socket, 'cloud:submit', { cloudId: cloud.id, clientId: clientId(), text });
      }
    }
    await ok(mod.socket, 'cloud:close', { cloudId: cloud.id });

    const page = await phone('remote', 4);
    const card = page.locator(`[data-cloud-id="${cloud.id}"]`);
    const drawn = card.getByTestId('cloud-word');
    await eventually(() => drawn.count()).toBe(sent.length);
    expect(await card.getByTestId('cloud-more').getAttribute('data-count')).toBe('0');
    // Each phrase whole (its lines put together), and every word inside the cloud's box.
    const texts = await drawn.evaluateAll((els) => els.map((e) => e.textContent?.replace(/\s+/g, ' ')));
    expect([...texts].sort()).toEqual(sent.map(([text]) => text).sort());
    const box = (await card.getByTestId('phone-cloud').boundingBox())!;
    for (const word of await drawn.all()) {
      const b = (await word.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(box.x - 0.5);
      expect(b.y).toBeGreaterThanOrEqual(box.y - 0.5);
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
      expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height + 0.5);
    }
    await card.getByTestId('phone-cloud').scrollIntoViewIfNeeded();
    await animationsSettled(page);
    await card.screenshot({ path: join(shots, 'phone-cloud-phrases-360.png') });
  });
});
