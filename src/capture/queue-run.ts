import type { Browser } from 'playwright-core';
import type { Item } from '../domain/item.js';
import { diskFullError, isDiskFull } from '../util/disk-full.js';
import { errorMessage, GoldenHourError } from '../util/errors.js';
import { contextProxy, proxySetting, type CaptureBrowserOptions } from './browser-launch.js';
import { CaptureFailure } from './capture-failure.js';
import type { CapturedDownload } from './capture-download.js';
import type { QueueEntry } from './capture-queue.js';
import { identityOf, limitsOf, type CaptureEvent, type CaptureRunOptions, type CaptureRunResult } from './capture-run-options.js';
import { storeCapture, type CaptureStoreDeps, type StoredCapture } from './capture-store.js';
import { followedNote, followsFrom, noPostsNote, type FollowedPosts } from './follow-posts.js';
import { backoffMs, HostRateLimit, retryAfterMs } from './host-rate-limit.js';
import { browsePage, phaseTimer, type BrowsedPage, type CaptureIdentity } from './page-capture.js';
import { refusePrivateHops } from './private-hops.js';
import { checkCaptureUrl, parseProxy } from './url-policy.js';
import type { CaptureQueueRepository } from '../store/repositories.js';

/** How the service gets a browser: injected so the desktop app can pass its own. */
export type BrowserLauncher = (options: CaptureBrowserOptions) => Promise<{ browser: Browser }>;

/** What a queue run uses: the store, the queue, a browser launcher, and how a profile's posts are queued. */
export interface QueueRunDeps {
  store: CaptureStoreDeps;
  queue: CaptureQueueRepository;
  launch: BrowserLauncher;
  followPosts(caseId: number, profileItemId: number, count: number, operator: string, onEvent?: (e: CaptureEvent) => void): Promise<FollowedPosts>;
}

/** A full disk said in words (which folder, how much is free), not retried: waiting frees no space. Other failures as they are. */
export function failureInWords(vaultRoot: string, failure: unknown, what: string): unknown {
  return isDiskFull(failure) ? diskFullError(vaultRoot, null, what) : failure;
}

/**
 * One run through a case's capture queue: a few workers, each taking the next queued entry
 * through the run's browser (relaunched if it dies) in a fresh context, with per-host spacing,
 * retries with backoff and progress events. A worker's page is finished (yt-dlp, WACZ, vault,
 * analysis) while its next page loads: one page in the browser and one finishing at most,
 * finished in the order loaded.
 */
export class QueueRun {
  private readonly identity: CaptureIdentity;
  private readonly limiter: HostRateLimit;
  private readonly byEntry = new Map<number, Item[]>();
  /** Entries claimed by any worker and not yet finished (a profile among them may queue posts). */
  private inFlight = 0;

  private constructor(private readonly deps: QueueRunDeps, private readonly caseId: number, private readonly options: CaptureRunOptions, private readonly result: CaptureRunResult, private readonly browser: BrowserHolder) {
    this.identity = identityOf(options);
    this.limiter = new HostRateLimit(options.hostIntervalMs ?? 500);
  }

