import type { Item } from '../domain/item.js';
import type { ItemRepository } from '../store/repositories.js';
import type { CaptureJobService, JobEvent } from './capture-jobs.js';
import type { QueueEntry } from './capture-queue.js';
import type { CaptureEvent, CaptureRunResult, CaptureService } from './capture-service.js';
import type { CaptureRunSettings } from './capture-settings.js';

/** How long a run waits for a recorded profile's posts to be queued before it looks in the queue for them. */
const FOLLOW_GRACE_MS = 30_000;

/** Said (in words, no command) when a team server has no capture worker to give the URLs to. */
export function noWorkerNote(waiting: number): string {
  return `No capture worker is connected to the team server, so nothing is being captured: ${waiting === 1 ? 'the address waits' : `the ${waiting} addresses wait`} in the queue until a worker connects`;
}

/** A capture run on a team server: what a local run returns, and whether it stopped for want of a worker. */
export interface WorkerCaptureResult extends CaptureRunResult {
  /** True when no worker was connected: the URLs stay queued for the first worker that connects. */
  waitingForWorkers: boolean;
}

export interface WorkerCaptureDeps {
  capture: Pick<CaptureService, 'enqueue' | 'queue'>;
  captureJobs: CaptureJobService;
  items: Pick<ItemRepository, 'get'>;
}

/**
 * `capture.run` on a team server: queues the URLs (and whatever else waits in the case's queue)
 * as jobs for the capture workers, with the run's settings and who asked, then follows the jobs
 * until each is captured or failed, passing on their progress. With no worker connected it says
 * so at once (the URLs stay queued); a run whose workers all went away stops following likewise.
 */
export async function captureOnWorkers(deps: WorkerCaptureDeps, caseId: number, urls: string[], settings: CaptureRunSettings, operator: string, onEvent: (event: CaptureEvent & { worker?: string }) => void): Promise<WorkerCaptureResult> {
  const enqueued = urls.length > 0 ? await deps.capture.enqueue(caseId, urls, operator, onEvent) : { queued: [] as QueueEntry[], alreadyCaptured: [] as QueueEntry[], errors: [] };
  // Entries a worker holds already (posts `capture.followPosts` just made jobs, say) are followed too.
  const held = await deps.capture.queue.list(caseId, 'running');
  const waiting = [...new Map([...enqueued.queued, ...(await deps.capture.queue.list(caseId, 'queued')), ...held].map((entry) => [entry.id, entry])).values()];
  await deps.captureJobs.addJobs(waiting.filter((entry) => entry.state === 'queued'), { ...settings }, operator);
  const result: WorkerCaptureResult = {
    items: [], errors: [...enqueued.errors], alreadyCaptured: enqueued.alreadyCaptured.map((e) => ({ url: e.url, itemId: e.itemId! })), notes: [], waitingForWorkers: false,
  };
  const following = new Set(waiting.map((entry) => entry.id));
  /** Every job this run follows, those its profiles' posts added too (a post is followed once it is queued). */
  const ours = new Set(following);
  if (following.size === 0) return result;
  if ((await deps.captureJobs.connectedWorkers()) === 0) return { ...result, notes: [noWorkerNote(following.size)], waitingForWorkers: true };

  const byEntry = new Map<number, number[]>();
  let wake: () => void = () => undefined;
  const stop = deps.captureJobs.onEvent((event: JobEvent) => {
    if (event.type === 'queued' && ours.has(event.fromQueueId)) {
      // A profile of this run queued its posts: the run follows them too, as a local run captures them.
      following.add(event.queueId);
      ours.add(event.queueId);
      onEvent({ type: 'queued', url: event.url, queueId: event.queueId });
    }
    if (!ours.has(event.queueId)) return;
    if (event.type === 'started') onEvent({ type: 'started', url: event.url, queueId: event.queueId, attempt: event.lease, worker: event.worker });
    if (event.type === 'done') {
      byEntry.set(event.queueId, [event.itemId, ...event.mediaIds]);
      if (event.followed) {
        result.notes.push(event.followed.note);
        result.errors.push(...event.followed.errors);
      }
      onEvent({ type: 'done', url: event.url, queueId: event.queueId, itemId: event.itemId, flags: event.flags, media: event.media, worker: event.worker });
    }
    if (event.type === 'failed') onEvent({ type: 'failed', url: event.url, queueId: event.queueId, error: event.error, worker: event.worker });
    wake();
  });
  // A profile recorded in a run that follows posts queues them just after it is recorded, then its
  // `done` event comes: until then it is still followed. Should that event never come (another
  // server process recorded it), its posts are found in the queue after a grace period.
  const capturedSeen = new Map<number, number>();
  const followedUp = async (entry: QueueEntry): Promise<boolean> => {
    if (entry.followedFrom) return true;
    const item = await deps.items.get(entry.itemId!);
    if (item.post?.kind !== 'profile') return true;
    const seen = capturedSeen.get(entry.id) ?? performance.now();
    capturedSeen.set(entry.id, seen);
    if (performance.now() - seen < FOLLOW_GRACE_MS) return false;
    for (const post of await deps.capture.queue.list(caseId)) {
      if (post.followedFrom?.itemId === item.id && (post.state === 'queued' || post.state === 'running') && !ours.has(post.id)) {
        following.add(post.id);
        ours.add(post.id);
      }
    }
    return true;
  };
  try {
    for (;;) {
      // The queue is the truth (another server process may have recorded a job); events only wake us sooner.
      for (const id of [...following]) {
        const entry = await deps.capture.queue.get(id);
        if (entry.state === 'captured') {
          if (!byEntry.has(id) && settings.followPosts && !(await followedUp(entry))) continue;
          following.delete(id);
          if (!byEntry.has(id)) byEntry.set(id, [entry.itemId!]);
        } else if (entry.state === 'failed') {
          following.delete(id);
          result.errors.push({ url: entry.url, error: entry.error ?? 'failed' });
        }
      }
      if (following.size === 0) break;
      if ((await deps.captureJobs.connectedWorkers()) === 0) {
        result.notes.push(noWorkerNote(following.size));
        result.waitingForWorkers = true;
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    stop();
  }
  const items: Item[] = [];
  for (const [, ids] of [...byEntry.entries()].sort(([a], [b]) => a - b)) for (const id of ids) items.push(await deps.items.get(id));
  return { ...result, items };
}
