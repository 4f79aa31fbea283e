import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, openYesNoPoll, type Actor } from '../support/actors.ts';
import { axeScan, serious } from '../support/axe.ts';
import {
  enterRoom,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, codeOf, ok, startServer, type RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

/**
 * What a participant's phone (390 px) says of each submission: a question, a ballot and a word
 * made while the server is gone are kept on the phone and said so (in words and in the live
 * region); the server back on the same port and data, the phone sends them and says them stored;
 * the question then goes approved, on screen, answered; others not kept and merged.
 */
describe('the phone’s submission states', () => {
  let server: RunningServer | undefined;
  let browser: Browser;
  let page: Page;
  let mod: Actor;
  const contexts: BrowserContext[] = [];
  const ids = { poll: '', cloud: '' };
  const text = 'Les supports de la plénière seront-ils en ligne ?';

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    const sessionId = server.demo.plenarySessionId;
    const first = await actor(server, 'moderator', 0);
    const poll = await openYesNoPoll(first, sessionId, 'Venez-vous demain ?');
    const cloud = await ok(first.socket, 'cloud:create', {
      sessionId,
      draft: { prompt: 'Un mot pour demain ?', maxWordsPerParticipant: 3, maxLength: 30, visibility: 'live' },
    });
    await ok(first.socket, 'cloud:open', { cloudId: cloud.id });
    ids.poll = poll.id;
    ids.cloud = cloud.id;
    closeAllSockets();
    const context = await newContext(browser, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    });
    contexts.push(context);
    page = await context.newPage();
    await page.goto(
      `${server.url}/e/${server.demo.slug}?code=${codeOf(server.demo, 'participant', 0, 'onsite').code}`,
    );
    await enterRoom(page, sessionId, 'submission-states');
    await page.locator(`[data-poll-id="${poll.id}"] [data-testid="poll-choice"]`).first().waitFor();
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  const said = () => page.getByTestId('announcer').innerText();
  const myQuestion = (t: string) => page.getByTestId('my-question').filter({ hasText: t });
  const pollCard = () => page.locator(`[data-poll-id="${ids.poll}"]`);
  const cloudCard = () => page.locator(`[data-cloud-id="${ids.cloud}"]`);

  it('keeps a question, a ballot and a word on the phone while offline, and says so', async () => {
    const gone = server!;
    await gone.stop();
    await page.locator('[data-testid="connection-state"]:not([data-state="connected"])').waitFor();

    await page.getByTestId('ask-text').fill(text);
    await page.getByTestId('ask-submit').click();
    await eventually(() => myQuestion(text).getAttribute('data-state')).toBe('queued');
    expect(await myQuestion(text).getByTestId('submission-state').innerText()).toBe('Hors connexion');
    expect(await myQuestion(text).getByTestId('submission-note').innerText()).toBe(
      'Gardée sur ce téléphone\u00a0: elle partira dès le retour de la connexion.',
    );

    await pollCard().getByTestId('poll-choice').first().click();
    await eventually(() => pollCard().getByTestId('vote-status').getAttribute('data-state')).toBe('queued');
    expect(await pollCard().getByTestId('vote-status').innerText()).toContain(
      'votre vote est gardé sur ce téléphone',
    );

    await cloudCard().getByTestId('word-input').fill('Confiance');
    await cloudCard().getByTestId('word-submit').click();
    const word = cloudCard().getByTestId('my-word-pending');
    await eventually(() => word.getAttribute('data-state')).toBe('queued');
    expect(await word.innerText()).toBe('Confiance (hors connexion, partira au retour du réseau)');
    // The count says the word waits on the phone, not « 0 mot envoyé sur 3 » (in both languages).
    const count = cloudCard().getByTestId('words-count');
    expect(await count.innerText()).toBe('1 mot en attente d’envoi (sur 3)');
    await page.getByTestId('lang-en').click();
    await eventually(() => count.innerText()).toBe('1 word waiting to be sent (of 3)');
    await page.getByTestId('lang-fr').click();
    await eventually(() => count.innerText()).toBe('1 mot en attente d’envoi (sur 3)');
    // The ballot and the word are said kept offline (the ask form says it of the question).
    await eventually(async () => (await said()).split('Hors connexion').length - 1).toBe(2);
    await page.screenshot({ path: join(shots, 'phone-submissions-offline-390.png'), fullPage: true });

    // Same data folder and port: the phone reconnects by itself and sends all three.
    server = await startServer({ dataDir: gone.dataDir, env: { PORT: String(gone.port) } });
    await eventually(() => myQuestion(text).getAttribute('data-state')).toBe('stored');
    expect(await myQuestion(text).getByTestId('submission-note').innerText()).toBe(
      'Bien reçue et enregistrée\u202f; en attente de modération.',
    );
    await eventually(() => pollCard().getByTestId('vote-status').getAttribute('data-state')).toBe('recorded');
    await eventually(() => cloudCard().getByTestId('my-word').getAttribute('data-state')).toBe('stored');
    expect(await cloudCard().getByTestId('my-word-pending').count()).toBe(0);
    expect(await cloudCard().getByTestId('words-count').innerText()).toBe('1 mot envoyé sur 3');
    await eventually(() => said()).toContain(`Question enregistrée, en attente de modération\u00a0: ${text}`);
    await eventually(() => said()).toContain('Vote enregistré');
    await page.screenshot({ path: join(shots, 'phone-submissions-stored-390.png'), fullPage: true });
  });

  it('follows the question to approved, on screen and answered; says others not kept or merged', async () => {
    const sessionId = server!.demo.plenarySessionId;
    mod = await actor(server!, 'moderator', 0);
    const questionId = await myQuestion(text).getAttribute('data-question-id');
    if (!questionId) throw new Error('question id missing');

    await ok(mod.socket, 'question:moderate', { questionId, action: 'approve' });
    await eventually(() => myQuestion(text).getAttribute('data-state')).toBe('approved');
    await eventually(() => said()).toContain(`Votre question est approuvée\u00a0: ${text}`);

    await ok(mod.socket, 'screen:show', { sessionId, item: { kind: 'question', id: questionId } });
    await eventually(() => myQuestion(text).getAttribute('data-state')).toBe('onScreen');
    expect(await myQuestion(text).getByTestId('submission-state').innerText()).toBe('À l’écran');
    await eventually(() => said()).toContain(`Votre question est à l’écran\u00a0: ${text}`);
    await page.screenshot({ path: join(shots, 'phone-submissions-on-screen-390.png'), fullPage: true });

    await ok(mod.socket, 'question:moderate', { questionId, action: 'answer' });
    await eventually(() => myQuestion(text).getAttribute('data-state')).toBe('answered');
    await eventually(() => said()).toContain(`Votre question est marquée comme répondue\u00a0: ${text}`);

    // Two more from the phone, online: one not kept, one merged into the first.
    const ask = async (t: string) => {
      await page.getByTestId('ask-text').fill(t);
      await page.getByTestId('ask-submit').click();
      await eventually(() => myQuestion(t).getAttribute('data-state')).toBe('stored');
      return (await myQuestion(t).getAttribute('data-question-id'))!;
    };
    const off = await ask('Hors sujet : où se garer ?');
    const twin = await ask('Les diapositives seront-elles partagées ?');
    await ok(mod.socket, 'question:moderate', { questionId: off, action: 'reject' });
    await ok(mod.socket, 'question:merge', { sourceId: twin, targetId: questionId });
    await eventually(() => myQuestion('où se garer').getAttribute('data-state')).toBe('rejected');
    await eventually(() => myQuestion('diapositives').getAttribute('data-state')).toBe('merged');
    expect(await myQuestion('où se garer').getByTestId('submission-note').innerText()).toBe(
      'Non retenue par la modération\u00a0: vous seul·e la voyez.',
    );
    await eventually(() => said()).toContain('Votre question a été fusionnée avec une question similaire');
    await page.getByTestId('my-questions').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'phone-submissions-all-390.png'), fullPage: true });
    const findings = await axeScan(page, 'phone with every submission state');
    expect(findings.filter(serious)).toEqual([]);
  });
});
