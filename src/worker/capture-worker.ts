import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReportedItem, WorkerJob } from '../capture/capture-jobs.js';
import { limitOverrides, type CaptureRunSettings } from '../capture/capture-settings.js';
import type { Browser } from 'playwright-core';
import { launchCaptureBrowser, type CaptureBrowserOptions } from '../capture/browser-launch.js';
import type { BrowserLauncher } from '../capture/capture-service.js';
import { openCore, type Core } from '../core.js';
import type { Item } from '../domain/item.js';
import { GoldenHourError, errorMessage, type ErrorCode } from '../util/errors.js';

export interface CaptureWorkerOptions {
  /** The team server's origin (https://team.example:8443). */
  server: string;
  token: string;
  /** A folder of this worker's own: its scratch case database and vault (emptied of each job's files once uploaded). */
  scratchDir: string;
  /** How long to wait before asking again when there is no job. */
  pollMs?: number;
  log: (line: string) => void;
  launchBrowser?: BrowserLauncher;
  /** Resolves when the worker should stop (after the job under way). */
  stopped: Promise<void>;
}

/** An answer of the server that is not a success, with its code. */
class ServerRefusal extends GoldenHourError {
  constructor(code: ErrorCode, message: string, readonly status: number) {
    super(code, message);
  }
}

/**
 * A capture worker: asks the team server for jobs, captures each URL with its own headless
 * Chromium through the same capture service as a local capture (same limits, request rules,
 * retries), uploads every artifact (the server hashes each on arrival) and reports the capture for
 * the server to record. It renews the job's lease while it works; if the lease is lost (this
 * machine was cut off too long), what it captured is dropped: the job went to another worker.
 */
export async function runCaptureWorker(options: CaptureWorkerOptions): Promise<void> {
  const browsers = sharedBrowsers(options.launchBrowser ?? launchCaptureBrowser);
  const core = openCore({ dataDir: options.scratchDir, analyser: null, anchorTimer: false, operator: 'worker', launchBrowser: browsers.launch });
  let stopping = false;
  void options.stopped.then(() => (stopping = true));
  const server = serverCaller(options.server, options.token);
  try {
    let announced = false;
    while (!stopping) {
      let claimed: { worker: string; job: WorkerJob | null };
      try {
        claimed = await server.call<{ worker: string; job: WorkerJob | null }>('claim', {});
      } catch (error) {
        if (error instanceof ServerRefusal && error.status === 401) throw new GoldenHourError('unauthorized', `The server ${options.server} refused the worker token: make one with goldenhour server worker-token --db URL`);
        options.log(`cannot reach ${options.server}: ${errorMessage(error)}; trying again`);
        await sleepUnless(5000, options.stopped);
        continue;
      }
      if (!announced) {
        options.log(`worker ${claimed.worker} connected to ${options.server}`);
        announced = true;
      }
      if (!claimed.job) {
        await sleepUnless(options.pollMs ?? 1000, options.stopped);
        continue;
      }
      await workJob(core, server, claimed.job, options.log);
    }
  } finally {
    await core.close();
    await browsers.closeAll();
  }
}

/**
 * One Chromium per proxy setting for the worker's whole life, not one per job: the capture
 * service closes the browser after each run, so it is handed a view whose close does nothing.
 * A browser that died is launched again on the next job.
 */
