import { EventEmitter } from 'node:events';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { artifactSchema, eventTimeSchema, itemKindSchema, postSchema, type Item } from '../domain/item.js';
import type { ItemAnalyser } from '../ingest/ingest-service.js';
import type { CaseRepository, ItemRepository, Store } from '../store/repositories.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { errorMessage, GoldenHourError, invalidInput } from '../util/errors.js';
import type { Vault } from '../vault/vault.js';
import type { CaptureWorker, ClaimedJob } from './capture-job-repository.js';
import type { FollowedFrom, QueueEntry } from './capture-queue.js';
import { followedNote, followProfilePosts, followsFrom, noPostsNote, type FollowedPosts } from './follow-posts.js';
import { analyseMedia } from './capture-store.js';

/** How a team server leases jobs to its capture workers. */
export interface CaptureJobPolicy {
  /** A lease lasts this long unless renewed; a worker renews it every third of it. */
  leaseSeconds: number;
  /** A worker seen (asking for work or renewing a lease) this recently counts as connected. */
  connectedSeconds: number;
  /** Leases a job may have: one that stopped this many workers (a page that kills Chromium) fails. */
  maxLeases: number;
  /** Spacing between page loads on one host, across all workers, unless the run set its own. */
  hostIntervalMs: number;
}

export const defaultCaptureJobPolicy: CaptureJobPolicy = { leaseSeconds: 30, connectedSeconds: 20, maxLeases: 3, hostIntervalMs: 500 };

/** A job as a worker is given it: when it may load the page (per-host spacing across workers). */
export interface WorkerJob extends ClaimedJob {
  /** Wait this long before loading the page. */
  startInMs: number;
  leaseSeconds: number;
}

/** What following a profile's posts did on a team server: the note a run shows, the jobs queued, links that were no web address. */
export interface FollowedOnWorkers {
  note: string;
  queueIds: number[];
  errors: { url: string; error: string }[];
}

/** What happened to a job, for the capture runs following it and the live views. */
export type JobEvent =
  | { type: 'started'; caseId: number; queueId: number; url: string; worker: string; lease: number }
  /** A post a captured profile lists, queued as a job because its run follows posts (before that profile's `done`). */
  | { type: 'queued'; caseId: number; queueId: number; url: string; worker: string; followedFrom: FollowedFrom; fromQueueId: number }
  /** `followed`: what following the page's recent posts did, when its run follows posts and it is a profile. */
  | { type: 'done'; caseId: number; queueId: number; url: string; worker: string; itemId: number; flags: string[]; media: number; mediaIds: number[]; followed?: FollowedOnWorkers }
  | { type: 'failed'; caseId: number; queueId: number; url: string; worker: string; error: string };

const SHA256 = /^[0-9a-f]{64}$/;
const sha256Field = z.string().regex(SHA256, 'a SHA-256 is 64 lowercase hex digits');

/** One item of a worker's capture: what its own Chromium produced, named by hash. */
const reportedItemSchema = z.strictObject({
  kind: itemKindSchema,
  sha256: sha256Field,
  size: z.number().int().nonnegative(),
  mediaType: z.string().min(1).max(200),
  originalName: z.string().max(1000).nullable().optional(),
  sourceUrl: z.string().max(8192).nullable().optional(),
  title: z.string().max(10_000).nullable().optional(),
  eventTime: eventTimeSchema.nullable().optional(),
  post: postSchema.nullable().optional(),
  capture: z.record(z.string(), z.unknown()).nullable().optional(),
  flags: z.array(z.string().max(200)).max(100).optional(),
  artifacts: z.array(artifactSchema.extend({ sha256: sha256Field })).max(100).optional(),
  /** Only for media: how the page reached it (the custody entry's details). */
  via: z.record(z.string(), z.unknown()).optional(),
});

/** What a worker reports when a capture is done: the page (or downloaded file) and its media. */
export const captureReportSchema = z.strictObject({
  queueId: z.number().int().positive(),
  leaseId: z.string().min(1).max(100),
  page: reportedItemSchema,
  media: z.array(reportedItemSchema).max(1000),
  notes: z.array(z.string().max(2000)).max(100),
});
export type CaptureReport = z.infer<typeof captureReportSchema>;
export type ReportedItem = z.infer<typeof reportedItemSchema>;

