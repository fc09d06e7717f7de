import type { CaptureJobService, JobEvent } from '../capture/capture-jobs.js';
import type { Api } from './api.js';

/**
 * What a team server's door for capture workers (`/worker/...`) uses of the core: the job
 * service, the schema of a worker's capture report, and how job events reach the event stream.
 */
export { captureReportSchema } from '../capture/capture-jobs.js';
export type { CaptureJobService } from '../capture/capture-jobs.js';

/** Passes what happens to jobs to the server's event stream: capture progress, and the case changed when one is recorded. */
export function publishJobEvents(jobs: CaptureJobService, api: Api): () => void {
  return jobs.onEvent((event: JobEvent) => {
    api.publish({ topic: 'capture.progress', ...progressOf(event) });
    if (event.type === 'done') api.publish({ topic: 'case.changed', caseId: event.caseId, operation: 'capture.worker', by: event.worker });
  });
}

/** A job event in the words of a local capture run's progress (what the capture screen and CLI read). */
export function progressOf(event: JobEvent): Record<string, unknown> & { caseId: number } {
  switch (event.type) {
    case 'started': return { type: 'started', caseId: event.caseId, url: event.url, queueId: event.queueId, attempt: event.lease, worker: event.worker };
    case 'queued': return { type: 'queued', caseId: event.caseId, url: event.url, queueId: event.queueId, followedFrom: event.followedFrom, worker: event.worker };
    case 'done': return { type: 'done', caseId: event.caseId, url: event.url, queueId: event.queueId, itemId: event.itemId, flags: event.flags, media: event.media, worker: event.worker };
    case 'failed': return { type: 'failed', caseId: event.caseId, url: event.url, queueId: event.queueId, error: event.error, worker: event.worker };
  }
}
