import { join } from 'node:path';
import { limits, type PollDraft } from '@agora/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import {
  animationsSettled,
  newContext,
  shots,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../support/browser.ts';
import { closeAllSockets, ok, type RunningServer } from '../support/server-process.ts';

/** The longest texts the schemas accept (shared/src/schemas/interactions.ts, limits.ts). */
const POLL_QUESTION_MAX = 300;
const SCALE_LABEL_MAX = 60;
const CLOUD_PROMPT_MAX = 300;

/** French prose cut to exactly `n` characters (words, not one unbreakable token). */
function prose(n: number, seed = 0): string {
  const words =
    'comment les associations du territoire peuvent-elles mieux coopérer avec les collectivités pour accompagner les familles les plus fragiles sans multiplier les dispositifs ni les réunions inutiles et quelles ressources partagées faudrait-il mettre en place dès cette année'.split(
      ' ',
    );
  let out = '';
  for (let i = seed; out.length < n; i++) out += (out ? ' ' : '') + words[i % words.length];
  return out.slice(0, n).trimEnd().padEnd(n, '.');
}

const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
] as const;

/**
 * The projector's smallest text: 1.5 u, where u is a hundredth of the widest 16:9 box the screen
 * holds (styles.css `--u`): 28.8 px at 1920×1080 (on a 3.4 m high screen, a 9 cm body, capitals
 * about 6.5 cm: 7.5 arc-minutes at 30 m, half again the 5′ of a 20/20 letter), 19.2 px at
 * 1280×720, 15.4 px at 1024×768.
 */
const minFontPx = (v: { width: number; height: number }, u = 1.5) =>
  u * (Math.min(v.width, (v.height * 16) / 9) / 100);

/**
 * A poll split by attendance mode draws two bars per answer: at the longest allowed texts (ten
 * 120-character answers, or an 11-value scale, under a 300-character question) it cannot hold
 * 1.5 u on a 16:9 screen. Its stated minimum is 1.15 u: 22 px at 1920×1080.
 */
const SPLIT_MIN_U = 1.15;

/**
 * The schema accepts more than the ten 120-character answers: twelve of 200. That cannot
 * hold 1.5 u either (measured 1.11 u at 16:9); the fit still draws it whole, checked at 1 u.
 */
const OPTIONS_MAX = 12;
const OPTION_MAX = 200;
const SCHEMA_MAX_MIN_U = 1;

/**
 * Runs in the page: every visible element inside the viewport, no document scroll, every text at
 * least `min` px and drawn whole (each line box inside its own box, inside every clipping
 * ancestor, and off the QR corner). The session title in the header is the one deliberate exception: one line, cut with an
 * ellipsis. Screen-reader-only text is skipped.
 */
const CHECK = `(min) => {
  const vw = innerWidth, vh = innerHeight, out = [];
  const name = (el) => (el.getAttribute('data-testid') || el.className.baseVal || el.className || el.tagName) + '';
  const box = (r) => [r.left, r.top, r.right, r.bottom].map((x) => Math.round(x)).join(',');
  const doc = document.scrollingElement;
  if (doc.scrollWidth > vw || doc.scrollHeight > vh) out.push('document scrolls: ' + doc.scrollWidth + 'x' + doc.scrollHeight);
  const root = document.querySelector('[data-testid="projector"]');
  const corner = root.querySelector('[data-testid="projector-corner"]');
  const cornerBox = corner && corner.getBoundingClientRect();
  let smallest = Infinity, texts = 0;
  for (const el of root.querySelectorAll('*')) {
    if (el.closest('.sr-only')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
      out.push('outside the viewport: ' + name(el) + ' ' + box(r));
    const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (own.length === 0) continue;
    texts++;
    const scale = el instanceof SVGGraphicsElement ? el.getScreenCTM().a : 1;
    const size = parseFloat(style.fontSize) * scale;
    smallest = Math.min(smallest, size);
    if (size < min - 0.05) out.push('text smaller than ' + min.toFixed(1) + ' px: ' + name(el) + ' ' + size.toFixed(1));
    if (el.closest('[data-testid="projector-session-title"]')) continue;
    const clips = [];
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflow !== 'visible') clips.push(a);
    }
    const block = style.display !== 'inline' && !(el instanceof SVGElement);
    for (const node of own) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        if (line.width === 0) continue;
        if (block && (line.left < r.left - 1 || line.right > r.right + 1))
          out.push('text wider than its box: ' + name(el) + ' ' + box(line));
        for (const a of clips) {
          const c = a.getBoundingClientRect();
          if (line.left < c.left - 1 || line.top < c.top - 1 || line.right > c.right + 1 || line.bottom > c.bottom + 1) {
            out.push('text cut by ' + name(a) + ': ' + name(el) + ' ' + box(line));
            break;
          }
        }
        if (cornerBox && !corner.contains(el) && line.right > cornerBox.left && line.left < cornerBox.right &&
            line.bottom > cornerBox.top && line.top < cornerBox.bottom)
          out.push('text under the QR corner: ' + name(el) + ' ' + box(line));
      }
    }
  }
  return { problems: [...new Set(out)], smallest: Math.round(smallest * 10) / 10, texts };
}`;