  /** Works the case's queue until it is empty (and, with followPosts, until no captured profile may add to it). */
  static async work(deps: QueueRunDeps, caseId: number, options: CaptureRunOptions, result: CaptureRunResult): Promise<CaptureRunResult> {
    const browser = await browserHolder(deps.launch, { proxy: options.proxy ? proxySetting(parseProxy(options.proxy)) : null, headless: options.headless });
    const run = new QueueRun(deps, caseId, options, result, browser);
    try {
      await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, () => run.worker()));
    } finally {
      await browser.close();
    }
    result.items = [...run.byEntry.entries()].sort(([a], [b]) => a - b).flatMap(([, items]) => items);
    return result;
  }

  private async worker(): Promise<void> {
    let finishing: Promise<void> = Promise.resolve();
    for (;;) {
      for (let entry = await this.deps.queue.claimNext(this.caseId); entry; entry = await this.deps.queue.claimNext(this.caseId)) {
        this.inFlight += 1;
        ({ finishing } = await this.captureEntry(entry, finishing));
        void finishing.finally(() => (this.inFlight -= 1));
      }
      await finishing;
      if (!this.options.followPosts) return;
      // A profile still in the browser or being finished (by any worker) may yet queue its
      // posts for this run: wait for those, then take what they queued.
      if (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      else if ((await this.deps.queue.list(this.caseId, 'queued')).length === 0) return;
    }
  }

  /**
   * Takes an entry through the browser, retrying what may pass, and resolves once its page is
   * closed, with the promise of its finishing (after `previous`, the worker's last page; in an
   * object, as a promise resolved with a promise would wait for it).
   */
  private async captureEntry(entry: QueueEntry, previous: Promise<void>, firstAttempt = 1): Promise<{ finishing: Promise<void> }> {
    const { options } = this;
    const emit = options.onEvent ?? (() => undefined);
    const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    for (let attempt = firstAttempt; ; attempt += 1) {
      emit({ type: 'started', url: entry.url, queueId: entry.id, attempt });
      try {
        const url = await checkCaptureUrl(entry.url, { allowPrivate: options.allowPrivate, proxy: options.proxy });
        const waitStarted = performance.now();
        await this.limiter.wait(url.host);
        options.trace?.(entry.url, 'host-spacing', performance.now() - waitStarted);
        const browsed = await this.browseOnce(await this.browser.get(), entry, attempt < maxAttempts);
        return { finishing: previous.then(() => this.finishEntry(entry, browsed, attempt)) };
      } catch (error) {
        if (!(await this.failedAttempt(entry, error, attempt))) return { finishing: previous };
      }
    }
  }

  /** Stores a browsed page (after yt-dlp and the WACZ); a failure that may pass captures the page again. */
  private async finishEntry(entry: QueueEntry, browsed: BrowsedPage | CapturedDownload, attempt: number): Promise<void> {
    const started = performance.now();
    try {
      const captured = browsed.kind === 'browsed' ? await browsed.finish() : browsed;
      let stored: StoredCapture;
      const followed = entry.followedFrom ? { method: 'web capture', followedFrom: entry.followedFrom } : undefined;
      try {
        stored = await storeCapture(this.deps.store, this.caseId, captured, this.identity, (tx, page) => tx.captureQueue.markCaptured(entry.id, page.id), followed);
      } finally {
        if (captured.kind === 'page') await captured.videos.dispose();
      }
      this.options.trace?.(entry.url, 'store', performance.now() - started);
      this.byEntry.set(entry.id, [stored.page, ...stored.media]);
      // A note every page would repeat (yt-dlp missing, say) is said once.
      this.result.notes.push(...stored.notes.filter((note) => !this.result.notes.includes(note)));
      this.options.onEvent?.({ type: 'done', url: entry.url, queueId: entry.id, itemId: stored.page.id, flags: stored.page.flags, media: stored.media.length });
      await this.followFrom(entry, stored.page);
    } catch (error) {
      if (await this.failedAttempt(entry, error, attempt)) await (await this.captureEntry(entry, Promise.resolve(), attempt + 1)).finishing;
    }
  }

  /**
   * With `followPosts`, a profile page captured by the run has its recent posts queued (the
   * run's workers take them); a post followed from a profile is not followed further. What was
   * queued, or why nothing could be, is said in the run's notes.
   */
  private async followFrom(entry: QueueEntry, page: Item): Promise<void> {
    const { options, result } = this;
    const count = options.followPosts;
    if (!count || !followsFrom(page, entry.followedFrom)) return;
    if ((page.post?.recentPosts ?? []).length === 0) {
      result.notes.push(noPostsNote(page, entry.url));
      return;
    }
    let followed: FollowedPosts;
    try {
      followed = await this.deps.followPosts(this.caseId, page.id, count, options.operator, options.onEvent);
    } catch (error) {
      // The profile is captured and kept; only queueing its posts failed (the case closed meanwhile, say).
      result.notes.push(`item ${page.id} (profile): its recent posts were not queued: ${errorMessage(error)}`);
      return;
    }
    result.errors.push(...followed.errors);
    result.notes.push(followedNote(page.id, followed));
  }

  /** After a failed attempt: true when another comes (its delay waited out), else the entry is marked failed. */
  private async failedAttempt(entry: QueueEntry, failure: unknown, attempt: number): Promise<boolean> {
    const { options } = this;
    const error = failureInWords(this.deps.store.vault.root, failure, `the capture of ${entry.url}`);
    const emit = options.onEvent ?? (() => undefined);
    // A failure we did not foresee (a crashed page or browser) gets another attempt too.
    const retryable = (error instanceof CaptureFailure ? error.retryable : !(error instanceof GoldenHourError)) && attempt < Math.max(1, options.maxAttempts ?? 3);
    if (retryable) {
      const delayMs = error instanceof RetryLater ? error.delayMs : backoffMs(attempt, options.retryBaseMs ?? 2000);
      emit({ type: 'retrying', url: entry.url, queueId: entry.id, attempt, error: errorMessage(error), delayMs });
      await this.deps.queue.countAttempt(entry.id);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return true;
    }
    const message = errorMessage(error);
    await this.deps.queue.markFailed(entry.id, message);
    this.result.errors.push({ url: entry.url, error: message });
    emit({ type: 'failed', url: entry.url, queueId: entry.id, error: message });
    return false;
  }

  /** One attempt in the browser, in a fresh context closed before this resolves; a 429 or a refused redirect throws. */
  private async browseOnce(browser: Browser, entry: QueueEntry, mayRetry: boolean): Promise<BrowsedPage | CapturedDownload> {
    const { options } = this;
    const limits = limitsOf(options);
    const phase = phaseTimer((event) => options.trace?.(entry.url, event.phase, event.ms));
    const context = await browser.newContext({ viewport: limits.viewport, acceptDownloads: true, serviceWorkers: 'block', ...contextProxy(options.proxy ? proxySetting(parseProxy(options.proxy)) : null) });
    phase('new-context');
    let browsed: BrowsedPage | CapturedDownload;
    try {
      browsed = await browsePage(context, entry.url, limits, this.identity, (event) => {
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
        this.limiter.backOff(new URL(browsed.finalUrl).host, wait);
        throw new RetryLater(`${entry.url}: the server answered 429 Too Many Requests`, Math.min(wait, 60_000));
      }
      await refusePrivateHops(browsed, options);
      return browsed;
    } catch (error) {
      if (browsed.kind === 'browsed') await browsed.dispose();
      throw error;
    }
  }
}

interface BrowserHolder {
  get(): Promise<Browser>;
  close(): Promise<void>;
}

/** The run's browser, launched again if it died (a crash must not fail every URL after it). */
async function browserHolder(launch: BrowserLauncher, launchOptions: CaptureBrowserOptions): Promise<BrowserHolder> {
  let current = (await launch(launchOptions)).browser;
  let relaunching: Promise<Browser> | null = null;
  return {
    get: async (): Promise<Browser> => {
      if (current.isConnected()) return current;
      relaunching ??= launch(launchOptions).then(({ browser }) => {
        current = browser;
        relaunching = null;
        return browser;
      });
      return relaunching;
    },
    close: () => current.close().catch(() => undefined),
  };
}

class RetryLater extends CaptureFailure {
  constructor(message: string, readonly delayMs: number) {
    super(message, true, 'rate-limited');
  }
}

function headerOf(captured: BrowsedPage, name: string): string | null {
  return captured.responseHeaders.find(([n]) => n.toLowerCase() === name)?.[1] ?? null;
}
