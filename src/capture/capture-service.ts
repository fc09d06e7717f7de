import type { Browser, BrowserContext } from 'playwright-core';
import type { Item } from '../domain/item.js';
import { tool } from '../version.js';
import type { CaptureQueueRepository } from '../store/repositories.js';
import type { Clock } from '../util/clock.js';
import { refuseClosedCase } from '../cases/closed-case.js';
import { diskFullError, isDiskFull } from '../util/disk-full.js';
import { errorMessage, GoldenHourError } from '../util/errors.js';
import { contextProxy, launchCaptureBrowser, proxySetting, type CaptureBrowserOptions, type ProxySetting } from './browser-launch.js';
import { CaptureFailure } from './capture-failure.js';
import { defaultCaptureLimits, limitsForTimeout, mergeLimits, type CaptureLimitOverrides } from './capture-options.js';
import type { QueueEntry } from './capture-queue.js';
import { followedNote, followProfilePosts, followsFrom, noPostsNote, type FollowedPosts } from './follow-posts.js';
import type { CapturedDownload } from './capture-download.js';
import { storeCapture, type CaptureStoreDeps, type OnRecorded, type StoredCapture } from './capture-store.js';
import { backoffMs, HostRateLimit, retryAfterMs } from './host-rate-limit.js';
import { CaptureRunLock } from './run-lock.js';
import { browsePage, capturePage, phaseTimer, type BrowsedPage, type CaptureIdentity, type CapturedPage } from './page-capture.js';
import { checkCaptureUrl, parseCaptureUrl, parseProxy } from './url-policy.js';

/** Progress of a capture run, per URL, for the CLI and the desktop app. */
export type CaptureEvent =
  | { type: 'queued'; url: string; queueId: number }
  | { type: 'started'; url: string; queueId: number; attempt: number }
  | { type: 'artifact'; url: string; queueId: number; role: string; bytes: number }
  | { type: 'retrying'; url: string; queueId: number; attempt: number; error: string; delayMs: number }
  | { type: 'done'; url: string; queueId: number; itemId: number; flags: string[]; media: number }
  | { type: 'failed'; url: string; queueId: number | null; error: string };

export interface CaptureRunOptions {
  operator: string;
  /** Pages captured at once (each in its own browser context). */
  concurrency?: number;
  /** http(s)/socks proxy URL that all browser traffic goes through. */
  proxy?: string | null;
  allowPrivate?: boolean;
  /** One figure for navigation and load timeouts, in seconds (the CLI's --timeout). */
  timeoutSeconds?: number;
  limits?: CaptureLimitOverrides;
  /** Minimum spacing between page loads on one host. */
  hostIntervalMs?: number;
  /** Attempts per URL for failures that may pass (connection errors, 429, timeouts). */
  maxAttempts?: number;
  retryBaseMs?: number;
  headless?: boolean;
  onEvent?: (event: CaptureEvent) => void;
  /**
   * After a profile page is captured, queue up to this many of the posts it lists, captured in
   * the same run with the same settings (see {@link CaptureService.followPosts}).
   */
  followPosts?: number;
  /** How long each phase of each page took (bench:capture's trace); not a progress event. */
  trace?: (url: string, phase: string, ms: number) => void;
}

export interface CaptureRunResult {
  /** Page items captured in this run, each followed by its media items. */
  items: Item[];
  errors: { url: string; error: string }[];
  alreadyCaptured: { url: string; itemId: number }[];
  notes: string[];
}

/** What capturing uses from the core. */
export interface CaptureServiceDeps extends CaptureStoreDeps {
  captureQueue: CaptureQueueRepository;
  clock: Clock;
  /** Where each capturing process leaves its marker (see CaptureRunLock). */
  layout: { captureRuns: string };
}

export { MAX_FOLLOW_POSTS, type FollowedPosts } from './follow-posts.js';

/** How the service gets a browser: injected so the desktop app can pass its own. */
export type BrowserLauncher = (options: CaptureBrowserOptions) => Promise<{ browser: Browser }>;

/**
 * Captures web pages into a case: a database-backed queue worked through by a few concurrent
 * headless browser contexts, with per-host spacing, retries with backoff, and progress events.
 * A run resumes whatever an earlier, interrupted run left.
 */