/**
 * Runs in the page: narrows the projector's question quote pixel by pixel, at the projector's own
 * type and fit, and counts the widths at which its « ? » starts a line of its own: with the text as
 * shown, then with `stored` put in its place (and the shown text put back). Widths narrower than
 * « collectivités ? » are skipped: there the word itself must break.
 */
const STRANDED = `(stored) => {
  const el = document.querySelector('[data-testid="projector-question-text"]');
  const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
  const shown = node.textContent;
  const rects = (from, to) => {
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    return [...range.getClientRects()].filter((r) => r.width > 0);
  };
  const count = (value) => {
    node.textContent = value;
    el.style.width = '';
    const mark = value.lastIndexOf('?');
    const least = Math.ceil(rects(value.lastIndexOf('collectivités'), value.length).reduce((w, r) => w + r.width, 0)) + 2;
    let widths = 0;
    for (let w = Math.floor(el.getBoundingClientRect().width); w >= least; w -= 1) {
      el.style.width = w + 'px';
      if (rects(mark, mark + 1)[0].top !== rects(mark - 2, mark - 1)[0].top) widths += 1;
    }
    return widths;
  };
  const result = { shown: count(shown), stored: count(stored) };
  node.textContent = shown;
  el.style.width = '';
  return result;
}`;

