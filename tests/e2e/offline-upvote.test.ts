import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId } from '../support/actors.ts';
import {
  enterRoom,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, codeOf, ok, startServer, type RunningServer } from '../support/server-process.ts';

describe('an upvote given while the server is down', () => {
  let server: RunningServer | undefined;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  it('is shown at once as pending, sent after the restart and counted once', async () => {
    const first = server!;
    const session = first.demo.plenarySessionId;
    const text = `Les supports seront-ils en ligne ? (e2e ${Date.now()})`;

    // Someone else asks, a moderator approves: the question is open to votes.
    const author = await actor(first, 'participant', 1, 'onsite');
    const mod = await actor(first, 'moderator', 0);
    const asked = await ok(author.socket, 'question:ask', {
      sessionId: session,
      clientId: clientId(),
      text,
      anonymous: false,
    });
    await ok(mod.socket, 'question:moderate', { questionId: asked.id, action: 'approve' });
    closeAllSockets();

    const phone = await newContext(browser, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    contexts.push(phone);
    const page = await phone.newPage();
    await page.goto(
      `${first.url}/e/${first.demo.slug}?code=${codeOf(first.demo, 'participant', 0, 'onsite').code}`,
    );
    await enterRoom(page, session, 'offline-upvote');
    const button = page.locator(`[data-question-id="${asked.id}"] [data-testid="upvote"]`);
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');

    await first.stop();
    server = undefined;
    await page.locator('[data-testid="connection-state"]:not([data-state="connected"])').waitFor();

    // Up, down, up again while offline: one desired state is kept, shown pending with the vote counted.
    await button.click();
    await button.click();
    await button.click();
    await expect.poll(() => button.getAttribute('data-pending')).toBe('true');
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect(await button.getByTestId('vote-count').textContent()).toBe('1');
    // Strings evaluated in the page, so this Node-side file needs no DOM types.
    const stored = (await page.evaluate(
      "Object.entries(localStorage).filter(([key]) => key.startsWith('agora:pending:'))",
    )) as [string, string][];
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]![1])).toEqual({
      version: 1,
      items: [
        expect.objectContaining({ command: 'question:upvote', input: { questionId: asked.id, up: true } }),
      ],
    });
    expect(await page.getByTestId('vote-error').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'upvote-pending-360.png') });

    // Same data folder and port: the page reconnects by itself and re-sends the vote.
    server = await startServer({ dataDir: first.dataDir, env: { PORT: String(first.port) } });
    await page
      .locator(`[data-question-id="${asked.id}"] [data-testid="upvote"]:not([data-pending])`)
      .waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('true');

    const moderator = await actor(server, 'moderator', 0);
    const snapshot = await ok(moderator.socket, 'moderation:join', { sessionId: session });
    expect(snapshot.qa.questions.find((q) => q.id === asked.id)?.votes).toBe(1);
    expect(
      await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('agora:pending:'))"),
    ).toEqual([]);

    // A reload shows the server's state: voted, once.
    await page.reload();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    expect(await button.getByTestId('vote-count').textContent()).toBe('1');
    expect(await button.getAttribute('data-pending')).toBeNull();
  });
});
