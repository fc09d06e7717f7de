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
  const browser = await launchTestBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchPageErrors(page);
  await page.goto(fixture.server.url);
  await page.getByRole('heading', { name: 'Cases' }).waitFor();
  return { fixture, browser, page, errors, close: async () => { await browser.close(); await fixture.close(); } };
}
