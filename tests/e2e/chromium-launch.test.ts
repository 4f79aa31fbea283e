import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumLaunch,
  launchBrowser,
  omniboxPopupFeatures,
  playwrightDisabledFeatures,
} from '../support/browser.ts';

/** The switches a running Chromium says it was started with (chrome://version). */
async function commandLine(browser: Browser): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://version');
    return (await page.locator('#command_line').innerText()).split(/\s+/);
  } finally {
    await page.close();
  }
}

const valuesOf = (switches: string[], name: string) =>
  switches.filter((s) => s.startsWith(`${name}=`)).map((s) => s.slice(name.length + 1));

/** The renderers of Chromium's own WebUI (top chrome) that the browser with this profile runs. */
function topChromeRenderers(userDataDir: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let cmdline: string;
    try {
      // One string with spaces: Chromium's children rewrite their process title.
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // gone meanwhile
    }
    const args = new Set(cmdline.split(' '));
    if (
      args.has('--type=renderer') &&
      args.has('--top-chrome-webui') &&
      args.has(`--user-data-dir=${userDataDir}`)
    ) {
      count += 1;
    }
  }
  return count;
}

describe('Chromium as the tests launch it', () => {
  let plain: Browser | undefined;
  let ours: Browser | undefined;

  beforeAll(async () => {
    // Playwright's own switches and nothing of ours but what this machine needs.
    const plainLaunch = chromium.launch({
      executablePath: chromiumLaunch.executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    [plain, ours] = await Promise.all([plainLaunch, launchBrowser()]);
  });

  afterAll(async () => {
    await plain?.close();
    await ours?.close();
  });

  it("passes one --disable-features: Playwright's features (its own switch dropped) and the omnibox popups", async () => {
    const playwrights = valuesOf(await commandLine(plain!), '--disable-features');
    // When this fails after an upgrade of playwright-core, copy its list into playwrightDisabledFeatures.
    expect(playwrights).toEqual([playwrightDisabledFeatures.join(',')]);
    const disabled = valuesOf(await commandLine(ours!), '--disable-features');
    expect(disabled).toHaveLength(1);
    expect(disabled[0]!.split(',').sort()).toEqual(
      [...playwrightDisabledFeatures, ...omniboxPopupFeatures].sort(),
    );
  });

  it('opens a window without the renderer of the omnibox popups that a plain launch starts', async () => {
    const profileOf = async (b: Browser) => {
      const [dir] = valuesOf(await commandLine(b), '--user-data-dir');
      if (!dir) throw new Error('no --user-data-dir on the command line');
      return dir;
    };
    const plainDir = await profileOf(plain!);
    const ourDir = await profileOf(ours!);
    // A page in a context of its own: a window, as every test's page is.
    await Promise.all(
      [plain!, ours!].map(async (b) =>
        (await b.newContext()).newPage().then((p) => p.goto('data:text/html,<p>ok')),
      ),
    );
    // The control: this Chromium does start them (were it not to, the switch would be moot).
    await expect.poll(() => topChromeRenderers(plainDir), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(topChromeRenderers(ourDir)).toBe(0);
  });
});
