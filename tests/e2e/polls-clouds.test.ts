import { join } from 'node:path';
import { frenchSpacing } from '@agora/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId } from '../support/actors.ts';
import {
  animationsSettled,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, codeOf, ok, type RunningServer } from '../support/server-process.ts';

/** Words the extra (socket) participants send, so the projector draws a cloud of about thirty words. */
const MORE_WORDS = [
  'écoute',
  'solidarité',
  'partage',
  'confiance',
  'entraide',
  'dialogue',
  'respect',
  'engagement',
  'territoire',
  'lien social',
  'bienveillance',
  'ouverture',
  'projet commun',
  'réseau',
  'innovation',
  'transparence',
  'patience',
  'courage',
  'proximité',
  'équité',
  'réciprocité',
  'créativité',
  'humilité',
  'co-construction',
  'écoute',
  'solidarité',
  'alliance',
  'temps',
  'gouvernance',
  'mutualisation',
];

/** Waits on a DOM condition; results are coalesced and the cloud re-lays out every two seconds. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('flash polls and word clouds from phones to the projector', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  async function page(viewport: { width: number; height: number }, path: string): Promise<Page> {
    const context = await newContext(browser, { viewport, deviceScaleFactor: viewport.width < 500 ? 2 : 1 });
    contexts.push(context);
    const p = await context.newPage();
    await p.goto(`${server.url}${path}`);
    return p;
  }

  it('a moderator opens a poll, phones vote, the projector shows the bars; the same for a word cloud', async () => {
    const { demo } = server;
    const session = demo.plenarySessionId;
    const slug = demo.slug;

    // Moderator, laptop.
    const moderator = await page(
      { width: 1440, height: 900 },
      `/e/${slug}/moderate/${session}?code=${codeOf(demo, 'moderator').code}`,
    );
    await moderator.getByTestId('tab-interactions').click();
    await moderator.getByTestId('new-poll').click();
    await moderator
      .getByTestId('poll-form-question')
      .fill('Vous coopérez déjà avec d’autres associations\u202f?');
    await moderator.getByTestId('poll-form-add-option').click();
    const optionInputs = moderator.getByTestId('poll-form-option');
    await optionInputs.nth(0).fill('Oui, au quotidien');
    await optionInputs.nth(1).fill('De temps en temps');
    // A third answer added and still empty: the button waits, and says why (it said nothing).
    expect(await moderator.getByTestId('poll-form-save').isDisabled()).toBe(true);
    expect(await moderator.getByTestId('poll-form-empty-choice').textContent()).toBe(
      'Une réponse est vide\u00a0: remplissez-la ou retirez-la.',
    );
    await optionInputs.nth(2).fill('Pas encore');
    expect(await moderator.getByTestId('poll-form-empty-choice').count()).toBe(0);
    await moderator.getByTestId('poll-form-save').click();
    const pollItem = moderator
      .getByTestId('interaction-item')
      .filter({ hasText: 'Vous coopérez déjà avec d’autres associations\u202f?' });
    await eventually(() => pollItem.getAttribute('data-status')).toBe('draft');
    await pollItem.getByTestId('action-open').click();
    await eventually(() => pollItem.getAttribute('data-status')).toBe('open');
    await pollItem.getByTestId('action-screen').click();
    await pollItem.getByTestId('action-unscreen').waitFor();

    // Projector, 16:9.
    const projectorCode = demo.codes.find((c) => c.role === 'projector' && c.sessionId === session);
    if (!projectorCode) throw new Error('no projector code for the plenary');
    const projector = await page(
      { width: 1920, height: 1080 },
      `/e/${slug}/projector/${session}?code=${projectorCode.code}`,
    );
    await projector.getByTestId('projector-poll').waitFor();
    await projector.getByTestId('projector-corner').locator('svg').waitFor();

    // Three phones: on site, remote, on site.
    const phones: Page[] = [];
    for (let n = 0; n < 3; n++) {
      phones.push(
        await page(
          { width: 360, height: 740 },
          `/e/${slug}/s/${session}?code=${codeOf(demo, 'participant', n).code}`,
        ),
      );
    }
    const choose = async (phone: Page, label: string) => {
      await phone.getByTestId('poll-choice').filter({ hasText: label }).click();
      await eventually(() => phone.getByTestId('vote-status').getAttribute('data-state')).toBe('recorded');
      await eventually(() =>
        phone.getByTestId('poll-choice').filter({ hasText: label }).getAttribute('aria-pressed'),
      ).toBe('true');
    };
    await choose(phones[0]!, 'Oui, au quotidien');
    await choose(phones[1]!, 'De temps en temps');
    await choose(phones[2]!, 'Pas encore');
    // A change of mind while the poll is open: only the latest ballot counts.
    await choose(phones[2]!, 'Oui, au quotidien');

    const bar = (label: string) => projector.getByTestId('projector-bar').filter({ hasText: label });
    await eventually(() => bar('Oui, au quotidien').getAttribute('data-count')).toBe('2');
    await eventually(() => bar('De temps en temps').getAttribute('data-count')).toBe('1');
    await eventually(() => bar('Pas encore').getAttribute('data-count')).toBe('0');
    await eventually(() => projector.getByTestId('projector-ballots').getAttribute('data-count')).toBe('3');
    await eventually(() => pollItem.getByTestId('ballots-count').getAttribute('data-count')).toBe('3');
    // Let the bars' width transition end before the picture.
    await animationsSettled(projector);
    await phones[2]!.screenshot({ path: join(shots, 'poll-participant-360.png'), fullPage: true });
    await moderator.screenshot({ path: join(shots, 'poll-moderator-1440.png'), fullPage: true });
    await projector.screenshot({ path: join(shots, 'poll-projector-1920.png') });

    // The moderator shows the split on the projector: hall and remote side by side, each in
    // percent of its own ballots (two phones on site both chose the first answer, the remote one the second).
    await pollItem.getByTestId('split-screen').check();
    const projected = projector.getByTestId('projector-poll');
    await eventually(() => projected.getAttribute('data-split')).toBe('true');
    const splitBar = (label: string, side: string) =>
      projector
        .getByTestId('projector-split-option')
        .filter({ hasText: label })
        .locator(`[data-testid="projector-split-bar"][data-side="${side}"]`);
    await eventually(() => splitBar('Oui, au quotidien', 'onsite').getAttribute('data-percent')).toBe('100');
    await eventually(() => splitBar('Oui, au quotidien', 'remote').getAttribute('data-percent')).toBe('0');
    await eventually(() => splitBar('De temps en temps', 'remote').getAttribute('data-count')).toBe('1');
    await eventually(() => splitBar('De temps en temps', 'remote').getAttribute('data-percent')).toBe('100');
    const sideBallots = (side: string) =>
      projector
        .locator(`[data-testid="projector-side-ballots"][data-side="${side}"]`)
        .getAttribute('data-count');
    await eventually(() => sideBallots('onsite')).toBe('2');
    await eventually(() => sideBallots('remote')).toBe('1');
    // The console shows the split too, so the moderator sees what the hall sees.
    await pollItem.getByTestId('results-remote').waitFor();
    await animationsSettled(projector);
    await projector.screenshot({ path: join(shots, 'poll-projector-split-1920.png') });
    // And back to the whole results.
    await pollItem.getByTestId('split-screen').uncheck();
    await eventually(() => projected.getAttribute('data-split')).toBe('false');
    await eventually(() => projector.getByTestId('projector-ballots').getAttribute('data-count')).toBe('3');

    // Closing: the hall's phones show it closed at once.
    await pollItem.getByTestId('action-close').click();
    await phones[0]!.getByTestId('poll-closed').waitFor();

    // Word cloud.
    await moderator.getByTestId('new-cloud').click();
    await moderator.getByTestId('cloud-form-prompt').fill('Un mot pour cette journée\u202f?');
    await moderator.getByTestId('cloud-form-save').click();
    const cloudItem = moderator
      .getByTestId('interaction-item')
      .filter({ hasText: 'Un mot pour cette journée\u202f?' });
    await cloudItem.getByTestId('action-open').click();
    await eventually(() => cloudItem.getAttribute('data-status')).toBe('open');
    await cloudItem.getByTestId('action-screen').click();
    await projector.getByTestId('projector-cloud-screen').waitFor();
    const cloudId = await cloudItem.getAttribute('data-id');
    if (!cloudId) throw new Error('cloud id missing');

    const send = async (phone: Page, text: string, sent: number) => {
      await phone.getByTestId('word-input').fill(text);
      await phone.getByTestId('word-submit').click();
      await eventually(() => phone.getByTestId('words-count').getAttribute('data-count')).toBe(String(sent));
    };
    await send(phones[0]!, 'Confiance', 1);
    await send(phones[1]!, 'confiance', 1);
    await send(phones[2]!, 'Écoute', 1);
    await send(phones[0]!, 'Partage', 2);
    // A short phrase with a « ? » inside, sent twice (so it ranks above the words sent once): shown
    // with its narrow no-break space on the phones, the console and the projector.
    const phrase = 'ensemble ? oui';
    const phraseShown = frenchSpacing(phrase, { addMissing: true });
    expect(phraseShown).toBe('ensemble\u202f? oui');
    await send(phones[2]!, phrase, 2);
    await send(phones[0]!, phrase, 3);
    expect(await phones[2]!.getByTestId('my-word').filter({ hasText: 'ensemble' }).textContent()).toContain(
      `✓ ${phraseShown}`,
    );

    // More participants over sockets, for a cloud of about thirty words on the picture.
    for (let n = 3; n < 13; n++) {
      const someone = await actor(server, 'participant', n);
      await ok(someone.socket, 'session:join', { sessionId: session });
      for (let k = 0; k < 3; k++) {
        const text = MORE_WORDS[(n - 3) * 3 + k]!;
        await ok(someone.socket, 'cloud:submit', { cloudId, clientId: clientId('w'), text });
      }
    }

    const confiance = projector.getByTestId('cloud-word').filter({ hasText: /^confiance$/i });
    await eventually(() => confiance.count()).toBe(1);
    // Two spellings from the phones and one from a socket participant, grouped under one key.
    await eventually(() => confiance.getAttribute('data-count')).toBe('3');
    await eventually(() => projector.getByTestId('cloud-word').count()).toBeGreaterThanOrEqual(25);
    await eventually(() =>
      projector.getByTestId('cloud-word').filter({ hasText: 'ensemble' }).textContent(),
    ).toBe(phraseShown);
    await eventually(() =>
      moderator
        .getByTestId('mod-word')
        .filter({ hasText: 'ensemble' })
        .locator('.mod-word-text')
        .textContent(),
    ).toBe(phraseShown);
    await moderator
      .getByTestId('mod-word')
      .filter({ hasText: /^confiance/i })
      .first()
      .waitFor();
    await animationsSettled(projector);
    await phones[0]!.screenshot({ path: join(shots, 'cloud-participant-360.png'), fullPage: true });

    // The phone shows the cloud itself (its results are live for the audience), readable at 375 px:
    // the projector's layout, every word at least 15 px, all inside the screen's width.
    const phone = phones[1]!;
    await phone.setViewportSize({ width: 375, height: 812 });
    const phoneWords = phone.getByTestId('phone-cloud').getByTestId('cloud-word');
    await eventually(() => phoneWords.filter({ hasText: /^confiance$/i }).getAttribute('data-count')).toBe(
      '3',
    );
    await eventually(() => phoneWords.count()).toBeGreaterThanOrEqual(15);
    await eventually(() => phoneWords.filter({ hasText: 'ensemble' }).textContent()).toBe(phraseShown);
    await animationsSettled(phone);
    const drawn = await phoneWords.evaluateAll((nodes) =>
      nodes.map((n) => {
        const r = n.getBoundingClientRect();
        // The browser's own function: this file is type-checked without the DOM library.
        const style = (
          globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }
        ).getComputedStyle(n);
        return { size: parseFloat(style.fontSize), left: r.left, right: r.right };
      }),
    );
    for (const w of drawn) {
      expect(w.size).toBeGreaterThanOrEqual(15);
      expect(w.left).toBeGreaterThanOrEqual(0);
      expect(w.right).toBeLessThanOrEqual(375);
    }
    await phone.getByTestId('cloud-results').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: join(shots, 'cloud-phone-375.png') });
    await cloudItem.scrollIntoViewIfNeeded();
    await moderator.screenshot({ path: join(shots, 'cloud-moderator-1440.png'), fullPage: true });
    await projector.screenshot({ path: join(shots, 'cloud-projector-1920.png') });
  });

  it('names on the projector only the ends of a scale that have a label', async () => {
    // Before, a scale labelled at its top only showed « 1 = » alone under the bars, from 30 m.
    const { demo } = server;
    const session = demo.plenarySessionId;
    const mod = await actor(server, 'moderator', 0);
    const poll = await ok(mod.socket, 'poll:create', {
      sessionId: session,
      draft: {
        question: 'Votre note pour la matinée\u202f?',
        kind: 'rating',
        scale: { min: 1, max: 5, minLabel: '', maxLabel: 'Excellent' },
      },
    });
    await ok(mod.socket, 'poll:open', { pollId: poll.id });
    await ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'poll', id: poll.id } });
    const projectorCode = demo.codes.find((c) => c.role === 'projector' && c.sessionId === session);
    if (!projectorCode) throw new Error('no projector code for the plenary');
    const projector = await page(
      { width: 1920, height: 1080 },
      `/e/${demo.slug}/projector/${session}?code=${projectorCode.code}`,
    );
    const ends = projector.getByTestId('projector-scale-ends');
    await eventually(() => ends.textContent()).toContain('Excellent');
    expect((await ends.innerText()).replace(/\s+/g, ' ').trim()).toBe('5 = Excellent');
  });
});
