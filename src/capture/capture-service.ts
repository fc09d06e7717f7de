import type { Browser, BrowserContext } from 'playwright-core';
import type { CaptureQueueRepository } from '../store/repositories.js';
import type { Clock } from '../util/clock.js';
import { refuseClosedCase } from '../cases/closed-case.js';
import { errorMessage, GoldenHourError } from '../util/errors.js';
import { contextProxy, launchCaptureBrowser, proxySetting } from './browser-launch.js';
import { CaptureFailure } from './capture-failure.js';
import { identityOf, limitsOf, type CaptureEvent, type CaptureRunOptions, type CaptureRunResult } from './capture-run-options.js';
import { followProfilePosts, type FollowedPosts } from './follow-posts.js';
import { storeCapture, type CaptureStoreDeps, type OnRecorded, type StoredCapture } from './capture-store.js';
import type { HostRateLimit } from './host-rate-limit.js';
import { CaptureRunLock } from './run-lock.js';
import { capturePage } from './page-capture.js';
import { refusePrivateHops } from './private-hops.js';
import { failureInWords, QueueRun, type BrowserLauncher } from './queue-run.js';
import { checkCaptureUrl, parseCaptureUrl, parseProxy } from './url-policy.js';

export type { CaptureEvent, CaptureRunOptions, CaptureRunResult } from './capture-run-options.js';
export type { BrowserLauncher } from './queue-run.js';

/** What capturing uses from the core. */
export interface CaptureServiceDeps extends CaptureStoreDeps {
  captureQueue: CaptureQueueRepository;
  clock: Clock;
  /** Where each capturing process leaves its marker (see CaptureRunLock). */
  layout: { captureRuns: string };
}

export { MAX_FOLLOW_POSTS, type FollowedPosts } from './follow-posts.js';

/**
 * Captures web pages into a case: a database-backed queue worked through by a few concurrent
 * headless browser contexts (QueueRun: per-host spacing, retries with backoff, progress
 * events), one address in the desktop app's own browser, and watch runs. A run resumes
 * whatever an earlier, interrupted run left.
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
    const result: CaptureRunResult = { items: [], errors: [], alreadyCaptured: [], notes: [] };
    const { lock, othersAlive } = this.lock(caseId);
    try {
      // Entries left `running` by a process that died go back in the queue; a live capture's are its own.
      if (!othersAlive && this.active === 1) await this.queue.recoverInterrupted(caseId);
      if ((await this.queue.list(caseId, 'queued')).length === 0) return result;
      return await QueueRun.work({ store: this.deps, queue: this.queue, launch: this.launch, followPosts: (...args) => this.followPosts(...args) }, caseId, options, result);
    } finally {
      this.active -= 1;
      lock.release();
    }
  }

  private lock(caseId: number) {
    this.active += 1;
    return CaptureRunLock.acquire(this.deps.layout.captureRuns, caseId);
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
    const identity = identityOf(options);
    return this.workClaimed(caseId, entry.id, async () => {
      const captured = await capturePage(context, checked.href, limitsOf(options), identity);
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
      const error = failureInWords(this.deps.vault.root, failure, 'the capture');
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
    const limits = limitsOf(options);
    const identity = identityOf(options);
    const context = await browser.newContext({ viewport: limits.viewport, acceptDownloads: true, serviceWorkers: 'block', ...contextProxy(options.proxy ? proxySetting(parseProxy(options.proxy)) : null) });
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
