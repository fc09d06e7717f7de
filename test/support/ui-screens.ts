import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where UI tests save their screenshots (to be looked at). */
export const SCREENS_DIR = fileURLToPath(new URL('../../test-output/screens/', import.meta.url));

/** The built renderer; UI tests need `npm run build` first (as `npm test` does). */
export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export function requireBuiltRenderer(): string {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`The renderer is not built (${RENDERER_DIR}): run npm run build first`);
  return RENDERER_DIR;
}

/** Saves a full-window screenshot as test-output/screens/NAME.png. */
export async function saveScreen(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Collects page errors and CSP violations, which a UI test should fail on. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * Form controls on the page that have no accessible name (no <label>, aria-label or
 * aria-labelledby, and for buttons and links no text): each is described for the failure message.
 */
export function unlabelledControls(page: Page): Promise<string[]> {
  // Page-side code, checked here without the DOM's types.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  return page.evaluate(() => {
    const d = (globalThis as any).document;
    const missing: string[] = [];
    for (const el of d.querySelectorAll('input, select, textarea, button, a[href], canvas[tabindex]')) {
      if (el.type === 'hidden' || el.closest('[aria-hidden="true"]')) continue;
      const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
        || (['BUTTON', 'A'].includes(el.tagName) && el.textContent.trim() !== '');
      if (!named) missing.push(el.outerHTML.slice(0, 120));
    }
    return missing;
  });
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