export interface CaptureJobDeps {
  store: Store;
  vault: Vault;
  clock: Clock;
  cases: CaseRepository;
  items: ItemRepository;
  analyser: ItemAnalyser | null;
}

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const WORKER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Adds a capture worker (no server needs to run): its token, returned once, is stored only as
 * its SHA-256, in the `workers` table apart from users' sessions, so neither passes for the other.
 */
export async function addCaptureWorker(store: Store, clock: Clock, name: string): Promise<{ worker: CaptureWorker; token: string }> {
  if (!WORKER_NAME.test(name)) throw invalidInput(`Expected a worker name of 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit) but received ${JSON.stringify(name.slice(0, 80))}`);
  const token = `ghw_${randomBytes(32).toString('base64url')}`;
  const worker = await store.withTransaction((tx) => tx.captureJobs.addWorker(name, tokenHash(token), isoUtc(clock.now())));
  return { worker, token };
}

/**
 * The capture queue of a team server worked by capture workers on other machines. A worker
 * takes a job under a lease and renews it while it captures; a worker that stops renewing
 * (killed, cut off) loses the job to the next one. Each artifact a worker uploads is hashed on
 * arrival into the vault; the server then records the item and its custody entries itself, in
 * the unit of work that marks the URL captured, only for the lease that still holds the job:
 * a URL is recorded once, whoever captured it.
 */
export class CaptureJobService {
  private readonly events = new EventEmitter();
  /** Blobs hashed on arrival for each lease: a report may name only these. */
  private readonly received = new Map<string, Map<string, number>>();

  constructor(private readonly deps: CaptureJobDeps, readonly policy: CaptureJobPolicy = defaultCaptureJobPolicy) {
    this.events.setMaxListeners(0);
  }

  /** Adds a worker; its token is shown once and stored only as its SHA-256. */
  addWorker(name: string): Promise<{ worker: CaptureWorker; token: string }> {
    return addCaptureWorker(this.deps.store, this.deps.clock, name);
  }

  /** The worker a token belongs to (a user's session is never one), or null. */
  authenticate(token: string): Promise<CaptureWorker | null> {
    return this.deps.store.read((tx) => tx.captureJobs.workerByToken(tokenHash(token)));
  }

  /** How many workers asked for work or renewed a lease lately. */
  connectedWorkers(): Promise<number> {
    const since = isoUtc(new Date(this.deps.clock.now().getTime() - this.policy.connectedSeconds * 1000));
    return this.deps.store.read((tx) => tx.captureJobs.workersSeenSince(since));
  }

  /** Makes queued entries jobs for the workers, with the run's settings and who queued them. */
  async addJobs(entries: QueueEntry[], settings: Record<string, unknown>, queuedBy: string): Promise<void> {
    await this.deps.store.withTransaction(async (tx) => {
      for (const entry of entries) await tx.captureJobs.addJob(entry.id, settings, queuedBy);
    });
  }

  /** Gives a worker the next job, if any, with when it may load the page. */
  async claim(worker: CaptureWorker): Promise<WorkerJob | null> {
    for (;;) {
      const now = this.deps.clock.now();
      const leaseId = randomUUID();
      const outcome = await this.deps.store.withTransaction(async (tx) => {
        await tx.captureJobs.touchWorker(worker.id, isoUtc(now));
        const claimed = await tx.captureJobs.claim(worker.id, leaseId, isoUtc(now), this.leaseEnd(now), this.policy.maxLeases);
        if (!claimed) return null;
        if ('lost' in claimed) {
          const error = `${claimed.lost.url}: ${claimed.lost.leases} capture workers stopped while capturing it (killed, or cut off from the server); not tried again`;
          await tx.captureQueue.markFailed(claimed.lost.queueId, error);
          await tx.captureJobs.endJob(claimed.lost.queueId);
          return { kind: 'lost' as const, lost: claimed.lost, error };
        }
        const interval = typeof claimed.settings.hostIntervalMs === 'number' ? claimed.settings.hostIntervalMs : this.policy.hostIntervalMs;
        const slot = await tx.captureJobs.reserveHostSlot(hostOf(claimed.url), now.getTime(), interval);
        return { kind: 'job' as const, job: { ...claimed, startInMs: slot - now.getTime(), leaseSeconds: this.policy.leaseSeconds } };
      });
      if (!outcome) return null;
      if (outcome.kind === 'lost') {
        this.emit({ type: 'failed', caseId: outcome.lost.caseId, queueId: outcome.lost.queueId, url: outcome.lost.url, worker: worker.name, error: outcome.error });
        continue;
      }
      this.received.set(outcome.job.leaseId, new Map());
      this.emit({ type: 'started', caseId: outcome.job.caseId, queueId: outcome.job.queueId, url: outcome.job.url, worker: worker.name, lease: outcome.job.leases });
      return outcome.job;
    }
  }

