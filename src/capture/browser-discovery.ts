import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { GoldenHourError } from '../util/errors.js';

/** A Chromium-family browser found on this machine, and how it was found. */
export interface FoundBrowser {
  executablePath: string;
  source: 'playwright' | 'system' | 'GOLDENHOUR_CHROMIUM';
}

/** What discovery looks at: injected so tests can describe any machine. */
export interface DiscoveryEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
  playwrightPath: () => string | null;
}

const systemEnvironment: DiscoveryEnvironment = {
  env: process.env,
  platform: process.platform,
  exists: existsSync,
  playwrightPath: () => {
    try {
      // Loaded only when a browser is looked for: playwright-core takes a third of the CLI's start.
      const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
      return chromium.executablePath();
    } catch {
      return null;
    }
  },
};

/** The usual install places of Chrome, Chromium and Edge per operating system. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return ['Google Chrome', 'Chromium', 'Microsoft Edge'].map((app) => `/Applications/${app}.app/Contents/MacOS/${app}`);
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => Boolean(root));
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge', '/usr/bin/microsoft-edge-stable', '/snap/bin/chromium',
  ];
}

/**
 * Finds the browser to capture with: Playwright's own Chromium where installed, else a system
 * Chrome, Chromium or Edge in the usual places, else the path in GOLDENHOUR_CHROMIUM.
 */
export function findChromium(environment: Partial<DiscoveryEnvironment> = {}): FoundBrowser {
  const { env, platform, exists, playwrightPath } = { ...systemEnvironment, ...environment };
  const bundled = playwrightPath();
  if (bundled && exists(bundled)) return { executablePath: bundled, source: 'playwright' };
  const system = systemBrowserPaths(platform, env).find((path) => exists(path));
  if (system) return { executablePath: system, source: 'system' };
  const configured = env.GOLDENHOUR_CHROMIUM;
  if (configured && exists(configured)) return { executablePath: configured, source: 'GOLDENHOUR_CHROMIUM' };
  throw new GoldenHourError(
    'unavailable',
    'No Chromium browser found to capture with. Either (1) install Playwright\'s browser (`npx playwright install chromium`), ' +
      '(2) install Google Chrome, Chromium or Microsoft Edge in its usual place (on Debian/Ubuntu: `apt-get install chromium`), ' +
      `or (3) set GOLDENHOUR_CHROMIUM to the browser's executable${configured ? ` (it is set to ${JSON.stringify(configured)}, which does not exist)` : ''}.`,
  );
}
