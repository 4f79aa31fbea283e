import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, startBrowserAndServer, stopBrowserAndServer } from '../support/browser.ts';
import type { RunningServer } from '../support/server-process.ts';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** The join page as a person types their code on a phone. */
describe('the join page', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ browser, server } = await startBrowserAndServer());
  });

  afterAll(() => stopBrowserAndServer(browser, contexts, server));

  it('says a code too short in the language chosen after it was said', async () => {
    // Before, the hint was kept as the French sentence: a person who read it, then chose « EN »,
    // still read « Le code compte 12 caractères. » in an English page.
    const context = await newContext(browser, { viewport: { width: 360, height: 740 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/e/${server.demo.slug}`);
    await page.locator('main[aria-busy="false"]').waitFor();
    await page.getByLabel('Code personnel').fill('W7V9QNZ6');
    await page.getByRole('button', { name: 'Entrer' }).click();
    const hint = page.locator('.field-hint');
    await eventually(() => hint.innerText()).toBe('Le code compte 12 caractères.');
    await page.getByTestId('lang-en').click();
    await eventually(() => hint.innerText()).toBe('The code has 12 characters.');
    await page.getByTestId('lang-fr').click();
    await eventually(() => hint.innerText()).toBe('Le code compte 12 caractères.');
  });
});