export class CaptureService {
  readonly queue: CaptureQueueRepository;
  /** Captures under way in this service (runs and in-context captures): their entries are not crash leftovers. */
  private active = 0;

  constructor(private readonly deps: CaptureServiceDeps, private readonly launch: BrowserLauncher = launchCaptureBrowser) {
    this.queue = deps.captureQueue;
  }

  /** Checks URLs (well-formed http/https) and queues them; bad ones come back as errors. */
  async enqueue(caseId: number, urls: string[], operator: string, onEvent: (e: CaptureEvent) => void = () => undefined) {
    await this.deps.cases.get(caseId);
    const errors: { url: string; error: string }[] = [];
    const good: string[] = [];
    for (const raw of urls) {
      try {
        good.push(parseCaptureUrl(raw).href);
      } catch (error) {
        errors.push({ url: raw, error: errorMessage(error) });
        onEvent({ type: 'failed', url: raw, queueId: null, error: errorMessage(error) });
      }
    }
    const { queued, alreadyCaptured } = await this.queue.enqueue(caseId, [...new Set(good)], operator);
    for (const entry of queued) onEvent({ type: 'queued', url: entry.url, queueId: entry.id });
    return { queued, alreadyCaptured, errors };
  }

  /**
   * Queues the first `count` posts a captured profile page lists, each recorded as followed from
   * that page's item (see {@link followProfilePosts}). The private-address rule is applied when
   * each is captured.
   */
  async followPosts(caseId: number, profileItemId: number, count: number, operator: string, onEvent: (e: CaptureEvent) => void = () => undefined): Promise<FollowedPosts> {
    const profile = await this.deps.items.get(profileItemId);
    if (profile.caseId !== caseId) throw new GoldenHourError('invalid-input', `Item ${profileItemId} is not in case ${caseId}`);
    const followed = await followProfilePosts(this.queue, profile, count, operator);
    for (const entry of followed.queued) onEvent({ type: 'queued', url: entry.url, queueId: entry.id });
    return followed;
  }

  /** Queues the URLs and captures everything queued for the case. */
  async capture(caseId: number, urls: string[], options: CaptureRunOptions): Promise<CaptureRunResult> {
    const enqueued = await this.enqueue(caseId, urls, options.operator, options.onEvent);
    const result = await this.run(caseId, options);
    return {
      ...result,
      errors: [...enqueued.errors, ...result.errors],
      alreadyCaptured: enqueued.alreadyCaptured.map((e) => ({ url: e.url, itemId: e.itemId! })),
    };
  }

  /** Works through the case's queue (including entries an interrupted run left running). */
  async run(caseId: number, options: CaptureRunOptions): Promise<CaptureRunResult> {
    refuseClosedCase(await this.deps.cases.get(caseId));
    const proxy = options.proxy ? proxySetting(parseProxy(options.proxy)) : null;
    const result: CaptureRunResult = { items: [], errors: [], alreadyCaptured: [], notes: [] };
    const { lock, othersAlive } = this.lock(caseId);
    try {
      // Entries left `running` by a process that died go back in the queue; a live capture's are its own.
      if (!othersAlive && this.active === 1) await this.queue.recoverInterrupted(caseId);
      if ((await this.queue.list(caseId, 'queued')).length === 0) return result;
      return await this.work(caseId, options, proxy, result);
    } finally {
      this.active -= 1;
      lock.release();
    }
  }

  private lock(caseId: number) {
    this.active += 1;
    return CaptureRunLock.acquire(this.deps.layout.captureRuns, caseId);
  }

