import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { ensureClientBuilt } from './client-build.ts';
import { removeDataDir, startServer, type RunningServer } from './server-process.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Where the end-to-end tests save their screenshots. */
export const shots = join(repoRoot, 'test-results/e2e');

/**
 * The features Playwright 1.65 turns off in Chromium (`disabledFeatures` in its chromiumSwitches.ts),
 * as its own `--disable-features` switch says them. Chromium keeps only the last `--disable-features`
 * of a command line, so ours must carry these too, and Playwright's is dropped (`ignoreDefaultArgs`)
 * to leave one; tests/e2e/chromium-launch.test.ts fails when Playwright's list changes.
 */
export const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * The omnibox's two WebUI popups, which Debian's Chromium 156 builds for every new window even
 * headless (an address bar no one sees, and its AI mode): a renderer of their own (`--top-chrome-webui`)
 * loading a few hundred chrome:// modules, 1.3 s of its CPU per page a test opens and 0.2 s of the
 * browser process's (five projector pages, each in its own context: 17.3 → 9.1 s of Chromium's CPU).
 */
export const omniboxPopupFeatures = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** How every test launches the system's Chromium: headless, the guide's flags, no omnibox popups. */
export const chromiumLaunch = {
  executablePath: '/usr/bin/chromium',
  ignoreDefaultArgs: [`--disable-features=${playwrightDisabledFeatures.join(',')}`],
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--disable-features=${[...playwrightDisabledFeatures, ...omniboxPopupFeatures].join(',')}`,
  ],
};

/**
 * Builds the client if it was never built (the server serves `client/dist`), makes the screenshot
 * folder and launches the system's Chromium (`chromiumLaunch`).
 */
export async function launchBrowser(): Promise<Browser> {
  ensureClientBuilt();
  mkdirSync(shots, { recursive: true });
  return chromium.launch(chromiumLaunch);
}

/**
 * A browser context for a test, the app's service worker kept off unless asked (`serviceWorkers:
 * 'allow'`, as the offline tests do). Installing it fetches and stores every file of the app: it
 * cost 1.2–1.4 s of Chromium's CPU per context, 3.7 → 5.0 s for a room opened from the join page,
 * on a suite that opens hundreds; and it serves the app's files past `page.route`.
 */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...options, serviceWorkers: options.serviceWorkers ?? 'block' });
}

/**
 * Holds the page's requests to `url` (a glob, as `page.route` takes) until the returned `release`
 * is called: an answer that comes late, at a moment the test chooses.
 */
export async function holdRequests(page: Page, url: string): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Closes the contexts a test opened (one already gone is skipped), then the browser. */
export async function closeBrowser(browser: Browser | undefined, contexts: readonly BrowserContext[]) {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
}

/**
 * What most end-to-end files start before their tests: the browser and one server (demo edition),
 * side by side (Chromium starts while the server loads its code).
 */
export async function startBrowserAndServer(): Promise<{ browser: Browser; server: RunningServer }> {
  const [browser, server] = await Promise.allSettled([launchBrowser(), startServer()]);
  if (browser.status === 'fulfilled' && server.status === 'fulfilled') {
    return { browser: browser.value, server: server.value };
  }
  // The caller never gets the one that started to stop it.
  if (browser.status === 'fulfilled') await browser.value.close();
  if (server.status === 'fulfilled') {
    await server.value.stop();
    await removeDataDir(server.value.dataDir);
  }
  throw browser.status === 'rejected' ? browser.reason : (server as PromiseRejectedResult).reason;
}

/** Their teardown: the contexts and the browser, then the server and its data folder. */
export async function stopBrowserAndServer(
  browser: Browser | undefined,
  contexts: readonly BrowserContext[],
  server: RunningServer | undefined,
): Promise<void> {
  await closeBrowser(browser, contexts);
  if (server) {
    await server.stop();
    await removeDataDir(server.dataDir);
  }
}

/** The page as the browser-side functions below see it (this Node-side file has no DOM types). */
interface AnimatedDocument {
  document: { getAnimations(): { playState: string }[] };
}

/**
 * Resolves once no animation runs on the page (bars' widths, the cloud's moves). A function, not a
 * string: a string predicate is run with `eval`, which the app's CSP (no 'unsafe-eval') refuses.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (globalThis as unknown as AnimatedDocument).document
      .getAnimations()
      .every((a) => a.playState !== 'running'),
  );
}

/** What the wait below reads of the page (this Node-side file has no DOM types). */
interface SettlingDocument {
  document: {
    getAnimations(): { playState: string; effect: { getTiming(): { iterations?: number } } | null }[];
  };
}

/**
 * Waits (up to `timeout` ms, then goes on) until no finite animation runs: a fade or a bar's growth
 * is done; an endless one (a pulsing « en direct » dot) never ends and is not waited for.
 */
export async function finiteAnimationsDone(page: Page, timeout: number): Promise<void> {
  await page
    .waitForFunction(
      () =>
        (globalThis as unknown as SettlingDocument).document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout },
    )
    .catch(() => undefined);
}

/** What the page's own timing says of its requests (this Node-side file has no DOM types). */
interface TimedDocument {
  document: { body: { innerText: string } };
  performance: {
    timeOrigin: number;
    getEntriesByType(
      type: 'resource',
    ): { name: string; startTime: number; duration: number; responseStatus?: number }[];
  };
}

/** Resolves to `fallback` if `work` takes longer than `ms` (a page stuck in a long task answers nothing). */
async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Where a page stood when a wait failed: its address, the start of its text, its last requests with
 * their status and duration (the page's Resource Timing: no listener needed beforehand), and a
 * screenshot `stuck-<name>.png`. Tells a slow machine (requests that took seconds) from a page stuck
 * on « Chargement… » or sent back to the join page.
 */
export async function whereThePageStands(page: Page, name: string): Promise<string> {
  const state = await within(
    page.evaluate(() => {
      const g = globalThis as unknown as TimedDocument;
      const requests = g.performance
        .getEntriesByType('resource')
        .slice(-12)
        .map((e) => {
          const url = new URL(e.name);
          const status = e.responseStatus ? ` ${e.responseStatus}` : '';
          return `${url.pathname}${url.search}${status} at ${Math.round(e.startTime)} ms took ${Math.round(e.duration)} ms`;
        });
      return { text: g.document.body.innerText.replace(/\s+/g, ' ').slice(0, 400), requests };
    }),
    5_000,
    { text: '(the page did not answer within 5 s)', requests: [] },
  );
  const shot = join(shots, `stuck-${name}.png`);
  await within(page.screenshot({ path: shot }), 10_000, undefined);
  return [
    `the page is at ${page.url()}`,
    `it shows « ${state.text} »`,
    `its last requests: ${state.requests.length > 0 ? state.requests.join('; ') : 'none recorded'}`,
    `screenshot: ${shot}`,
  ].join('; ');
}

/**
 * The programme's « Entrer » of `sessionId`, once the page shows it after a join (the default 30 s
 * wait). When it does not come, the error says where the page stood (`whereThePageStands`): this
 * wait timed out a few times under the full suite's load, in a different file each time.
 */
export async function programmeEntry(page: Page, sessionId: string, name: string): Promise<Locator> {
  const entry = page.locator(`[data-session-id="${sessionId}"] [data-testid="enter-session"]`);
  try {
    await entry.waitFor();
  } catch (error) {
    throw new Error(`${name}: no programme after the join; ${await whereThePageStands(page, name)}`, {
      cause: error,
    });
  }
  return entry;
}

/**
 * Enters a session from the programme (`programmeEntry`) and waits until the room says it has
 * loaded (`aria-busy`: its first state and what can be watched arrived). Until then the room fills
 * above the ask form, and a click meant for a control that moves meanwhile lands on nothing.
 */
export async function enterRoom(page: Page, sessionId: string, name: string): Promise<void> {
  await (await programmeEntry(page, sessionId, name)).click();
  await page.locator('main.audience[aria-busy="false"]').waitFor();
}

/** What `watchActAfterChange` keeps and reads in the page (this Node-side file has no DOM types). */
interface ChangeWatchPage {
  __changeWatch?: { changed: number; acted: number };
  performance: { now(): number };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: object): void;
    disconnect(): void;
  };
  document: {
    documentElement: unknown;
    querySelector(selector: string): unknown;
    addEventListener(type: string, listener: (event: { timeStamp: number }) => void, options: object): void;
  };
}

/**
 * Starts watching, on the page's own clock, for a change (`selector` starts matching, `appears`, or
 * stops, `goes`) and for the first click or key press after it. Call it before the change; the
 * function it returns reads how many ms after the change that act reached the page (NaN when
 * either did not happen). A control that ignores acts for 0.7 s after it changed under the pointer
 * can only be judged on an act that came within that time, and a test's own steps between seeing
 * the change and acting (a wait, a measure, a mouse move) took longer than that on a loaded machine.
 */
export async function watchActAfterChange(
  page: Page,
  selector: string,
  change: 'appears' | 'goes',
): Promise<() => Promise<number>> {
  await page.evaluate(
    ([sel, appears]) => {
      const g = globalThis as unknown as ChangeWatchPage;
      const watch = { changed: NaN, acted: NaN };
      g.__changeWatch = watch;
      const done = () => (g.document.querySelector(sel) !== null) === appears;
      if (done()) throw new Error(`already ${appears ? 'in the page' : 'gone'}: ${sel}`);
      const observer = new g.MutationObserver(() => {
        if (!done()) return;
        watch.changed = g.performance.now();
        observer.disconnect();
      });
      observer.observe(g.document.documentElement, { childList: true, subtree: true, attributes: true });
      const acted = (event: { timeStamp: number }) => {
        if (!Number.isNaN(watch.changed) && Number.isNaN(watch.acted)) watch.acted = event.timeStamp;
      };
      for (const type of ['click', 'keydown']) g.document.addEventListener(type, acted, { capture: true });
    },
    [selector, change === 'appears'] as const,
  );
  return () =>
    page.evaluate(() => {
      const watch = (globalThis as unknown as ChangeWatchPage).__changeWatch;
      return watch ? watch.acted - watch.changed : NaN;
    });
}

/**
 * Tries a guarded act until one reached the page within `withinMs` of its change (see
 * `watchActAfterChange`), then judges that try; each try sets up its own change (a new question, a
 * new poll), since a late act did what it does. Fails when none of `tries` came in time.
 */
export async function judgeActInTime(
  attempt: (n: number) => Promise<{ lateMs: number; judge(): Promise<void> }>,
  withinMs = 600,
  tries = 5,
): Promise<void> {
  for (let n = 1; ; n += 1) {
    const { lateMs, judge } = await attempt(n);
    if (lateMs < withinMs) return judge();
    if (n >= tries)
      throw new Error(
        `no act of ${tries} reached the page within ${withinMs} ms of its change (last: ${lateMs} ms)`,
      );
  }
}
