import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The flags headless Chromium needs on a closed-network machine where tests run as root. */
export const TEST_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium the tests drive: GOLDENHOUR_CHROMIUM, else Debian's /usr/bin/chromium. */
export function testChromiumPath(): string {
  const path = process.env.GOLDENHOUR_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}: install it (apt-get install -y chromium) or set GOLDENHOUR_CHROMIUM`);
  }
  return path;
}

/** Launches real headless Chromium for a test. */
export function launchTestBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: testChromiumPath(), args: TEST_CHROMIUM_ARGS, headless: true });
}
