import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { axeScan, serious } from '../support/axe.ts';
import { newContext, shots, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import { closeAllSockets, codeOf, ok, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/**
 * What a projector draws, read in the page under `scope`: what it shows, its theme and black
 * screen, its text (the QR code's address aside, which is the same link in both) and the bars and
 * words with their counts.
 */
function picture(page: Page, scope: string) {
  return page.evaluate(`(() => {
    const root = document.querySelector(${JSON.stringify(`${scope} [data-testid="projector"]`)});
    if (!root) return null;
    const all = (s) => [...root.querySelectorAll(s)];
    return {
      screen: root.getAttribute('data-screen'),
      theme: root.getAttribute('data-theme'),
      black: root.getAttribute('data-black'),
      text: root.innerText.replace(/\\s+/g, ' ').trim(),
      bars: all('[data-testid="projector-bar"]').map((b) => b.getAttribute('data-option-id') + '=' + b.getAttribute('data-count')),
      words: all('[data-testid="cloud-word"]').map((w) => w.getAttribute('data-key') + '=' + w.getAttribute('data-count')).sort(),
      qr: all('[data-testid="projector-qr"]').map((q) => q.getAttribute('data-qr-value')),
    };
  })()`);
}

/**
 * The console's preview of the projector: the projector's own drawing, fed by the moderator's
 * session, beside a real projector page at 1920×1080. Each thing put on screen (a question, a
 * poll, a cloud with a hidden word, the history, the black screen) shows the same in both; the
 * 4:3 shape and a theme are the projector's too. Screenshots of the console at 1366 px.
 */
describe('the moderator’s live preview of the projector', () => {
  let server: RunningServer;
  let browser: Browser;
  let console_: Page;
  let projector: Page;
  let mod: Actor;
  let sessionId: string;
  const people: Actor[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    sessionId = server.demo.plenarySessionId;
    mod = await actor(server, 'moderator', 1);
    for (let n = 0; n < 4; n++) {
      const someone = await actor(server, 'participant', n, n % 2 ? 'remote' : 'onsite');
      await ok(someone.socket, 'session:join', { sessionId });
      people.push(someone);
    }
    const open = async (viewport: { width: number; height: number }, path: string) => {
      const context = await newContext(browser, { viewport, reducedMotion: 'reduce' });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${server.url}/e/${server.demo.slug}/${path}`);
      return page;
    };
    const projectorCode = codeOf(server.demo, 'projector', 0).code;
    projector = await open({ width: 1920, height: 1080 }, `projector/${sessionId}?code=${projectorCode}`);
    console_ = await open(
      { width: 1366, height: 900 },
      `moderate/${sessionId}?code=${codeOf(server.demo, 'moderator', 0).code}`,
    );
    await console_.locator('[data-testid="projector-preview"] [data-testid="projector-join"]').waitFor();
    await projector.getByTestId('projector-join').waitFor();
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  const preview = () => picture(console_, '[data-testid="projector-preview"]');

  /** Both draw the same picture, and it shows `screen` (read together until they agree). */
  async function same(screen: string) {
    await eventually(async () => {
      const [mine, theirs] = (await Promise.all([preview(), picture(projector, 'body')])).map((p) =>
        JSON.stringify(p),
      );
      return mine === theirs ? JSON.parse(mine!).screen : `${mine}\n≠ projector ${theirs}`;
    }).toBe(screen);
  }

  const shot = (name: string) =>
    console_.screenshot({ path: join(shots, `moderator-preview-${name}-1366.png`) });

  it('shows the join screen, then a question put on screen from the console', async () => {
    await same('join');
    const asked = await ok(people[0]!.socket, 'question:ask', {
      sessionId,
      clientId: clientId(),
      text: 'Comment les associations peuvent-elles mieux coopérer avec les collectivités ?',
      anonymous: false,
    });
    // Pending: the console's own button approves it and puts it on screen.
    const card = console_.getByTestId('mod-question').filter({ hasText: 'mieux coopérer' });
    await card.getByTestId('action-show').click();
    await same('question');
    await ok(people[1]!.socket, 'question:upvote', { questionId: asked.id, up: true });
    await console_
      .locator('[data-testid="projector-preview"] [data-testid="projector-votes"][data-count="1"]')
      .waitFor();
    await same('question');
    const drawn = (await preview()) as { text: string };
    expect(drawn.text).toContain('mieux coopérer');
    expect(drawn.text).toContain('▲ 1');
    await shot('question');
  });

  it('shows a poll with its results, then split, as the projector does', async () => {
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId,
      draft: {
        question: 'La coopération, c’est…',
        kind: 'single',
        options: ['Facile', 'Difficile', 'Indispensable'],
        maxChoices: 1,
        visibility: 'live',
      },
    });
    await ok(mod.socket, 'poll:open', { pollId: poll.id });
    for (const [n, p] of people.entries())
      await ok(p.socket, 'poll:vote', {
        pollId: poll.id,
        clientId: clientId('v'),
        choices: [poll.options[n % 3]!.id],
      });
    await ok(mod.socket, 'screen:show', { sessionId, item: { kind: 'poll', id: poll.id, split: false } });
    await same('poll');
    await eventually(async () => ((await preview()) as { bars: string[] }).bars.join(' ')).toBe(
      poll.options.map((o, i) => `${o.id}=${i === 0 ? 2 : 1}`).join(' '),
    );
    await shot('poll');
    await ok(mod.socket, 'screen:show', { sessionId, item: { kind: 'poll', id: poll.id, split: true } });
    await console_.locator('[data-testid="projector-preview"] [data-split="true"]').waitFor();
    await same('poll');
  });

  it('shows a cloud without the word the moderator hid, as the projector does', async () => {
    const cloud = await ok(mod.socket, 'cloud:create', {
      sessionId,
      draft: {
        prompt: 'Un mot pour cette journée ?',
        maxWordsPerParticipant: 3,
        maxLength: 30,
        visibility: 'live',
      },
    });
    await ok(mod.socket, 'cloud:open', { cloudId: cloud.id });
    const words = ['Confiance', 'Écoute', 'Partage', 'Confiance', 'Lien', 'Avenir', 'Bazar', 'Confiance'];
    for (const [n, text] of words.entries())
      await ok(people[n % people.length]!.socket, 'cloud:submit', {
        cloudId: cloud.id,
        clientId: clientId('w'),
        text,
      });
    await ok(mod.socket, 'screen:show', { sessionId, item: { kind: 'cloud', id: cloud.id } });
    const words_ = async (page: Page, scope: string) =>
      ((await picture(page, scope)) as { words: string[] }).words;
    const previewWords = () => words_(console_, '[data-testid="projector-preview"]');
    await eventually(async () => (await previewWords()).length).toBe(6);
    await eventually(async () => (await words_(projector, 'body')).length).toBe(6);
    await same('cloud');
    const bazar = (await previewWords()).find((w) => w.startsWith('bazar'))!.split('=')[0]!;
    await ok(mod.socket, 'cloud:hide', { cloudId: cloud.id, key: bazar, hidden: true });
    // The console's own list keeps the hidden word (flagged); the preview, like the projector, drops it.
    await eventually(async () => (await previewWords()).length).toBe(5);
    await eventually(async () => (await words_(projector, 'body')).length).toBe(5);
    await same('cloud');
    await shot('cloud');
  });

  it('shows the question history, then black on the console’s switch, then the history again', async () => {
    await ok(mod.socket, 'screen:show', { sessionId, item: { kind: 'history', id: sessionId } });
    await same('history');
    await console_.getByTestId('black-screen').click();
    await console_.locator('[data-testid="projector-preview"] [data-black="true"]').waitFor();
    await projector.locator('[data-testid="projector"][data-black="true"]').waitFor();
    await same('history');
    await shot('black');
    await console_.getByTestId('black-screen').click();
    await projector.locator('[data-testid="projector"][data-black="false"]').waitFor();
    await same('history');
  });

  it('draws the 4:3 shape and a chosen theme as a projector with that shape and theme does', async () => {
    await ok(mod.socket, 'screen:show', { sessionId, item: null });
    await console_.getByTestId('preview-ratio-4-3').click();
    await console_.getByTestId('preview-theme').selectOption('light');
    const href = await console_.getByTestId('open-projector').getAttribute('href');
    expect(href).toBe(`/e/${server.demo.slug}/projector/${sessionId}?theme=light`);
    const context = await newContext(browser, {
      viewport: { width: 1024, height: 768 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    projector = await context.newPage();
    await projector.goto(`${server.url}${href}&code=${codeOf(server.demo, 'projector', 0).code}`);
    await projector.getByTestId('projector-join').waitFor();
    await same('join');
    expect(await preview()).toMatchObject({ theme: 'light' });
    // The 4:3 join screen stacks its QR code under the title (a container query, as on the projector).
    const stacked = (page: Page, scope: string) =>
      page.evaluate(`(() => {
        const title = document.querySelector(${JSON.stringify(`${scope} .projector-join-title`)}).getBoundingClientRect();
        const qr = document.querySelector(${JSON.stringify(`${scope} .qr`)}).getBoundingClientRect();
        return qr.top >= title.bottom - 1;
      })()`);
    expect(await stacked(projector, 'body')).toBe(true);
    expect(await stacked(console_, '[data-testid="projector-preview"]')).toBe(true);
    await shot('join-4-3-light');
    const findings = await axeScan(console_, 'moderator with the projector preview');
    expect(findings.filter(serious)).toEqual([]);
  });
});