  private async work(caseId: number, options: CaptureRunOptions, proxy: ProxySetting | null, result: CaptureRunResult): Promise<CaptureRunResult> {
    const browser = await this.browserHolder({ proxy, headless: options.headless });
    const limiter = new HostRateLimit(options.hostIntervalMs ?? 500);
    const identity: CaptureIdentity = { operator: options.operator, tool: { name: tool.name, version: tool.version }, proxy: proxy?.recorded ?? null, proxyUrl: options.proxy ? parseProxy(options.proxy) : null, requestPolicy: { allowPrivate: options.allowPrivate ?? false, proxy: options.proxy ?? null } };
    const byEntry = new Map<number, Item[]>();
    try {
      const run: EntryRun = { browser, caseId, options, identity, limiter, result, byEntry, inFlight: 0 };
      const worker = async () => {
        // A worker's page is finished (yt-dlp, WACZ, vault, analysis) while its next page loads:
        // one page in the browser and one finishing at most, finished in the order loaded.
        let finishing: Promise<void> = Promise.resolve();
        for (;;) {
          for (let entry = await this.queue.claimNext(caseId); entry; entry = await this.queue.claimNext(caseId)) {
            run.inFlight += 1;
            ({ finishing } = await this.captureEntry(run, entry, finishing));
            void finishing.finally(() => (run.inFlight -= 1));
          }
          await finishing;
          if (!options.followPosts) break;
          // A profile still in the browser or being finished (by any worker) may yet queue its
          // posts for this run: wait for those, then take what they queued.
          if (run.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 200));
          else if ((await this.queue.list(caseId, 'queued')).length === 0) break;
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
    } finally {
      await browser.close();
    }
    result.items = [...byEntry.entries()].sort(([a], [b]) => a - b).flatMap(([, items]) => items);
    return result;
  }

  /** The run's browser, launched again if it died (a crash must not fail every URL after it). */
  private async browserHolder(launchOptions: CaptureBrowserOptions) {
    let current = (await this.launch(launchOptions)).browser;
    let relaunching: Promise<Browser> | null = null;
    return {
      get: async (): Promise<Browser> => {
        if (current.isConnected()) return current;
        relaunching ??= this.launch(launchOptions).then(({ browser }) => {
          current = browser;
          relaunching = null;
          return browser;
        });
        return relaunching;
      },
      close: () => current.close().catch(() => undefined),
    };
  }

  /**
   * Takes an entry through the browser, retrying what may pass, and resolves once its page is
   * closed, with the promise of its finishing (after `previous`, the worker's last page; in an
   * object, as a promise resolved with a promise would wait for it).
   */
  private async captureEntry(run: EntryRun, entry: QueueEntry, previous: Promise<void>, firstAttempt = 1): Promise<{ finishing: Promise<void> }> {
    const { options } = run;
    const emit = options.onEvent ?? (() => undefined);
    const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    for (let attempt = firstAttempt; ; attempt += 1) {
      emit({ type: 'started', url: entry.url, queueId: entry.id, attempt });
      try {
        const url = await checkCaptureUrl(entry.url, { allowPrivate: options.allowPrivate, proxy: options.proxy });
        const waitStarted = performance.now();
        await run.limiter.wait(url.host);
        options.trace?.(entry.url, 'host-spacing', performance.now() - waitStarted);
        const browsed = await this.browseOnce(run, await run.browser.get(), entry, attempt < maxAttempts);
        return { finishing: previous.then(() => this.finishEntry(run, entry, browsed, attempt)) };
      } catch (error) {
        if (!(await this.failedAttempt(run, entry, error, attempt))) return { finishing: previous };
      }
    }
  }

  /** Stores a browsed page (after yt-dlp and the WACZ); a failure that may pass captures the page again. */
  private async finishEntry(run: EntryRun, entry: QueueEntry, browsed: BrowsedPage | CapturedDownload, attempt: number): Promise<void> {
    const started = performance.now();
    try {
      const captured = browsed.kind === 'browsed' ? await browsed.finish() : browsed;
      let stored: StoredCapture;
      const followed = entry.followedFrom ? { method: 'web capture', followedFrom: entry.followedFrom } : undefined;
      try {
        stored = await storeCapture(this.deps, run.caseId, captured, run.identity, (tx, page) => tx.captureQueue.markCaptured(entry.id, page.id), followed);
      } finally {
        if (captured.kind === 'page') await captured.videos.dispose();
      }
      run.options.trace?.(entry.url, 'store', performance.now() - started);
      run.byEntry.set(entry.id, [stored.page, ...stored.media]);
      // A note every page would repeat (yt-dlp missing, say) is said once.
      run.result.notes.push(...stored.notes.filter((note) => !run.result.notes.includes(note)));
      run.options.onEvent?.({ type: 'done', url: entry.url, queueId: entry.id, itemId: stored.page.id, flags: stored.page.flags, media: stored.media.length });
      await this.followFromRun(run, entry, stored.page);
    } catch (error) {
      if (await this.failedAttempt(run, entry, error, attempt)) await (await this.captureEntry(run, entry, Promise.resolve(), attempt + 1)).finishing;
    }
  }

  /**
   * With `followPosts`, a profile page captured by the run has its recent posts queued (the
   * run's workers take them); a post followed from a profile is not followed further. What was
   * queued, or why nothing could be, is said in the run's notes.
   */
  private async followFromRun(run: EntryRun, entry: QueueEntry, page: Item): Promise<void> {
    const count = run.options.followPosts;
    if (!count || !followsFrom(page, entry.followedFrom)) return;
    if ((page.post?.recentPosts ?? []).length === 0) {
      run.result.notes.push(noPostsNote(page, entry.url));
      return;
    }
    let followed: FollowedPosts;
    try {
      followed = await this.followPosts(run.caseId, page.id, count, run.options.operator, run.options.onEvent);
    } catch (error) {
      // The profile is captured and kept; only queueing its posts failed (the case closed meanwhile, say).
      run.result.notes.push(`item ${page.id} (profile): its recent posts were not queued: ${errorMessage(error)}`);
      return;
    }
    run.result.errors.push(...followed.errors);
    run.result.notes.push(followedNote(page.id, followed));
  }

  /** A full disk said in words (which folder, how much is free), not retried: waiting frees no space. Other failures as they are. */
  private inWords(failure: unknown, what: string): unknown {
    return isDiskFull(failure) ? diskFullError(this.deps.vault.root, null, what) : failure;
  }

  /** After a failed attempt: true when another comes (its delay waited out), else the entry is marked failed. */
  private async failedAttempt(run: EntryRun, entry: QueueEntry, failure: unknown, attempt: number): Promise<boolean> {
    const { options } = run;
    const error = this.inWords(failure, `the capture of ${entry.url}`);
    const emit = options.onEvent ?? (() => undefined);
    // A failure we did not foresee (a crashed page or browser) gets another attempt too.
    const retryable = (error instanceof CaptureFailure ? error.retryable : !(error instanceof GoldenHourError)) && attempt < Math.max(1, options.maxAttempts ?? 3);
    if (retryable) {
      const delayMs = error instanceof RetryLater ? error.delayMs : backoffMs(attempt, options.retryBaseMs ?? 2000);
      emit({ type: 'retrying', url: entry.url, queueId: entry.id, attempt, error: errorMessage(error), delayMs });
      await this.queue.countAttempt(entry.id);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return true;
    }
    const message = errorMessage(error);
    await this.queue.markFailed(entry.id, message);
    run.result.errors.push({ url: entry.url, error: message });
    emit({ type: 'failed', url: entry.url, queueId: entry.id, error: message });
    return false;
  }

  /** One attempt in the browser, in a fresh context closed before this resolves; a 429 or a refused redirect throws. */
  private async browseOnce(run: EntryRun, browser: Browser, entry: QueueEntry, mayRetry: boolean): Promise<BrowsedPage | CapturedDownload> {
    const { options } = run;
    const limits = mergeLimits(options.timeoutSeconds ? limitsForTimeout(options.timeoutSeconds) : defaultCaptureLimits, options.limits);
    const phase = phaseTimer((event) => options.trace?.(entry.url, event.phase, event.ms));
    const context = await browser.newContext({ viewport: limits.viewport, acceptDownloads: true, serviceWorkers: 'block', ...contextProxy(options.proxy ? proxySetting(parseProxy(options.proxy)) : null) });
    phase('new-context');
    let browsed: BrowsedPage | CapturedDownload;
    try {
      browsed = await browsePage(context, entry.url, limits, run.identity, (event) => {
        if (event.type === 'artifact') options.onEvent?.({ type: 'artifact', url: entry.url, queueId: entry.id, role: event.role, bytes: event.bytes });
        if (event.type === 'phase') options.trace?.(entry.url, event.phase, event.ms);
      });
    } finally {
      const closing = performance.now();
      await context.close().catch(() => undefined);
      options.trace?.(entry.url, 'close-context', performance.now() - closing);
    }
    try {
      // "Too many requests": the host asks us to wait; the last attempt is kept as it stands.
      if (browsed.kind === 'browsed' && browsed.status === 429 && mayRetry) {
        const wait = retryAfterMs(headerOf(browsed, 'retry-after')) ?? backoffMs(1, options.retryBaseMs ?? 2000);
        run.limiter.backOff(new URL(browsed.finalUrl).host, wait);
        throw new RetryLater(`${entry.url}: the server answered 429 Too Many Requests`, Math.min(wait, 60_000));
      }
      await refusePrivateHops(browsed, options);
      return browsed;
    } catch (error) {
      if (browsed.kind === 'browsed') await browsed.dispose();
      throw error;
    }
  }

  /**
   * Captures one URL inside an existing browser context: the desktop app's visible, logged-in
   * browser ("browse and capture"). The URL is queued and recorded like any other.
   */
  async captureInContext(context: BrowserContext, caseId: number, url: string, options: Omit<CaptureRunOptions, 'concurrency' | 'headless'>): Promise<StoredCapture> {
    refuseClosedCase(await this.deps.cases.get(caseId));
    const checked = await checkCaptureUrl(url, { allowPrivate: options.allowPrivate, proxy: options.proxy });
    const { queued, alreadyCaptured } = await this.queue.enqueue(caseId, [checked.href], options.operator);
    if (!queued[0]) throw new GoldenHourError('conflict', `${checked.href} is already captured in this case (item ${alreadyCaptured[0]?.itemId})`);
    // Claimed like any queue entry, so a capture run working the same case leaves it alone.
    const entry = await this.queue.claim(queued[0].id);
    if (!entry) throw new GoldenHourError('conflict', `${checked.href} is being captured right now by another capture run`);
    const limits = mergeLimits(options.timeoutSeconds ? limitsForTimeout(options.timeoutSeconds) : defaultCaptureLimits, options.limits);
    const identity: CaptureIdentity = { operator: options.operator, tool: { name: tool.name, version: tool.version }, proxy: options.proxy ? proxySetting(options.proxy).recorded : null, proxyUrl: options.proxy ?? null, requestPolicy: { allowPrivate: options.allowPrivate ?? false, proxy: options.proxy ?? null } };
    return this.workClaimed(caseId, entry.id, async () => {
      const captured = await capturePage(context, checked.href, limits, identity);
      try {
        await refusePrivateHops(captured, options);
        return await storeCapture(this.deps, caseId, captured, identity, (tx, page) => tx.captureQueue.markCaptured(entry.id, page.id));
      } finally {
        if (captured.kind === 'page') await captured.videos.dispose();
      }
    });
  }

  /** The work on a claimed queue entry, under the case's capture lock: a failure marks the entry failed. */
  private async workClaimed<T>(caseId: number, entryId: number, work: () => Promise<T>): Promise<T> {
    const { lock } = this.lock(caseId);
    try {
      return await work();
    } catch (failure) {
      const error = this.inWords(failure, 'the capture');
      await this.queue.markFailed(entryId, errorMessage(error));
      throw error;
    } finally {
      this.active -= 1;
      lock.release();
    }
  }
  /** A browser for captures outside the queue (watch runs), with the run's proxy; the caller closes it. */
  async launchBrowser(options: Pick<CaptureRunOptions, 'proxy' | 'headless'>): Promise<Browser> {
    const proxy = options.proxy ? proxySetting(parseProxy(options.proxy)) : null;
    return (await this.launch({ proxy, headless: options.headless })).browser;
  }

  /**
   * Captures an address for a watch run, with `onRecorded` in the unit of work that records the
   * version (the watch writes its run there, so no version is ever stored without its run).
   * The first capture of an address is queued and claimed like any capture (an ordinary capture
   * of it later says it is captured); when the address was captured meanwhile, nothing is
   * captured and that item is returned as `alreadyCaptured`. Later captures go around the queue
   * on purpose: the queue still refuses an address already captured for ordinary captures, while
   * a watch run is a scheduled re-capture with its own record (the watch repository); they are
   * flagged `watch-version`. The same limits, private-address rules and per-host spacing (the
   * caller's limiter) apply either way, and the item's custody entry carries `details`.
   */
  async captureForWatch(browser: Browser, caseId: number, url: string, options: CaptureRunOptions, limiter: HostRateLimit, watch: { first: boolean; details: Record<string, unknown> }, onRecorded: OnRecorded): Promise<StoredCapture | { alreadyCaptured: number }> {
    const checked = await checkCaptureUrl(url, { allowPrivate: options.allowPrivate, proxy: options.proxy });
    if (!watch.first) return this.captureWatched(browser, caseId, checked.href, options, limiter, watch.details, onRecorded);
    const { queued, alreadyCaptured } = await this.queue.enqueue(caseId, [checked.href], options.operator);
    if (!queued[0]) return { alreadyCaptured: alreadyCaptured[0]!.itemId! };
    const entry = await this.queue.claim(queued[0].id);
    if (!entry) throw new CaptureFailure(`${checked.href} is being captured right now by another capture run`, true, 'busy');
    return this.workClaimed(caseId, entry.id, () => this.captureWatched(browser, caseId, checked.href, options, limiter, watch.details, async (tx, page) => {
      await tx.captureQueue.markCaptured(entry.id, page.id);
      await onRecorded(tx, page);
    }));
  }

  private async captureWatched(browser: Browser, caseId: number, url: string, options: CaptureRunOptions, limiter: HostRateLimit, details: Record<string, unknown>, onRecorded: OnRecorded): Promise<StoredCapture> {
    await limiter.wait(new URL(url).host);
    const limits = mergeLimits(options.timeoutSeconds ? limitsForTimeout(options.timeoutSeconds) : defaultCaptureLimits, options.limits);
    const proxy = options.proxy ? proxySetting(parseProxy(options.proxy)) : null;
    const identity: CaptureIdentity = { operator: options.operator, tool: { name: tool.name, version: tool.version }, proxy: proxy?.recorded ?? null, proxyUrl: options.proxy ? parseProxy(options.proxy) : null, requestPolicy: { allowPrivate: options.allowPrivate ?? false, proxy: options.proxy ?? null } };
    const context = await browser.newContext({ viewport: limits.viewport, acceptDownloads: true, serviceWorkers: 'block', ...contextProxy(proxy) });
    try {
      const captured = await capturePage(context, url, limits, identity);
      try {
        await refusePrivateHops(captured, options);
        if (captured.kind === 'page' && details.versionOf !== undefined) captured.flags.push('watch-version');
        return await storeCapture(this.deps, caseId, captured, identity, onRecorded, { method: 'watch capture', ...details });
      } finally {
        if (captured.kind === 'page') await captured.videos.dispose();
      }
    } finally {
      await context.close().catch(() => undefined);
    }
  }
}

/** What a run's workers share. */
interface EntryRun {
  browser: { get(): Promise<Browser> };
  caseId: number;
  options: CaptureRunOptions;
  identity: CaptureIdentity;
  limiter: HostRateLimit;
  result: CaptureRunResult;
  byEntry: Map<number, Item[]>;
  /** Entries claimed by any worker and not yet finished (a profile among them may queue posts). */
  inFlight: number;
}

class RetryLater extends CaptureFailure {
  constructor(message: string, readonly delayMs: number) {
    super(message, true, 'rate-limited');
  }
}

/**
 * A public address that redirected to a private one (a way to read an intranet through us) is
 * not kept, unless private addresses are allowed.
 */
async function refusePrivateHops(captured: CapturedPage | BrowsedPage | CapturedDownload, options: Pick<CaptureRunOptions, 'allowPrivate' | 'proxy'>): Promise<void> {
  if (options.allowPrivate) return;
  const redirects = captured.kind === 'download' ? [] : captured.redirects.slice(1).map((r) => r.url);
  for (const hop of [...redirects, captured.finalUrl]) {
    try {
      await checkCaptureUrl(hop, { proxy: options.proxy });
    } catch (error) {
      throw new CaptureFailure(`${captured.requestedUrl} redirected to ${hop}: ${errorMessage(error)}`, false, 'private-redirect');
    }
  }
}

function headerOf(captured: BrowsedPage, name: string): string | null {
  return captured.responseHeaders.find(([n]) => n.toLowerCase() === name)?.[1] ?? null;
}
