// Screenshots of every view in its meaningful states, at phone, tablet, laptop and projector sizes,
// in French and in English: `npm run screenshots` (`-- --quick`: one state of each view at one
// size; `-- --out <folder>`: elsewhere than `screenshots/`; `-- --lang en`: one language). It
// builds what is missing, starts the server with a demo edition in a temporary data folder on a
// free port (the end-to-end tests' helpers), drives the system's Chromium, and fails (exit 1) when
// a view throws, logs an error or renders nothing.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Poll } from '@agora/shared';
import { actor, clientId, type Actor } from '../tests/support/actors.ts';
import {
  finiteAnimationsDone,
  newContext,
  startBrowserAndServer,
  stopBrowserAndServer,
} from '../tests/support/browser.ts';
import { setup as buildClientAndServer } from '../tests/support/global-setup.ts';
import { ORGANIZER, createOrganizerCli } from '../tests/support/organizer.ts';
import { closeAllSockets, codeOf, ok, type RunningServer } from '../tests/support/server-process.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface Size {
  name: string;
  width: number;
  height: number;
}
const size = (name: string, width: number, height: number): Size => ({ name, width, height });
const PHONE_S = size('phone360', 360, 740);
const PHONE = size('phone390', 390, 844);
const TABLET = size('tablet768', 768, 1024);
const LAPTOP = size('laptop1366', 1366, 768);
const WIDE = size('projector1920', 1920, 1080);
const OLD = size('projector1024', 1024, 768);

const languages = ['fr', 'en'] as const;
type Lang = (typeof languages)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'screenshots' },
    lang: { type: 'string' },
  },
});
const quick = args.quick;
const tourLanguages = languages.filter((l) => !args.lang || l === args.lang);
if (tourLanguages.length === 0) throw new Error(`--lang: one of ${languages.join(', ')}`);
const out = isAbsolute(args.out) ? args.out : join(repoRoot, args.out);

/** Who sees a view at which sizes (`--quick`: the first only). */
const sizes = {
  // Participants: two phones, a tablet, a laptop, a desktop screen (a remote viewer's).
  audience: [PHONE, PHONE_S, TABLET, LAPTOP, WIDE],
  // Moderators and organizers: a laptop mostly, a tablet or a phone at the side of the stage.
  console: [LAPTOP, TABLET, PHONE, WIDE],
  // The hall's screen: 16:9 and 4:3, and a laptop's own output.
  projector: [WIDE, OLD, LAPTOP],
};
const pick = (list: Size[]) => (quick ? list.slice(0, 1) : list);
/**
 * What `--quick` saves: one state of each view (the tour still goes through every state, and an
 * error thrown or logged in any of them still fails the run).
 */
const quickShots = new Set([
  'join-empty',
  'programme-list',
  'room-cloud-open',
  'moderator-poll-questions',
  'projector-poll',
  'organizer-programme',
]);

const failures: string[] = [];
let count = 0;

/**
 * The app asks who is signed in, for each role, on every page: a 401 there is the expected answer
 * before joining (Chromium logs every 4xx as an error), not a failure.
 */
const probe = /\/api\/(organizer\/)?me(\?as=[a-z]+)?$/;

