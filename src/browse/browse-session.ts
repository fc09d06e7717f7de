import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { findChromium } from '../capture/browser-discovery.js';
import { CAPTURE_BROWSER_ARGS, proxySetting } from '../capture/browser-launch.js';
import type { CaptureService } from '../capture/capture-service.js';
import type { CaseRepository, CustodyLedger } from '../store/repositories.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import { displayProblem } from './display.js';
import { windowToolbarScript } from './window-toolbar.js';

/** One address the investigator visited in the case's browser. */
export interface Visit {
  url: string;
  at: string;
  title: string | null;
}

export interface BrowseOptions {
  operator: string;
  /** Headless for tests and machines without a display; the app opens it visible. */
  headless: boolean;
  proxy: string | null;
  allowPrivate: boolean;
  autoCapture: boolean;
  onEvent: (event: Record<string, unknown>) => void;
}

const MAX_VISITS_KEPT = 500;

/** What a case's browser uses from the core. */
export interface BrowseDeps {
  cases: CaseRepository;
  ledger: CustodyLedger;
  capture: CaptureService;
  clock: Clock;
  /** Where each case's browser profile is kept (one folder per case uuid). */
  profilesDir: string;
}

/**
 * A case's own Chromium, visible, with a persistent profile under the data folder's profiles/
 * (so the investigator logs in to platforms once per case). Every address visited is written to
 * the case's custody ledger with its time; "capture this page" captures the current address in
 * the same logged-in context (the capture engine's captureInContext), as can auto-capture.
 */
export class BrowseSession {
  readonly visits: Visit[] = [];
  private active: Page | null = null;
  private autoCapture: boolean;
  /** Tabs the capture engine opens for its own use: not the investigator's visits. */
  private readonly capturePages = new WeakSet<Page>();

  private constructor(private readonly deps: BrowseDeps, readonly caseId: number, private readonly context: BrowserContext, private readonly options: BrowseOptions) {
    this.autoCapture = options.autoCapture;
  }

  static async open(deps: BrowseDeps, caseId: number, options: BrowseOptions): Promise<BrowseSession> {
    const c = await deps.cases.get(caseId);
    // Said before Chromium is tried: its own message on a machine without a screen is about X servers.
    const noWindow = options.headless ? null : displayProblem(process.env, process.platform);
    if (noWindow) throw new GoldenHourError('unavailable', noWindow);
    const sandbox = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
    let context: BrowserContext;
    try {
      const { chromium } = await import('playwright-core');
      context = await chromium.launchPersistentContext(join(deps.profilesDir, c.uuid), {
        executablePath: findChromium().executablePath,
        headless: options.headless,
        args: [...CAPTURE_BROWSER_ARGS.filter((arg) => arg !== '--hide-scrollbars' && arg !== '--mute-audio'), ...sandbox],
        viewport: null,
        proxy: options.proxy ? (({ server, username, password }) => ({ server, username, password }))(proxySetting(options.proxy)) : undefined,
      });
    } catch (error) {
      throw new GoldenHourError('unavailable', `Could not open the case's browser: ${errorMessage(error).split('\n')[0]}`);
    }
    const session = new BrowseSession(deps, caseId, context, options);
    context.on('page', (page) => session.watch(page));
    context.pages().forEach((page) => session.watch(page));
    try {
      await session.installToolbar();
    } catch (error) {
      await context.close().catch(() => undefined);
      throw new GoldenHourError('unavailable', `Could not open the case's browser: ${errorMessage(error).split('\n')[0]}`);
    }
    return session;
  }

  /**
   * Draws "Capture this page" in the browsing window itself (see window-toolbar.ts). The binding's
   * name is random per session, so a page cannot guess it before the toolbar script takes it.
   */
  private async installToolbar(): Promise<void> {
    const binding = `__goldenhour_${randomBytes(12).toString('hex')}`;
    await this.context.exposeBinding(binding, async (source: { page: Page; frame: Frame }, request: unknown) => {
      const action = (request as { action?: unknown } | null)?.action;
      const ours = !this.capturePages.has(source.page) && source.frame === source.page.mainFrame();
      if (action === 'show') return ours;
      if (action !== 'capture' || !ours) return { ok: false, message: 'this tab is not one the case browser captures from' };
      return this.captureFromWindow(source.page);
    });
    await this.context.addInitScript({ content: windowToolbarScript(binding) });
  }

