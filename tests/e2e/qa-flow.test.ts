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
import { type DemoCode, type RunningServer } from '../support/server-process.ts';

describe('moderated Q&A across participant, moderator and projector', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(() => stopBrowserAndServer(browser, contexts, server));

  it('a participant asks, the moderator approves and puts it on screen, the projector shows it', async () => {
    const { url, demo } = server;
    const session = demo.plenarySessionId;
    const codeOf = (pred: (c: DemoCode) => boolean) => {
      const found = demo.codes.find(pred);
      if (!found) throw new Error('demo code missing');
      return found.code;
    };
    const text = `Comment les personnes à distance seront-elles entendues ? (e2e ${Date.now()})`;

    // Participant, phone-sized: joins by typing the code in lower case without dashes.
    const phone = await newContext(browser, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    contexts.push(phone);
    const participant = await phone.newPage();
    await participant.goto(`${url}/e/${demo.slug}`);
    await participant.getByTestId('join-code').fill(
      codeOf((c) => c.role === 'participant' && c.attendance === 'onsite')
        .replace(/-/g, '')
        .toLowerCase(),
    );
    await participant.getByTestId('join-submit').click();
    await enterRoom(participant, session, 'qa-flow');
    await participant.getByTestId('ask-text').fill(text);
    await participant.getByTestId('ask-submit').click();
    const mine = participant.getByTestId('my-question').filter({ hasText: text });
    await expect.poll(() => mine.getAttribute('data-status')).toBe('pending');

    // Moderator, desktop: joins through a deep link with ?code=, which is removed from the address.
    const laptop = await newContext(browser, { viewport: { width: 1440, height: 900 } });
    contexts.push(laptop);
    const moderator = await laptop.newPage();
    await moderator.goto(
      `${url}/e/${demo.slug}/moderate/${session}?code=${codeOf((c) => c.role === 'moderator')}`,
    );
    await moderator.getByTestId('filter-all').click();
    const row = moderator.getByTestId('mod-question').filter({ hasText: text });
    await row.getByTestId('action-approve').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('approved');
    expect(moderator.url()).not.toContain('code=');
    await row.getByTestId('action-show').click();
    await moderator.getByTestId('mod-on-screen-text').filter({ hasText: text }).waitFor();

    // Projector, 16:9.
    const screen = await newContext(browser, { viewport: { width: 1920, height: 1080 } });
    contexts.push(screen);
    const projector = await screen.newPage();
    await projector.goto(
      `${url}/e/${demo.slug}/projector/${session}?code=${codeOf((c) => c.role === 'projector' && c.sessionId === session)}`,
    );
    await projector.getByTestId('projector-question-text').filter({ hasText: text }).waitFor();

    // The participant sees it approved, in the public list and on screen.
    await expect.poll(() => mine.getAttribute('data-status')).toBe('approved');
    await participant.getByTestId('audience-question').filter({ hasText: text }).waitFor();
    await participant.getByTestId('audience-on-screen').filter({ hasText: text }).waitFor();

    await participant.screenshot({ path: join(shots, 'participant-360.png'), fullPage: true });
    await moderator.screenshot({ path: join(shots, 'moderator-1440.png') });
    await projector.screenshot({ path: join(shots, 'projector-1920.png') });

    // Clearing the screen brings the join instructions and QR code back.
    await moderator.getByTestId('clear-screen').click();
    await projector.getByTestId('projector-qr').locator('svg').waitFor();
    await projector.screenshot({ path: join(shots, 'projector-join-1920.png') });
  });
});
