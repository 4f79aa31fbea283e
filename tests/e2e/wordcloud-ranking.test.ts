import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import {
  animationsSettled,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, ok, type RunningServer } from '../support/server-process.ts';

/**
 * The projector's ranking rule: most frequent first; equal counts in order of first appearance
 * (the order the server lists the groups in). Here every word is first sent in list order, so
 * ties keep the list's order. Every drawn word must rank above every missing one.
 */
function ranking(words: readonly { text: string; count: number }[]): string[] {
  return words
    .map((w, i) => ({ ...w, i }))
    .sort((a, b) => b.count - a.count || a.i - b.i)
    .map((w) => w.text);
}

/** Thirty distinct words: fifteen sent by two people each, fifteen by one. */
const THIRTY = [
  ...[
    'écoute',
    'confiance',
    'partage',
    'solidarité',
    'entraide',
    'dialogue',
    'respect',
    'engagement',
    'territoire',
    'bienveillance',
    'ouverture',
    'réseau',
    'innovation',
    'transparence',
    'courage',
  ].map((text) => ({ text, count: 2 })),
  ...[
    'patience',
    'proximité',
    'équité',
    'réciprocité',
    'créativité',
    'humilité',
    'alliance',
    'temps',
    'gouvernance',
    'mutualisation',
    'lien',
    'avenir',
    'terrain',
    'jeunesse',
    'énergie',
  ].map((text) => ({ text, count: 1 })),
];

/**
 * Forty long phrases (up to 57 characters) in four bands of ten: sent 6, 4, 2 and 1 times. At the
 * smallest readable size only part of them fits the cloud's area, so the rarest must go.
 */
const PHRASES = Array.from({ length: 40 }, (_, i) => ({
  text: `${String.fromCharCode(97 + (i % 26))}${i} coopération intercommunale et mutualisation réelle`,
  count: [6, 4, 2, 1][Math.floor(i / 10)]!,
}));

