import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runHome } from './once-per-run.js';

/** Debian's Chromium (`apt-get install chromium`), or another one named by CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the console's screenshots go: docs/screenshots with UPDATE_SCREENSHOTS=1, the run's folder otherwise. */
export function screenshotFolder(): string {
  const folder = process.env.UPDATE_SCREENSHOTS === '1' ? join(process.cwd(), 'docs', 'screenshots') : join(runHome(), 'screenshots');
  mkdirSync(folder, { recursive: true });
  return folder;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it is now, as "rule: target" lines. Evaluated through the
 * debugging protocol, which the page's CSP does not govern (the page itself may run no inline script).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE);
  const violations = await page.evaluate<{ id: string; impact: string; nodes: { target: string[] }[] }[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
}

/** What the browser keeps for the site: web storage, IndexedDB databases and the cookies script can read. */
export async function keptInBrowser(page: Page): Promise<{ local: number; session: number; databases: number; scriptCookies: string }> {
  return page.evaluate(
    `(async () => ({ local: localStorage.length, session: sessionStorage.length, databases: (await indexedDB.databases()).length, scriptCookies: document.cookie }))()`,
  );
}

/** The accessible name of the focused element, as a person tabbing hears it (its label, or its text). */
const FOCUSED_NAME = `(() => { const e = document.activeElement; if (!e || e === document.body) return '';
  const label = e.labels && e.labels[0]; return ((label && label.innerText) || e.getAttribute('aria-label') || e.innerText || '').trim(); })()`;

/** Presses Tab until the focused element's name starts with `name` (the keyboard-only walk). */
export async function tabTo(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(FOCUSED_NAME);
    if (focused.replace(/\s*\*$/, '').startsWith(name)) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

/** Tabs to a field and types into it, as a keyboard user does. */
export async function typeInto(page: Page, name: string, text: string): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.type(text);
}