  /** "Capture this page" pressed in the window: the tab's own address, the outcome in words for the toolbar. */
  private async captureFromWindow(page: Page): Promise<{ ok: true; itemId: number; flags: string[] } | { ok: false; message: string }> {
    this.active = page;
    const url = page.url();
    if (!/^https?:/.test(url)) return { ok: false, message: 'only web pages (http or https addresses) can be captured' };
    try {
      const stored = await this.capture(url);
      return { ok: true, itemId: stored.itemId, flags: stored.flags };
    } catch (error) {
      // The app's own refusals are said as they are; anything else (a browser's or a library's
      // message, or one that names a command-line option) is on the Browse screen in plain words.
      const message = errorMessage(error);
      const plain = error instanceof GoldenHourError && !/--|net::|\n/.test(message);
      return { ok: false, message: plain ? message : 'see the Browse screen in Golden Hour for why' };
    }
  }

  private watch(page: Page): void {
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame() || this.capturePages.has(page)) return;
      this.active = page;
      void this.recordVisit(page, frame.url()).catch((error: unknown) => {
        this.options.onEvent({ topic: 'browse.error', caseId: this.caseId, url: frame.url(), error: `the visit could not be recorded: ${errorMessage(error)}` });
      });
    });
    page.on('close', () => {
      if (this.active === page) this.active = this.context.pages().at(-1) ?? null;
    });
  }

  private async recordVisit(page: Page, url: string): Promise<void> {
    if (!/^https?:/.test(url)) return;
    const visit: Visit = { url, at: isoUtc(this.deps.clock.now()), title: null };
    this.visits.push(visit);
    if (this.visits.length > MAX_VISITS_KEPT) this.visits.shift();
    await this.deps.ledger.append({ caseId: this.caseId, operator: this.options.operator, action: 'page visited', details: { url, at: visit.at } });
    this.options.onEvent({ topic: 'browse.visit', caseId: this.caseId, ...visit });
    await page.waitForLoadState('load', { timeout: 15_000 }).catch(() => undefined);
    visit.title = await page.title().catch(() => null);
    if (this.autoCapture && page.url() === url) void this.capture(url).catch(() => undefined);
  }

  setAutoCapture(on: boolean): void {
    this.autoCapture = on;
  }

  get auto(): boolean {
    return this.autoCapture;
  }

  /** The investigator's open tabs (not the capture engine's own), newest last. */
  tabs(): Page[] {
    return this.context.pages().filter((page) => !this.capturePages.has(page));
  }

  /** The address of the tab the investigator is on. */
  currentUrl(): string | null {
    const url = this.active && !this.active.isClosed() ? this.active.url() : null;
    return url && /^https?:/.test(url) ? url : null;
  }

  /** Opens an address in the current tab (or a new one). */
  async goto(url: string): Promise<void> {
    const page = this.active && !this.active.isClosed() ? this.active : this.context.pages().find((p) => !this.capturePages.has(p)) ?? await this.context.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  }

  /** Captures an address (default: the current one) with the full artifact set, in this logged-in context. */
  async capture(url: string | null = this.currentUrl()): Promise<{ itemId: number; url: string; flags: string[] }> {
    if (!url) throw new GoldenHourError('invalid-input', 'Expected a web page open in the case browser but the current tab has no http(s) address');
    this.options.onEvent({ topic: 'browse.capture', caseId: this.caseId, url, state: 'started' });
    const mark = (page: Page) => this.capturePages.add(page);
    this.context.on('page', mark);
    try {
      const stored = await this.deps.capture.captureInContext(this.context, this.caseId, url, {
        operator: this.options.operator, proxy: this.options.proxy, allowPrivate: this.options.allowPrivate,
      });
      this.options.onEvent({ topic: 'browse.capture', caseId: this.caseId, url, state: 'done', itemId: stored.page.id, flags: stored.page.flags });
      return { itemId: stored.page.id, url, flags: stored.page.flags };
    } catch (error) {
      this.options.onEvent({ topic: 'browse.capture', caseId: this.caseId, url, state: 'failed', error: errorMessage(error) });
      throw error;
    } finally {
      this.context.off('page', mark);
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