/** A page whose errors (thrown or logged) are kept with the view being drawn. */
function watched(page: Page, what: () => string): Page {
  page.on('pageerror', (e) => failures.push(`${what()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error' || probe.test(m.location().url)) return;
    failures.push(`${what()}: console error: ${m.text()} ${m.location().url}`);
  });
  return page;
}

/** One browser context per language: the language the app keeps in localStorage, set before it loads. */
async function languageContext(browser: Browser, lang: Lang): Promise<BrowserContext> {
  const context = await newContext(browser, { viewport: LAPTOP, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
  await context.addInitScript((l) => globalThis.localStorage.setItem('agora:lang', l), lang);
  return context;
}

/** The DOM the checks below read (this Node-side file has no DOM types). */
interface Dom {
  document: {
    getElementById(id: string): { childElementCount: number; innerText: string } | null;
    documentElement: { lang: string; scrollWidth: number };
  };
  requestAnimationFrame(cb: () => void): void;
}

/** Draws the page at each size and saves it as `<view>-<state>-<size>-<lang>.png`. */
async function shoot(page: Page, lang: Lang, view: string, state: string, list: Size[], fullPage = true) {
  if (quick && !quickShots.has(`${view}-${state}`)) return;
  for (const s of pick(list)) {
    const label = `${view}-${state}-${s.name}-${lang}`;
    current = label;
    await page.setViewportSize({ width: s.width, height: s.height });
    // Two frames: the resize observers (the projector's fit, the cloud's layout) have run.
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const w = globalThis as unknown as Dom;
          w.requestAnimationFrame(() => w.requestAnimationFrame(() => done()));
        }),
    );
    await finiteAnimationsDone(page, 3_000);
    const drawn = await page.evaluate(() => {
      const { document } = globalThis as unknown as Dom;
      const root = document.getElementById('root');
      return {
        children: root?.childElementCount ?? 0,
        text: root?.innerText.trim().length ?? 0,
        width: document.documentElement.scrollWidth,
      };
    });
    if (drawn.children === 0 || (drawn.text === 0 && !state.startsWith('black')))
      failures.push(`${label}: the view rendered nothing`);
    // A page wider than the screen scrolls sideways on a phone (the organizer's import hint and its
    // tables' screen-reader text did, at 390 px).
    if (drawn.width > s.width) failures.push(`${label}: ${drawn.width} px wide on a ${s.width} px screen`);
    await page.screenshot({ path: join(out, `${label}.png`), fullPage });
    count += 1;
  }
}
let current = 'start';

/** What every language's tour needs from the server: the demo, a moderator and a few voices. */
interface Stage {
  server: RunningServer;
  mod: Actor;
  voices: Actor[];
  session: string;
}

async function prepare(server: RunningServer): Promise<Stage> {
  const session = server.demo.plenarySessionId;
  const mod = await actor(server, 'moderator', 0);
  const voices = await Promise.all([2, 3, 4].map((n) => actor(server, 'participant', n, 'onsite')));
  voices.push(await actor(server, 'participant', 0, 'remote'));
  // Results are final when the moderator closes (no remote window kept open for the shots).
  await ok(mod.socket, 'session:set-delay', { sessionId: session, remoteDelaySeconds: 0 });
  return { server, mod, voices, session };
}

/** Questions of every kind in the queue and on the phones (once: both languages see them). */
async function askQuestions({ mod, voices, session }: Stage): Promise<string> {
  const ask = (who: Actor, text: string, anonymous = false) =>
    ok(who.socket, 'question:ask', { sessionId: session, clientId: clientId(), text, anonymous });
  const first = await ask(
    voices[0]!,
    'Comment les personnes à distance seront-elles entendues pendant les débats de l’après-midi ?',
  );
  const second = await ask(voices[1]!, 'Quelle place pour les bénévoles dans la gouvernance ?');
  const third = await ask(voices[3]!, 'Les supports seront-ils disponibles après la séance ?', true);
  await ask(voices[2]!, 'Peut-on revoir la table ronde en replay ?');
  await ask(voices[1]!, 'Où se garer ?');
  for (const q of [first, second, third])
    await ok(mod.socket, 'question:moderate', { questionId: q.id, action: 'approve' });
  await ok(mod.socket, 'question:moderate', { questionId: second.id, action: 'answer' });
  for (const v of voices.slice(1)) await ok(v.socket, 'question:upvote', { questionId: first.id, up: true });
  return first.id;
}

async function openPoll({ mod, voices, session }: Stage, lang: Lang): Promise<Poll> {
  const poll = await ok(mod.socket, 'poll:create', {
    sessionId: session,
    draft: {
      question:
        lang === 'fr'
          ? 'Quelle priorité pour la coopération entre associations ?'
          : 'Which priority for cooperation between associations?',
      kind: 'single',
      options:
        lang === 'fr'
          ? ['Mutualiser les moyens', 'Former les bénévoles', 'Parler d’une seule voix']
          : ['Pool resources', 'Train volunteers', 'Speak with one voice'],
    },
  });
  await ok(mod.socket, 'poll:open', { pollId: poll.id });
  for (const [i, v] of voices.entries())
    await ok(v.socket, 'poll:vote', {
      pollId: poll.id,
      clientId: clientId('b'),
      choices: [poll.options[i % 2]!.id],
    });
  await ok(mod.socket, 'screen:show', {
    sessionId: session,
    item: { kind: 'poll', id: poll.id, split: false },
  });
  return poll;
}

async function openCloud({ mod, voices, session }: Stage, lang: Lang): Promise<string> {
  const cloud = await ok(mod.socket, 'cloud:create', {
    sessionId: session,
    draft: { prompt: lang === 'fr' ? 'Un mot pour la coopération ?' : 'One word for cooperation?' },
  });
  await ok(mod.socket, 'cloud:open', { cloudId: cloud.id });
  const words =
    lang === 'fr'
      ? ['confiance', 'partage', 'écoute', 'Confiance', 'solidarité', 'réseau', 'partage', 'territoires']
      : ['trust', 'sharing', 'listening', 'Trust', 'solidarity', 'network', 'sharing', 'regions'];
  for (const [i, text] of words.entries())
    await ok(voices[i % voices.length]!.socket, 'cloud:submit', {
      cloudId: cloud.id,
      clientId: clientId('w'),
      text,
    });
  await ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'cloud', id: cloud.id } });
  return cloud.id;
}

/** Joins with a code in the page and waits for the programme. */
async function joinAt(page: Page, server: RunningServer, code: string, path = `/e/${server.demo.slug}`) {
  await page.goto(`${server.url}${path}?code=${code}`);
}

/** One language's tour: every view, every state, every size. */
async function tour(browser: Browser, stage: Stage, lang: Lang, questionId: string) {
  const { server, mod, session } = stage;
  const { demo } = server;
  const context = await languageContext(browser, lang);
  try {
    const newPage = () => context.newPage().then((p) => watched(p, () => current));

    // The join page, before any code.
    const joinPage = await newPage();
    current = `join-${lang}`;
    await joinPage.goto(`${server.url}/e/${demo.slug}`);
    await joinPage.getByTestId('join-code').waitFor();
    await shoot(joinPage, lang, 'join', 'empty', sizes.audience);
    await joinPage.close();

    // A participant in the hall: programme, documents, partners, replays, the room.
    const phone = await newPage();
    current = `programme-${lang}`;
    await joinAt(phone, server, codeOf(demo, 'participant', 0, 'onsite').code);
    await phone.getByTestId('programme-session').first().waitFor();
    await shoot(phone, lang, 'programme', 'list', sizes.audience);
    if (!quick) {
      await phone.goto(`${server.url}/e/${demo.slug}/documents`);
      await phone.getByTestId('document-group').first().waitFor();
      await shoot(phone, lang, 'documents', 'list', sizes.audience);
      await phone.goto(`${server.url}/e/${demo.slug}/partenaires`);
      await phone.getByTestId('partner').first().waitFor();
      await shoot(phone, lang, 'partners', 'list', sizes.audience);
      await phone.goto(`${server.url}/e/${demo.slug}/replays`);
      await phone.getByTestId('replay-entry').first().waitFor();
      await shoot(phone, lang, 'replays', 'list', sizes.audience);
      await phone.getByTestId('replay-open').first().click();
      await phone.getByTestId('timeline-item').first().waitFor();
      await shoot(phone, lang, 'replay', 'player', sizes.audience);
    }
    await phone.goto(`${server.url}/e/${demo.slug}/s/${session}`);
    await phone.getByTestId('ask-text').waitFor();
    await phone.getByTestId('audience-question').first().waitFor();

    // The moderator's console and the projector.
    const consolePage = await newPage();
    current = `moderator-${lang}`;
    await joinAt(
      consolePage,
      server,
      codeOf(demo, 'moderator', 1).code,
      `/e/${demo.slug}/moderate/${session}`,
    );
    await consolePage.getByTestId('filter-all').waitFor();
    const screen = codeOf(demo, 'projector', 0);
    const projector = await newPage();
    current = `projector-${lang}`;
    await joinAt(projector, server, screen.code, `/e/${demo.slug}/projector/${screen.sessionId ?? session}`);
    await projector.getByTestId('projector-qr').locator('svg').waitFor();

    const consoleTabs = async (state: string) => {
      await consolePage.getByTestId('tab-questions').click();
      await shoot(consolePage, lang, 'moderator', `${state}-questions`, sizes.console);
      if (quick && state !== 'poll') return;
      await consolePage.getByTestId('tab-interactions').click();
      await shoot(consolePage, lang, 'moderator', `${state}-interactions`, sizes.console);
      await consolePage.getByTestId('tab-questions').click();
    };

    // Nothing on screen: the questions, the join screen.
    await shoot(phone, lang, 'room', 'questions', sizes.audience);
    if (!quick) {
      // A remote participant: the live player beside the interactions; closed at once (a playing
      // video decodes all along and would slow every shot after it).
      const remote = await newPage();
      current = `room-remote-${lang}`;
      await joinAt(
        remote,
        server,
        codeOf(demo, 'participant', 1, 'remote').code,
        `/e/${demo.slug}/s/${session}`,
      );
      await remote.getByTestId('player-video').waitFor();
      await shoot(remote, lang, 'room', 'remote-player', sizes.audience);
      await remote.close();
    }
    await consoleTabs('queue');
    await shoot(projector, lang, 'projector', 'join', sizes.projector, false);

    // A poll open, votes coming, on screen.
    const poll = await openPoll(stage, lang);
    const pollCard = phone.locator(`[data-poll-id="${poll.id}"]`);
    await pollCard.getByTestId('poll-choice').first().waitFor();
    await projector.getByTestId('projector-poll').waitFor();
    await shoot(phone, lang, 'room', 'poll-open', sizes.audience);
    await consoleTabs('poll');
    await shoot(projector, lang, 'projector', 'poll', sizes.projector, false);
    await pollCard.getByTestId('poll-choice').first().click();
    await pollCard.locator('[data-testid="vote-status"][data-state="recorded"]').waitFor();
    if (!quick) await shoot(phone, lang, 'room', 'poll-voted', sizes.audience);
    await ok(mod.socket, 'poll:close', { pollId: poll.id });

    // A cloud open and on screen.
    const cloudId = await openCloud(stage, lang);
    const cloudCard = phone.locator(`[data-cloud-id="${cloudId}"]`);
    await cloudCard.getByTestId('cloud-results').waitFor();
    await projector.getByTestId('projector-cloud').waitFor();
    await cloudCard.getByTestId('word-input').fill(lang === 'fr' ? 'coopération' : 'cooperation');
    await cloudCard.getByTestId('word-submit').click();
    await cloudCard.getByTestId('my-word').first().waitFor();
    await shoot(phone, lang, 'room', 'cloud-open', sizes.audience);
    await consoleTabs('cloud');
    await shoot(projector, lang, 'projector', 'cloud', sizes.projector, false);
    await ok(mod.socket, 'cloud:close', { cloudId });

    // A question on screen; the poll's and the cloud's final results on the phone.
    await ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'question', id: questionId } });
    await phone.getByTestId('audience-on-screen').waitFor();
    await projector.getByTestId('projector-question-text').waitFor();
    await shoot(phone, lang, 'room', 'results-question-on-screen', sizes.audience);
    await consoleTabs('question-on-screen');
    await shoot(projector, lang, 'projector', 'question', sizes.projector, false);
    if (!quick) {
      for (const theme of ['light', 'contrast', 'edition']) {
        const themed = await newPage();
        current = `projector-${theme}-${lang}`;
        await themed.goto(
          `${server.url}/e/${demo.slug}/projector/${screen.sessionId ?? session}?theme=${theme}&code=${screen.code}`,
        );
        await themed.getByTestId('projector-question-text').waitFor();
        await shoot(themed, lang, 'projector', `question-theme-${theme}`, sizes.projector, false);
        await themed.close();
      }
      await ok(mod.socket, 'screen:show', { sessionId: session, item: { kind: 'history', id: session } });
      await projector.getByTestId('projector-history').waitFor();
      await shoot(projector, lang, 'projector', 'history', sizes.projector, false);
    }

    // The black screen.
    await ok(mod.socket, 'screen:blackout', { sessionId: session, on: true });
    await projector.locator('[data-testid="projector"][data-black="true"]').waitFor();
    await shoot(projector, lang, 'projector', 'black', sizes.projector.slice(0, 1), false);
    await shoot(consolePage, lang, 'moderator', 'black-screen', sizes.console.slice(0, 1));
    await ok(mod.socket, 'screen:blackout', { sessionId: session, on: false });
    await ok(mod.socket, 'screen:show', { sessionId: session, item: null });
    for (const p of [phone, consolePage, projector]) await p.close();

    // The organizer's console.
    const orga = await newPage();
    current = `organizer-login-${lang}`;
    await orga.goto(`${server.url}/organizer`);
    await orga.getByTestId('login-email').waitFor();
    await shoot(orga, lang, 'organizer', 'login', sizes.console);
    await orga.getByTestId('login-email').fill(ORGANIZER.email);
    await orga.getByTestId('login-password').fill(ORGANIZER.password);
    await orga.getByTestId('login-submit').click();
    await orga.getByTestId('new-edition').waitFor();
    await shoot(orga, lang, 'organizer', 'editions', sizes.console);
    const tabs = quick
      ? ['programme']
      : ['programme', 'registrants', 'team', 'content', 'live', 'exports', 'attendance', 'settings'];
    for (const tab of tabs) {
      current = `organizer-${tab}-${lang}`;
      await orga.goto(`${server.url}/organizer/e/${demo.slug}/${tab}`);
      await orga.getByTestId('edition-title').waitFor();
      await orga.waitForLoadState('networkidle');
      await shoot(orga, lang, 'organizer', tab, sizes.console);
    }
    if (quick) return;
    current = `organizer-report-${lang}`;
    await orga.goto(`${server.url}/organizer/e/${demo.slug}/sessions/${session}/report`);
    await orga.getByTestId('report-title').waitFor();
    await shoot(orga, lang, 'organizer', 'report', sizes.console);
  } finally {
    await context.close();
  }
}

async function main() {
  // The client if it was never built, the server bundle from the sources as they are now.
  buildClientAndServer();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  try {
    ({ browser, server } = await startBrowserAndServer());
    await createOrganizerCli(server.dataDir);
    const stage = await prepare(server);
    const questionId = await askQuestions(stage);
    for (const lang of tourLanguages) {
      try {
        await tour(browser, stage, lang, questionId);
      } catch (e) {
        failures.push(`${current}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    closeAllSockets();
    await stopBrowserAndServer(browser, [], server);
  }
  const saved = readdirSync(out).filter((f) => f.endsWith('.png')).length;
  console.log(`${saved} screenshots in ${relative(process.cwd(), out) || '.'}/ (${count} taken)`);
  if (failures.length) {
    console.error(`${failures.length} problem(s):\n${failures.map((f) => `  ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