describe('the projector fits its screen, whatever the allowed lengths', () => {
  let server: RunningServer;
  let browser: Browser;
  let moderator: Actor;
  const people: Actor[] = [];
  const screens: { viewport: (typeof VIEWPORTS)[number]; page: Page }[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
    moderator = await actor(server, 'moderator');
    const sessionId = server.demo.plenarySessionId;
    for (let n = 0; n < 12; n++) {
      const someone = await actor(server, 'participant', n);
      await ok(someone.socket, 'session:join', { sessionId });
      people.push(someone);
    }
    const code = server.demo.codes.find((c) => c.role === 'projector' && c.sessionId === sessionId);
    if (!code) throw new Error('no projector code for the plenary');
    for (const viewport of VIEWPORTS) {
      const context = await newContext(browser, { viewport });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${server.url}/e/${server.demo.slug}/projector/${sessionId}?code=${code.code}`);
      await page.getByTestId('projector-join').waitFor();
      screens.push({ viewport, page });
    }
  });

  afterAll(async () => {
    closeAllSockets();
    await stopBrowserAndServer(browser, contexts, server);
  });

  /** Waits for `ready` on every screen, lets transitions end, checks and photographs each. */
  async function checkEveryScreen(scene: string, ready: string, minU = 1.5) {
    for (const { viewport, page } of screens) {
      await page.locator(ready).first().waitFor();
      // The cloud lays out again at most every two seconds; the fit step runs after each render.
      await animationsSettled(page);
      const min = minFontPx(viewport, minU);
      const result = (await page.evaluate(`(${CHECK})(${min})`)) as {
        problems: string[];
        smallest: number;
        texts: number;
      };
      await page.screenshot({
        path: join(shots, `projector-fit-${scene}-${viewport.width}x${viewport.height}.png`),
      });
      expect(result.texts, `${scene} at ${viewport.width}×${viewport.height}`).toBeGreaterThan(0);
      expect(result.problems, `${scene} at ${viewport.width}×${viewport.height}`).toEqual([]);
      expect(result.smallest).toBeGreaterThanOrEqual(Math.floor(min * 10) / 10);
    }
  }

  /** Every ballot counted on the projector (the twelve voters are on site and remote in turn). */
  const COUNTED = '[data-testid="projector-ballots"][data-count="12"]';
  const SPLIT_COUNTED = '[data-testid="projector-side-ballots"][data-side="remote"][data-count="6"]';

  /** Opens a poll on the projector; the n-th participant votes for its n-th option (round the list). */
  async function showPoll(
    draft: PollDraft,
    split: boolean,
    choose = (n: number, count: number) => n % count,
  ) {
    const sessionId = server.demo.plenarySessionId;
    const poll = await ok(moderator.socket, 'poll:create', { sessionId, draft });
    await ok(moderator.socket, 'poll:open', { pollId: poll.id });
    for (const [n, someone] of people.entries()) {
      await ok(someone.socket, 'poll:vote', {
        pollId: poll.id,
        clientId: clientId('v'),
        choices: [poll.options[choose(n, poll.options.length)]!.id],
      });
    }
    await ok(moderator.socket, 'screen:show', { sessionId, item: { kind: 'poll', id: poll.id, split } });
    return poll;
  }

  /** A participant asks `text` as typed; the moderator puts it on screen. */
  async function showQuestion(text: string): Promise<void> {
    const sessionId = server.demo.plenarySessionId;
    const asked = await ok(people[0]!.socket, 'question:ask', {
      sessionId,
      clientId: clientId('q'),
      text,
      anonymous: false,
    });
    await ok(moderator.socket, 'screen:show', { sessionId, item: { kind: 'question', id: asked.id } });
  }

  const clearScreen = () =>
    ok(moderator.socket, 'screen:show', { sessionId: server.demo.plenarySessionId, item: null });

  it('shows the join screen whole', async () => {
    await checkEveryScreen('join', '[data-testid="projector-join"]');
  });

  it('shows a 500-character question whole, in type no smaller than the minimum', async () => {
    const text = prose(limits.questionMaxLength);
    expect(text).toHaveLength(500);
    await showQuestion(text);
    await checkEveryScreen('question-500', '[data-testid="projector-question"]');
    await clearScreen();
  });

  it('keeps a question’s « ? » on the line of its last word, at every width of the quote', async () => {
    // Stored as typed on a phone: a plain space before « ? ».
    const text = 'Quelle place pour la coopération entre les associations et les collectivités ?';
    await showQuestion(text);
    for (const { viewport, page } of screens) {
      const quote = page.getByTestId('projector-question-text');
      await quote.filter({ hasText: 'collectivités' }).waitFor();
      await animationsSettled(page);
      const stranded = (await page.evaluate(`(${STRANDED})(${JSON.stringify(text)})`)) as {
        shown: number;
        stored: number;
      };
      const at = `${viewport.width}×${viewport.height}`;
      // The check sees the fault: the stored text leaves « ? » alone at some widths.
      expect(stranded.stored, at).toBeGreaterThan(0);
      expect(stranded.shown, at).toBe(0);
    }
    await clearScreen();
  });

  for (const split of [false, true]) {
    it(`shows a poll of ten 120-character answers under a ${POLL_QUESTION_MAX}-character question${split ? ', split' : ''}`, async () => {
      const options = Array.from({ length: 10 }, (_, i) => prose(120, i * 3));
      await showPoll(
        { question: prose(POLL_QUESTION_MAX, 5), kind: 'single', options, maxChoices: 1, visibility: 'live' },
        split,
      );
      await checkEveryScreen(
        `poll-10x120${split ? '-split' : ''}`,
        split ? SPLIT_COUNTED : COUNTED,
        split ? SPLIT_MIN_U : 1.5,
      );
    });
  }

  it("draws a poll at the schema's own maximum, twelve 200-character answers, whole, in smaller type", async () => {
    const options = Array.from({ length: OPTIONS_MAX }, (_, i) => prose(OPTION_MAX, i * 3));
    await showPoll(
      { question: prose(POLL_QUESTION_MAX, 5), kind: 'multiple', options, maxChoices: 1, visibility: 'live' },
      false,
    );
    await checkEveryScreen('poll-12x200', COUNTED, SCHEMA_MAX_MIN_U);
  });

  for (const split of [false, true]) {
    it(`shows a short poll whose first answer has every ballot (100 %)${split ? ', split' : ''}`, async () => {
      await showPoll(
        {
          question: 'Vous coopérez déjà avec d’autres associations\u202f?',
          kind: 'single',
          options: ['Oui, au quotidien', 'De temps en temps', 'Pas encore'],
          maxChoices: 1,
          visibility: 'live',
        },
        split,
        () => 0,
      );
      await checkEveryScreen(`poll-short-100${split ? '-split' : ''}`, split ? SPLIT_COUNTED : COUNTED);
    });
  }

  for (const [min, max] of [
    [1, 5],
    [0, 10],
  ] as const) {
    for (const split of [false, true]) {
      it(`shows a ${min}–${max} rating with its labels, average and count${split ? ', split' : ''}`, async () => {
        await showPoll(
          {
            question: prose(POLL_QUESTION_MAX, 9),
            kind: 'rating',
            options: [],
            maxChoices: 1,
            scale: { min, max, minLabel: prose(SCALE_LABEL_MAX, 2), maxLabel: prose(SCALE_LABEL_MAX, 7) },
            visibility: 'live',
          },
          split,
        );
        const ready = split ? SPLIT_COUNTED : COUNTED;
        await checkEveryScreen(
          `rating-${min}-${max}${split ? '-split' : ''}`,
          ready,
          split ? SPLIT_MIN_U : 1.5,
        );
      });
    }
  }

  it('fits a split rating again when its average gains a decimal on screen (« 2 » → « 2,3 »)', async () => {
    // Three people in the hall rate 1, 2 and 3 (« Moyenne 2 »), then the second changes to 3
    // (« Moyenne 2,3 »): every count and percentage keeps its number of digits.
    const sessionId = server.demo.plenarySessionId;
    const poll = await ok(moderator.socket, 'poll:create', {
      sessionId,
      draft: {
        question: prose(POLL_QUESTION_MAX, 9),
        kind: 'rating',
        options: [],
        maxChoices: 1,
        scale: { min: 1, max: 5, minLabel: prose(SCALE_LABEL_MAX, 2), maxLabel: prose(SCALE_LABEL_MAX, 7) },
        visibility: 'live',
      },
    });
    await ok(moderator.socket, 'poll:open', { pollId: poll.id });
    await ok(moderator.socket, 'screen:show', {
      sessionId,
      item: { kind: 'poll', id: poll.id, split: true },
    });
    const rate = (n: number, value: number) =>
      ok(people[n]!.socket, 'poll:vote', {
        pollId: poll.id,
        clientId: clientId('v'),
        choices: [poll.options[value - 1]!.id],
      });
    const hallSum = '[data-testid="projector-side-ballots"][data-side="onsite"][data-count="3"]';
    const hallAverage = (page: Page, average: string) =>
      page
        .locator(`${hallSum} [data-testid="projector-side-average"]`)
        .filter({ hasText: new RegExp(`\\s${average}$`) })
        .waitFor();
    for (const [n, value] of [
      [0, 1],
      [2, 2],
      [4, 3],
    ] as const)
      await rate(n, value);
    for (const { page } of screens) await hallAverage(page, '2');
    await rate(2, 3);
    for (const { page } of screens) await hallAverage(page, '2,3');
    await checkEveryScreen('rating-split-decimal-average', hallSum, SPLIT_MIN_U);
    await clearScreen();
  });

  it(`shows a word cloud of long phrases under a ${CLOUD_PROMPT_MAX}-character prompt`, async () => {
    const sessionId = server.demo.plenarySessionId;
    const cloud = await ok(moderator.socket, 'cloud:create', {
      sessionId,
      draft: {
        prompt: prose(CLOUD_PROMPT_MAX, 3),
        maxWordsPerParticipant: 10,
        maxLength: 60,
        visibility: 'live',
      },
    });
    await ok(moderator.socket, 'cloud:open', { cloudId: cloud.id });
    await ok(moderator.socket, 'screen:show', { sessionId, item: { kind: 'cloud', id: cloud.id } });
    for (const [n, someone] of people.entries()) {
      for (let k = 0; k < 4; k++) {
        const text = `${n * 4 + k} ${prose(55, n + k)}`.slice(0, 60);
        await ok(someone.socket, 'cloud:submit', { cloudId: cloud.id, clientId: clientId('w'), text });
      }
    }
    for (const { page } of screens) {
      await expect
        .poll(
          async () => {
            const label = page.getByTestId('cloud-more');
            const more = (await label.count()) > 0 ? Number(await label.getAttribute('data-count')) : 0;
            return (await page.getByTestId('cloud-word').count()) + more;
          },
          { timeout: 15_000 },
        )
        .toBe(48);
    }
    await checkEveryScreen('cloud', '[data-testid="cloud-word"]');
  });
});
