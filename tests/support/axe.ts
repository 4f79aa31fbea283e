import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { finiteAnimationsDone } from './browser.ts';

/** axe-core's own build, injected as it ships (its default rules, best practices included). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

/** What axe reports, reduced to what a failing test must show: rule, impact, where, why. */
export interface Finding {
  page: string;
  rule: string;
  impact: string;
  targets: string[];
  summary: string;
}

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeResult {
  id: string;
  impact?: string | null;
  nodes: AxeNode[];
}
interface AxeGlobal {
  document: unknown;
  axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeResult[] }> };
}

/**
 * axe on the page as it stands. Injected by `page.evaluate` (the DevTools protocol, which the
 * page's CSP does not govern) so the app runs under its real policy: `addScriptTag` would add an
 * inline script the CSP refuses.
 */
export async function axeScan(page: Page, label: string): Promise<Finding[]> {
  // Colours read halfway through a fade are not the ones people read (a projector preview fading
  // a poll in was once read at 4.24:1).
  await finiteAnimationsDone(page, 5_000);
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as AxeGlobal;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'none',
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: n.failureSummary ?? '' })),
    }));
  });
  return violations.map((v) => ({
    page: label,
    rule: v.id,
    impact: v.impact,
    targets: v.nodes.map((n) => n.target.join(' ')),
    summary: v.nodes[0]?.summary ?? '',
  }));
}

/** The findings a page may not have. */
export const serious = (f: Finding) => f.impact === 'serious' || f.impact === 'critical';