describe('the projector word cloud shows the top of the ranking', () => {
  let server: RunningServer;
  let browser: Browser;
  let projector: Page;
  let projectorUrl: string;
  let moderator: Actor;
  const people: Actor[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    moderator = await actor(server, 'moderator');
    for (let n = 0; n < 24; n++) {
      const someone = await actor(server, 'participant', n);
      await ok(someone.socket, 'session:join', { sessionId: server.demo.plenarySessionId });
      people.push(someone);
    }
    const session = server.demo.plenarySessionId;
    const code = server.demo.codes.find((c) => c.role === 'projector' && c.sessionId === session);
    if (!code) throw new Error('no projector code for the plenary');
    const context = await newContext(browser, { viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    projector = await context.newPage();
    projectorUrl = `${server.url}/e/${server.demo.slug}/projector/${session}?code=${code.code}`;
    await projector.goto(projectorUrl);
    await projector.getByTestId('projector-join').waitFor();
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  /**
   * Opens a cloud on the projector; each word is sent by `count` different people, in turn. After
   * each number of words sent in `pauses`, waits for the projector to have laid them out.
   */
  async function cloudOf(
    prompt: string,
    words: readonly { text: string; count: number }[],
    crowd: number,
    draft: { maxWordsPerParticipant: number; maxLength: number },
    pauses: readonly number[] = [],
  ) {
    const sessionId = server.demo.plenarySessionId;
    const cloud = await ok(moderator.socket, 'cloud:create', {
      sessionId,
      draft: { prompt, ...draft, visibility: 'live' },
    });
    await ok(moderator.socket, 'cloud:open', { cloudId: cloud.id });
    await ok(moderator.socket, 'screen:show', { sessionId, item: { kind: 'cloud', id: cloud.id } });
    await projector.locator(`[data-testid="projector-cloud-screen"][data-cloud-id="${cloud.id}"]`).waitFor();
    let next = 0;
    const known = new Set<string>();
    for (const w of words) {
      for (let k = 0; k < w.count; k++) {
        const who = people[next++ % crowd]!;
        await ok(who.socket, 'cloud:submit', { cloudId: cloud.id, clientId: clientId('w'), text: w.text });
        known.add(w.text);
        if (pauses.includes(next)) {
          await expect
            .poll(
              async () => {
                const { words: shown, more } = await drawn(projector);
                return shown.length + more;
              },
              { timeout: 15_000 },
            )
            .toBe(known.size);
        }
      }
    }
  }

  /** What a projector draws: each word's text and count, and the "+ N" label's count. */
  async function drawn(page: Page) {
    const words = await page
      .getByTestId('cloud-word')
      .evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent ?? '', count: Number(e.getAttribute('data-count')) })),
      );
    const label = page.getByTestId('cloud-more');
    const more = (await label.count()) > 0 ? Number(await label.getAttribute('data-count')) : 0;
    return { words, more };
  }

  it('draws every one of thirty words from twenty people, the words sent twice included', async () => {
    await cloudOf('Un mot pour cette journée\u202f?', THIRTY, 20, {
      maxWordsPerParticipant: 3,
      maxLength: 30,
    });
    const expected = ranking(THIRTY);
    await expect
      .poll(async () => (await drawn(projector)).words.map((w) => w.text).sort(), {
        timeout: 15_000,
        interval: 200,
      })
      .toEqual([...expected].sort());
    expect((await drawn(projector)).more).toBe(0);
    await animationsSettled(projector);
    await projector.screenshot({ path: join(shots, 'wordcloud-thirty-1920.png') });
  });

  it('leaves out only the rarest words when long phrases cannot all fit, and says how many', async () => {
    onTestFailed(async () => {
      await projector.screenshot({ path: join(shots, 'wordcloud-left-out-failed-1920.png') });
      const cloud = await projector.getByTestId('projector-cloud').boundingBox();
      const placed = await projector
        .getByTestId('cloud-word')
        .evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute('style')]));
      console.error(
        'the cloud when it failed',
        JSON.stringify({ cloud, placed, drawn: await drawn(projector) }),
      );
    });
    // Laid out part-way three times, as a busy room's phrases come in over several re-layouts: what
    // the projector draws must not depend on it. Once (2026-12-06), 7 phrases were drawn where 11
    // were in other runs: words kept their places from earlier layouts, and the gaps between them
    // held more or fewer phrases. Before a full cloud was also tried in centred lines, these
    // pauses drew 12 phrases and a projector opened on the finished cloud 11.
    await cloudOf(
      'Une priorité pour les dix ans qui viennent\u202f?',
      PHRASES,
      24,
      { maxWordsPerParticipant: 10, maxLength: 60 },
      [60, 100, 120],
    );
    const expected = ranking(PHRASES);
    const countOf = new Map(PHRASES.map((p) => [p.text, p.count]));
    // Settled once the projector knows all forty groups and every drawn word has its final count.
    await expect
      .poll(
        async () => {
          const { words, more } = await drawn(projector);
          return (
            words.length + more === PHRASES.length && words.every((w) => w.count === countOf.get(w.text))
          );
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(true);
    const { words, more } = await drawn(projector);
    const shown = words.map((w) => w.text);
    expect(more).toBeGreaterThan(0);
    expect(shown.length).toBeGreaterThanOrEqual(10);
    expect([...shown].sort()).toEqual(expected.slice(0, shown.length).sort());
    expect(more).toBe(PHRASES.length - shown.length);
    await expect
      .poll(() => projector.getByTestId('cloud-more').textContent())
      .toBe(`+\u00a0${more} autres mots`);
    await animationsSettled(projector);
    await projector.screenshot({ path: join(shots, 'wordcloud-left-out-1920.png') });

    // A projector opened on the finished cloud draws the same phrases.
    const context = await newContext(browser, { viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    const fresh = await context.newPage();
    await fresh.goto(projectorUrl);
    await expect
      .poll(
        async () => {
          const d = await drawn(fresh);
          return d.words.length + d.more;
        },
        { timeout: 15_000 },
      )
      .toBe(PHRASES.length);
    expect((await drawn(fresh)).words.map((w) => w.text).sort()).toEqual([...shown].sort());
  });
});
