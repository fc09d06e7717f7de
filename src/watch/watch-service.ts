import type { Browser } from 'playwright-core';
import type { CaptureRunOptions, CaptureService } from '../capture/capture-service.js';
import { HostRateLimit } from '../capture/host-rate-limit.js';
import { parseCaptureUrl, parseProxy } from '../capture/url-policy.js';
import { proxySetting } from '../capture/browser-launch.js';
import { parseVideoQuality } from '../capture/streams/stream-plan.js';
import type { CaseRepository, ItemRepository, UnitOfWork, WatchRepository } from '../store/repositories.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { errorMessage, GoldenHourError } from '../util/errors.js';
import type { Vault } from '../vault/vault.js';
import type { ProxyPasswords } from '../config/proxy-passwords.js';
import { runWatch } from './watch-run.js';
import type { Watch, WatchCaptureSettings, WatchRun } from './watch-types.js';

/** What a door asks to watch. */
export interface WatchRequest {
  caseId: number;
  urls: string[];
  everySeconds: number;
  /** Stop after this instant (ISO 8601 UTC), or null. */
  untilAt: string | null;
  settings: WatchCaptureSettings;
  operator: string;
}

/** One finished run, as reported to the door that runs the watches. */
export interface WatchRunReport {
  watch: Watch;
  run: WatchRun;
}

/** How long to wait (injected so tests never sleep long); resolves early when the signal aborts. */
export type Sleeper = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleeper = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(done, ms);
  function done() {
    clearTimeout(timer);
    signal?.removeEventListener('abort', done);
    resolve();
  }
  signal?.addEventListener('abort', done, { once: true });
});

/**
 * Watching addresses: registers watches (the schedule in the database and the ledger), runs the
 * due ones (each a capture and a verdict), and stops them at their end time or when asked. The
 * schedule lives in the database, so a watch outlives the process that started it.
 */
export class WatchService {
  private readonly limiter = new HostRateLimit(500);
  /** When this service first ran watches: slots due before then were missed while nothing ran. */
  private runningSince: Date | null = null;

  constructor(private readonly deps: { store: UnitOfWork; proxyPasswords: ProxyPasswords; watches: WatchRepository; items: ItemRepository; cases: CaseRepository; vault: Vault; clock: Clock; capture: CaptureService }, private readonly sleep: Sleeper = realSleep) {}

  /** Registers watches (an address already watched in the case keeps its watch); each is recorded in the ledger. */
  async register(request: WatchRequest): Promise<{ watches: Watch[]; alreadyWatched: Watch[] }> {
    await this.deps.cases.get(request.caseId);
    if (!(request.everySeconds > 0)) throw new GoldenHourError('invalid-input', `Expected a positive interval but received ${request.everySeconds} seconds`);
    const now = this.deps.clock.now();
    if (request.untilAt !== null && Date.parse(request.untilAt) <= now.getTime()) {
      throw new GoldenHourError('invalid-input', `Expected an end time in the future for the watch but received ${request.untilAt} (it is now ${isoUtc(now)})`);
    }
    // The proxy's password goes to this machine's password store, never into the database.
    const settings = this.storedSettings(request.settings);
    const urls = [...new Set(request.urls.map((u) => parseCaptureUrl(u).href))];
    const watches: Watch[] = [];
    const alreadyWatched: Watch[] = [];
    for (const url of urls) {
      const existing = await this.deps.watches.findActive(request.caseId, url);
      if (existing) {
        alreadyWatched.push(existing);
        continue;
      }
      const captured = (await this.deps.capture.queue.list(request.caseId, 'captured')).find((entry) => entry.url === url);
      const itemId = captured?.itemId ?? null;
      // An address captured before is version 1 already: its next capture is one interval away.
      const nextRunAt = isoUtc(itemId === null ? now : new Date(now.getTime() + request.everySeconds * 1000));
      watches.push(await this.deps.watches.create(
        { caseId: request.caseId, url, itemId, everySeconds: request.everySeconds, untilAt: request.untilAt, settings, nextRunAt, createdAt: isoUtc(now), createdBy: request.operator },
        (watch) => ({
          caseId: watch.caseId, operator: request.operator, action: 'watch started', itemId,
          details: { watchId: watch.id, url, everySeconds: watch.everySeconds, until: watch.untilAt, firstRunAt: nextRunAt, settings: recordedSettings(settings) },
        }),
      ));
    }
    return { watches, alreadyWatched };
  }

  /** Stops watches (all of a case's, or the given ones), recording each stop and its reason. */
  async stop(caseId: number, operator: string, reason: string, watchIds?: number[]): Promise<Watch[]> {
    await this.deps.cases.get(caseId);
    const active = (await this.deps.watches.list(caseId)).filter((w) => w.state === 'active' && (!watchIds || watchIds.includes(w.id)));
    const at = isoUtc(this.deps.clock.now());
    return Promise.all(active.map((w) => this.deps.watches.stop(w.id, reason, at, {
      caseId, operator, action: 'watch stopped', itemId: w.itemId, details: { watchId: w.id, url: w.url, reason },
    })));
  }

