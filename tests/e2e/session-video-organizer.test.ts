import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, shots, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import { ORGANIZER, createOrganizerCli } from '../support/organizer.ts';
import type { RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('the organizer sets a session’s replay video in the session form', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    // The CLI reaches the embedded store through the running server that holds it.
    await createOrganizerCli(server.dataDir);
  });

  afterAll(() => stopBrowserAndServer(browser, contexts, server));

  it('shows the demo replay file, refuses a PDF as a replay, and keeps the start offset', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const orga = await context.newPage();
    await orga.goto(`${server.url}/organizer`);
    await orga.getByTestId('login-email').fill(ORGANIZER.email);
    await orga.getByTestId('login-password').fill(ORGANIZER.password);
    await orga.getByTestId('login-submit').click();
    await eventually(() => orga.getByTestId('organizer-name').textContent()).toContain(ORGANIZER.name);
    await orga.goto(`${server.url}/organizer/e/${server.demo.slug}`);
    const replayId = server.demo.replaySessionId ?? '';
    await orga.locator(`[data-testid="timeline-session"][data-session-id="${replayId}"]`).click();

    const box = orga.getByTestId('session-video');
    await eventually(() => box.getByTestId('video-file').textContent()).toContain('video-de-test.webm');
    await box.getByTestId('video-input').setInputFiles({
      name: 'replay.webm',
      mimeType: 'video/webm',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
    });
    await box.getByRole('button', { name: 'Envoyer le fichier' }).click();
    await eventually(() => box.getByTestId('video-error').getAttribute('data-code')).toBe(
      'FILE_TYPE_REFUSED',
    );
    expect(await box.getByTestId('video-file').textContent()).toContain('video-de-test.webm');

    await box.getByTestId('video-offset').fill('12');
    await box.getByTestId('video-save').click();
    await eventually(() => box.textContent()).toContain('Enregistré.');
    await box.scrollIntoViewIfNeeded();
    await orga.screenshot({ path: join(shots, 'organizer-session-video-1280.png'), fullPage: true });

    const res = await orga.request.get(
      `${server.url}/api/organizer/editions/${server.demo.slug}/sessions/${replayId}/video`,
    );
    expect(await res.json()).toMatchObject({ videoStartOffsetSeconds: 12, fileIsLive: false });
  });
});