function sharedBrowsers(launch: BrowserLauncher) {
  const open = new Map<string, Promise<Browser>>();
  return {
    launch: async (launchOptions: CaptureBrowserOptions): Promise<{ browser: Browser }> => {
      const key = JSON.stringify(launchOptions);
      let browser = open.get(key);
      if (!browser || !(await browser).isConnected()) {
        browser = launch(launchOptions).then((launched) => launched.browser);
        open.set(key, browser);
      }
      const real = await browser;
      const view = new Proxy(real, {
        get: (target, property) => {
          if (property === 'close') return async () => undefined;
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      return { browser: view };
    },
    closeAll: async () => {
      for (const browser of open.values()) await (await browser).close().catch(() => undefined);
    },
  };
}

/** The worker's calls to the server, with its token. */
interface Server {
  call<T>(path: string, body: unknown): Promise<T>;
  /** Streams one file to the server (never read whole into memory), named by its SHA-256. */
  upload(path: string, sha256: string, lease: { queueId: number; leaseId: string }): Promise<void>;
}

function serverCaller(server: string, token: string): Server {
  return {
    async call<T>(path: string, body: unknown): Promise<T> {
      const response = await fetch(`${server}/worker/${path}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body),
      });
      return answerOf<T>(response);
    },
    async upload(path, sha256, lease) {
      const query = `queueId=${lease.queueId}&leaseId=${encodeURIComponent(lease.leaseId)}`;
      const response = await fetch(`${server}/worker/blob/${sha256}?${query}`, {
        method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
        body: Readable.toWeb(createReadStream(path)) as ReadableStream, duplex: 'half',
      } as RequestInit);
      await answerOf(response);
    },
  };
}

async function answerOf<T>(response: Response): Promise<T> {
  const json = (await response.json().catch(() => null)) as { ok: boolean; value?: T; error?: { code: ErrorCode; message: string } } | null;
  if (!json) throw new ServerRefusal('internal', `the server answered ${response.status} without JSON`, response.status);
  if (!json.ok) throw new ServerRefusal(json.error?.code ?? 'internal', json.error?.message ?? `the server answered ${response.status}`, response.status);
  return json.value as T;
}

async function workJob(core: Core, server: Server, job: WorkerJob, log: (line: string) => void): Promise<void> {
  log(`job ${job.queueId} (lease ${job.leases}): ${job.url}`);
  let leaseLost = false;
  const lease = { queueId: job.queueId, leaseId: job.leaseId };
  const renewal = setInterval(() => {
    server.call('renew', lease).catch((error: unknown) => {
      if (error instanceof ServerRefusal && error.code === 'conflict') leaseLost = true;
    });
  }, Math.max(1000, (job.leaseSeconds * 1000) / 3));
  try {
    // Per-host spacing across all workers: the server gave this job its slot on the host.
    if (job.startInMs > 0) await new Promise((resolve) => setTimeout(resolve, job.startInMs));
    const settings = job.settings as CaptureRunSettings;
    const scratch = await core.cases.create({ title: `job ${job.queueId}` }, job.queuedBy);
    // A post followed from a profile is queued so here too: its capture record names the server's profile item.
    await core.capture.queue.enqueue(scratch.id, [job.url], job.queuedBy, job.followedFrom ?? undefined);
    const result = await core.capture.run(scratch.id, {
      operator: job.queuedBy, concurrency: 1, proxy: settings.proxy ?? null, allowPrivate: settings.allowPrivate === true,
      timeoutSeconds: settings.timeoutSeconds, limits: limitOverrides(settings.limits), hostIntervalMs: 0,
    });
    const page = result.items.find((item) => item.parentId === null);
    if (leaseLost) return log(`job ${job.queueId}: lease lost while capturing; another worker has it`);
    if (!page) {
      const error = result.errors[0]?.error ?? `${job.url}: nothing was captured`;
      await server.call('fail', { ...lease, error });
      return log(`job ${job.queueId}: failed: ${error}`);
    }
    const media = result.items.filter((item) => item.parentId === page.id);
    const files = new Set([page, ...media].flatMap((item) => [item.sha256, ...item.artifacts.map((a) => a.sha256)]));
    for (const sha256 of files) await server.upload(core.vault.pathOf(sha256), sha256, lease);
    const done = await server.call<{ itemId: number }>('complete', { ...lease, page: reported(page), media: media.map(reported), notes: result.notes });
    log(`job ${job.queueId}: captured ${job.url} as item ${done.itemId} (${files.size} files uploaded)`);
    for (const sha256 of files) await rm(core.vault.pathOf(sha256), { force: true });
  } catch (error) {
    if (error instanceof ServerRefusal && error.code === 'conflict') return log(`job ${job.queueId}: ${error.message}`);
    log(`job ${job.queueId}: ${errorMessage(error)}`);
    await server.call('fail', { ...lease, error: errorMessage(error) }).catch(() => undefined);
  } finally {
    clearInterval(renewal);
  }
}

function reported(item: Item): ReportedItem {
  return {
    kind: item.kind, sha256: item.sha256, size: item.size, mediaType: item.mediaType, originalName: item.originalName, sourceUrl: item.sourceUrl,
    title: item.title, eventTime: item.eventTime, post: item.post, capture: item.capture, flags: item.flags, artifacts: item.artifacts,
  };
}

function sleepUnless(ms: number, stopped: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void stopped.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