  /**
   * Runs every watch of the case that is due now (stopping those past their end first), one
   * after the other with per-host spacing. Returns the runs made.
   */
  async runDue(caseId: number, options: CaptureRunOptions, onRun: (report: WatchRunReport) => void = () => undefined): Promise<WatchRunReport[]> {
    await this.stopExpired(caseId, options.operator);
    this.runningSince ??= this.deps.clock.now();
    const now = this.deps.clock.now().getTime();
    const due = (await this.deps.watches.list(caseId)).filter((w) => w.state === 'active' && Date.parse(w.nextRunAt) <= now);
    // Every due watch's proxy password is found before any runs: one missing is said at once, and its run is left due, not spent.
    const settingsOf = new Map(due.map((watch) => [watch.id, captureOptions(this.runSettings(watch))]));
    const reports: WatchRunReport[] = [];
    let browser: Browser | null = null;
    try {
      for (const watch of due) {
        const runOptions = { ...options, ...settingsOf.get(watch.id), operator: options.operator };
        const getBrowser = async () => (browser ??= await this.deps.capture.launchBrowser(runOptions));
        const run = await runWatch(this.deps, watch, getBrowser, this.limiter, runOptions, this.runningSince);
        if (!run) continue;
        const report = { watch: await this.deps.watches.get(watch.id), run };
        reports.push(report);
        onRun(report);
      }
    } finally {
      // Assigned inside the closure above; TypeScript cannot see that.
      await (browser as Browser | null)?.close().catch(() => undefined);
    }
    return reports;
  }

  /** Runs the case's watches until none is active (all ended or stopped) or the signal aborts. */
  async runUntilDone(caseId: number, options: CaptureRunOptions, signal: AbortSignal, onRun: (report: WatchRunReport) => void = () => undefined): Promise<void> {
    while (!signal.aborted) {
      await this.runDue(caseId, options, onRun);
      await this.stopExpired(caseId, options.operator);
      const active = (await this.deps.watches.list(caseId)).filter((w) => w.state === 'active');
      if (active.length === 0 || signal.aborted) return;
      const now = this.deps.clock.now().getTime();
      const wakeAt = Math.min(...active.flatMap((w) => [Date.parse(w.nextRunAt), ...(w.untilAt ? [Date.parse(w.untilAt)] : [])]));
      await this.sleep(Math.max(0, wakeAt - now), signal);
    }
  }

  /** Settings as stored: a proxy without its password, which is kept on this machine under a name. */
  private storedSettings(requested: WatchCaptureSettings): WatchCaptureSettings {
    const { proxyPassword: _ignored, ...settings } = requested;
    if (!settings.proxy) return settings;
    const proxy = new URL(parseProxy(settings.proxy));
    if (!proxy.password) return settings;
    const password = proxy.password;
    proxy.password = '';
    this.deps.proxyPasswords.set(proxy.href, password);
    return { ...settings, proxy: proxy.href, proxyPassword: proxy.href };
  }

  /** A watch's settings to run with: its proxy's password put back from this machine's store, or a clear refusal. */
  private runSettings(watch: Watch): WatchCaptureSettings {
    const { proxy, proxyPassword: name } = watch.settings;
    if (!proxy || name === undefined) return watch.settings;
    // A name written by migration 0005 is the proxy as it was typed; one written here is its normal form.
    const password = this.deps.proxyPasswords.get(name) ?? this.deps.proxyPasswords.get(new URL(name).href);
    if (password === null) {
      throw new GoldenHourError('unavailable', `Watch ${watch.id} (${watch.url}) goes through the proxy ${proxy}, but that proxy's password is not kept on this machine (${this.deps.proxyPasswords.where}); it is never stored in the case database. Watch the address again with the proxy's password to keep it here, or stop the watch.`);
    }
    const withPassword = new URL(proxy);
    withPassword.password = password;
    return { ...watch.settings, proxy: withPassword.href };
  }

  /** Stops watches whose end time has passed. */
  private async stopExpired(caseId: number, operator: string): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const expired = (await this.deps.watches.list(caseId)).filter((w) => w.state === 'active' && w.untilAt !== null && Date.parse(w.untilAt) <= now);
    if (expired.length > 0) await this.stop(caseId, operator, 'until', expired.map((w) => w.id));
  }

  /** A case's watches with their runs, for `changes` and the Changes view. */
  async changes(caseId: number): Promise<{ watch: Watch; runs: WatchRun[] }[]> {
    await this.deps.cases.get(caseId);
    const watches = await this.deps.watches.list(caseId);
    return Promise.all(watches.map(async (watch) => ({ watch, runs: await this.deps.watches.runs(watch.id) })));
  }
}

/** The settings as the ledger keeps them: a proxy's password never. */
function recordedSettings(settings: WatchCaptureSettings): Record<string, unknown> {
  let proxy: string | null = null;
  try {
    proxy = settings.proxy ? proxySetting(parseProxy(settings.proxy)).recorded : null;
  } catch (error) {
    proxy = `unreadable: ${errorMessage(error)}`;
  }
  return { ...settings, proxy };
}

/** A watch's stored settings as capture options. */
export function captureOptions(settings: WatchCaptureSettings): Omit<CaptureRunOptions, 'operator'> {
  const limits = settings.limits;
  return {
    proxy: settings.proxy ?? null, allowPrivate: settings.allowPrivate, timeoutSeconds: settings.timeoutSeconds,
    limits: limits && {
      scroll: { maxHeightPx: limits.scrollMaxHeightPx, maxTimeMs: limits.scrollMaxSeconds === undefined ? undefined : limits.scrollMaxSeconds * 1000 },
      media: { maxCount: limits.mediaMaxCount, maxTotalBytes: limits.mediaMaxBytes },
      video: { maxSeconds: limits.videoMaxSeconds, maxBytes: limits.videoMaxBytes, quality: limits.videoQuality === undefined ? undefined : parseVideoQuality(limits.videoQuality) },
      expand: { maxClicks: limits.expandMaxClicks, maxTimeMs: limits.expandMaxSeconds === undefined ? undefined : limits.expandMaxSeconds * 1000 },
      recordScreen: limits.recordVideo,
    },
  };
}
