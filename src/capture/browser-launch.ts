import type { Browser, LaunchOptions } from 'playwright-core';
import { findChromium, type FoundBrowser } from './browser-discovery.js';

/** Flags for a capture browser: quiet (no background traffic that would pollute the archive). */
export const CAPTURE_BROWSER_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium 150 also sends requests of its own from each capture context, so through the
  // investigator's proxy (contextProxy): a preconnect to the default search engine
  // (PreconnectToSearch) and the AI-mode eligibility check at start and on navigation
  // (www.google.com/async/folae). None of it is the page's: it would go into the proxy's logs.
  '--disable-features=Translate,MediaRouter,OptimizationHints,PreconnectToSearch,AimServerRequestOnStartupEnabled,AimEligibilityRefreshNavigationThrottle',
  '--hide-scrollbars',
  '--mute-audio',
];

/** A proxy as Playwright takes it, plus the form written into capture records (no password). */
export interface ProxySetting {
  server: string;
  username?: string;
  password?: string;
  /** What the capture record shows: scheme, host and port, never a password. */
  recorded: string;
}

/** Splits a proxy URL into what the browser needs and what may be recorded. */
export function proxySetting(proxyUrl: string): ProxySetting {
  const url = new URL(proxyUrl);
  const server = `${url.protocol}//${url.host}`;
  return {
    server,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    recorded: url.username ? `${url.protocol}//${decodeURIComponent(url.username)}@${url.host}` : server,
  };
}

/** Where the browser's background traffic goes when captures use a proxy: a closed loopback port. */
export const BROWSER_TRAFFIC_DEAD_END = 'http://127.0.0.1:1';

/** The proxy option of a capture context: the investigator's proxy, for the page's traffic alone. */
export function contextProxy(proxy: ProxySetting | null): { proxy?: { server: string; username?: string; password?: string } } {
  return proxy ? { proxy: { server: proxy.server, username: proxy.username, password: proxy.password } } : {};
}

export interface CaptureBrowserOptions {
  proxy?: ProxySetting | null;
  headless?: boolean;
  browser?: FoundBrowser;
}

/** A launched capture browser and where it came from. */
export interface CaptureBrowser {
  browser: Browser;
  found: FoundBrowser;
}

/**
 * Launches Chromium for capture. All traffic goes through the proxy when one is given (the
 * browser, not this process, then resolves names). Certificate errors are never ignored.
 */
export async function launchCaptureBrowser(options: CaptureBrowserOptions = {}): Promise<CaptureBrowser> {
  const found = options.browser ?? findChromium();
  // Running as root (containers, CI) Chromium refuses to start with its sandbox on.
  const sandbox = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
  const launch: LaunchOptions = {
    executablePath: found.executablePath,
    headless: options.headless ?? true,
    args: [...CAPTURE_BROWSER_ARGS, ...sandbox],
  };
  if (options.proxy) {
    // The investigator's proxy is given to each capture context (contextProxy); the browser's own
    // traffic (component updates, safe browsing, sign-in) is sent to a port nothing listens on, so
    // it neither goes through that proxy into the evidence nor leaves this machine directly.
    launch.proxy = { server: BROWSER_TRAFFIC_DEAD_END };
  }
  // Loaded on first launch, not with the core: most commands never start a browser.
  const { chromium } = await import('playwright-core');
  return { browser: await chromium.launch(launch), found };
}