  /** Renews a lease; a `conflict` when the job went to another worker (or ended). */
  async renew(worker: CaptureWorker, queueId: number, leaseId: string): Promise<{ leaseExpiresAt: string }> {
    const now = this.deps.clock.now();
    const leaseExpiresAt = this.leaseEnd(now);
    const held = await this.deps.store.withTransaction(async (tx) => {
      await tx.captureJobs.touchWorker(worker.id, isoUtc(now));
      return tx.captureJobs.renewLease(queueId, leaseId, leaseExpiresAt);
    });
    if (!held) throw lostLease(queueId);
    return { leaseExpiresAt };
  }

  /** Takes one uploaded artifact: hashed as it is written into the vault, refused when its hash is not the one named. */
  async receiveBlob(worker: CaptureWorker, queueId: number, leaseId: string, sha256: string, body: AsyncIterable<Buffer>): Promise<{ sha256: string; size: number }> {
    if (!SHA256.test(sha256)) throw invalidInput(`Expected a SHA-256 (64 lowercase hex digits) but received ${JSON.stringify(sha256.slice(0, 80))}`);
    const job = await this.deps.store.withTransaction((tx) => tx.captureJobs.heldJob(queueId, leaseId));
    if (!job) throw lostLease(queueId);
    const stored = await this.deps.vault.putStream(body);
    if (stored.sha256 !== sha256) {
      throw new GoldenHourError('verification-failed', `The artifact uploaded as SHA-256 ${sha256} hashed to ${stored.sha256} on arrival (${stored.size} bytes): not recorded`);
    }
    this.received.get(leaseId)?.set(sha256, stored.size);
    return { sha256, size: stored.size };
  }

  /**
   * Records a worker's capture: the page item and its media items with their custody entries
   * (under the user who queued the URL, naming the worker), and the URL marked captured, in one
   * unit of work, only while the worker's lease still holds the job. Media are then analysed here.
   */
  async complete(worker: CaptureWorker, report: CaptureReport): Promise<{ page: Item; media: Item[]; notes: string[] }> {
    const received = this.received.get(report.leaseId) ?? new Map<string, number>();
    for (const item of [report.page, ...report.media]) {
      for (const blob of [{ sha256: item.sha256, size: item.size }, ...(item.artifacts ?? [])]) {
        if (received.get(blob.sha256) !== blob.size) {
          throw invalidInput(`The capture names the file ${blob.sha256} (${blob.size} bytes), which was not uploaded for this job: upload every artifact before reporting the capture`);
        }
      }
    }
    const outcome = await this.deps.store.withTransaction(async (tx) => {
      await tx.captureJobs.touchWorker(worker.id, this.now());
      const job = await tx.captureJobs.heldJob(report.queueId, report.leaseId);
      if (!job) throw lostLease(report.queueId);
      // A post followed from a profile says so in its item and custody entry, as the queue has it.
      const followed = job.followedFrom ? { followedFrom: job.followedFrom } : {};
      const custody = { method: 'web capture', url: job.url, worker: worker.name, queuedBy: job.queuedBy };
      const pageItem = newItem(job.caseId, report.page, null);
      const page = await tx.items.insert(job.followedFrom ? { ...pageItem, capture: { ...pageItem.capture, ...followed } } : pageItem, job.queuedBy, { ...custody, ...followed });
      const media: Item[] = [];
      for (const m of report.media) {
        media.push(await tx.items.insert(newItem(job.caseId, m, page.id), job.queuedBy, { ...custody, method: m.kind === 'video' && m.via ? 'stream capture' : 'web capture', url: m.sourceUrl ?? job.url, page: job.url, ...(m.via ?? {}) }));
      }
      await tx.captureQueue.markCaptured(job.queueId, page.id);
      await tx.captureJobs.endJob(job.queueId);
      return { job, page, media };
    });
    this.received.delete(report.leaseId);
    const notes = [...report.notes];
    const media = await analyseMedia(this.deps, outcome.job.caseId, outcome.media, outcome.job.queuedBy, notes);
    const followed = await this.followPosts(worker, outcome.job, outcome.page);
    if (followed) notes.push(followed.note);
    this.emit({ type: 'done', caseId: outcome.job.caseId, queueId: outcome.job.queueId, url: outcome.job.url, worker: worker.name, itemId: outcome.page.id, flags: outcome.page.flags, media: media.length, mediaIds: media.map((item) => item.id), ...(followed ? { followed } : {}) });
    return { page: outcome.page, media, notes };
  }

