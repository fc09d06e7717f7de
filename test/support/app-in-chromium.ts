import type { Browser, Page } from 'playwright-core';
import { launchTestBrowser } from './chromium.js';
import { startBrowserMode, type BrowserModeFixture } from './browser-mode.js';
import { requireBuiltRenderer, watchPageErrors } from './ui-screens.js';

/** The app in browser mode, opened in real Chromium at 1440x900 on its case list, with its page errors watched. */
export interface AppInChromium {
  fixture: BrowserModeFixture;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function openAppInChromium(): Promise<AppInChromium> {
  const fixture = await startBrowserMode(requireBuiltRenderer());
  const { browser, page, errors } = await openCaseList(fixture);
  return { fixture, browser, page, errors, close: async () => { await browser.close(); await fixture.close(); } };
}

/** A Chromium page on an app already serving (1440x900 unless told), on its case list, with its page errors watched. */
export async function openCaseList(fixture: BrowserModeFixture, viewport = { width: 1440, height: 900 }): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await launchTestBrowser();
  const page = await browser.newPage({ viewport });
  const errors = watchPageErrors(page);
  await page.goto(fixture.server.url);
  await page.getByRole('heading', { name: 'Cases' }).waitFor();
  return { browser, page, errors };
}