  /**
   * When the job's run follows posts (`followPosts` in its settings) and the page is a profile
   * not itself followed from one: its first posts are queued in the case, each a job with the
   * same settings and queued by the same user, once the profile is recorded. The profile stays
   * recorded whatever happens here; a failure is said in the note.
   */
  private async followPosts(worker: CaptureWorker, job: ClaimedJob, page: Item): Promise<FollowedOnWorkers | null> {
    const count = job.settings.followPosts;
    if (typeof count !== 'number' || !followsFrom(page, job.followedFrom)) return null;
    if ((page.post?.recentPosts ?? []).length === 0) return { note: noPostsNote(page, job.url), queueIds: [], errors: [] };
    let followed: FollowedPosts;
    try {
      followed = await this.deps.store.withTransaction(async (tx) => {
        const outcome = await followProfilePosts(tx.captureQueue, page, count, job.queuedBy);
        for (const entry of outcome.queued) await tx.captureJobs.addJob(entry.id, job.settings, job.queuedBy);
        return outcome;
      });
    } catch (error) {
      return { note: `item ${page.id} (profile): its recent posts were not queued: ${errorMessage(error)}`, queueIds: [], errors: [] };
    }
    const from = { itemId: page.id, url: page.sourceUrl ?? '' };
    for (const entry of followed.queued) this.emit({ type: 'queued', caseId: job.caseId, queueId: entry.id, url: entry.url, worker: worker.name, followedFrom: from, fromQueueId: job.queueId });
    return { note: followedNote(page.id, followed), queueIds: followed.queued.map((e) => e.id), errors: followed.errors };
  }

  /** Records that a worker could not capture a URL (after its own retries). */
  async fail(worker: CaptureWorker, queueId: number, leaseId: string, error: string): Promise<QueueEntry> {
    const { job, entry } = await this.deps.store.withTransaction(async (tx) => {
      await tx.captureJobs.touchWorker(worker.id, this.now());
      const job = await tx.captureJobs.heldJob(queueId, leaseId);
      if (!job) throw lostLease(queueId);
      const entry = await tx.captureQueue.markFailed(queueId, error.slice(0, 4000));
      await tx.captureJobs.endJob(queueId);
      return { job, entry };
    });
    this.received.delete(leaseId);
    this.emit({ type: 'failed', caseId: job.caseId, queueId, url: job.url, worker: worker.name, error: entry.error ?? error });
    return entry;
  }

  /** Listens to what happens to jobs; returns the stop. */
  onEvent(listener: (event: JobEvent) => void): () => void {
    this.events.on('job', listener);
    return () => this.events.off('job', listener);
  }

  private emit(event: JobEvent): void {
    this.events.emit('job', event);
  }

  private now(): string {
    return isoUtc(this.deps.clock.now());
  }

  private leaseEnd(now: Date): string {
    return isoUtc(new Date(now.getTime() + this.policy.leaseSeconds * 1000));
  }
}

function lostLease(queueId: number): GoldenHourError {
  return new GoldenHourError('conflict', `Capture job ${queueId} is no longer this worker's: its lease ran out and another worker took it, or it ended`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

function newItem(caseId: number, reported: ReportedItem, parentId: number | null) {
  return {
    caseId, kind: reported.kind, sha256: reported.sha256, size: reported.size, mediaType: reported.mediaType, parentId,
    originalName: reported.originalName ?? null, sourceUrl: reported.sourceUrl ?? null, title: reported.title ?? null,
    eventTime: reported.eventTime ?? null, post: reported.post ?? null, capture: reported.capture ?? null, flags: reported.flags ?? [],
    artifacts: reported.artifacts ?? [],
  };
}
