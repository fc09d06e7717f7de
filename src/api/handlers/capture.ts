import { limitOverrides, type CaptureRunSettings } from '../../capture/capture-settings.js';
import { captureOnWorkers } from '../../capture/worker-capture-run.js';
import type { Core } from '../../core.js';
import { itemView } from '../../items/item-view.js';
import { GoldenHourError } from '../../util/errors.js';
import { refuseClosedCase } from '../../cases/closed-case.js';
import type { HandlerSet } from '../handler-types.js';

export function captureHandlers(core: Pick<Core, 'capture' | 'cases' | 'defaultOperator' | 'captureJobs' | 'items'>): HandlerSet<'capture.enqueue' | 'capture.followPosts' | 'capture.queue' | 'capture.retry' | 'capture.run'> {
  const service = core.capture;
  return {
    'capture.enqueue': async (req, context) => service.enqueue(req.caseId, req.urls, req.operator ?? core.defaultOperator, (event) =>
      context.emit?.({ topic: 'capture.progress', caseId: req.caseId, ...event })),
    'capture.followPosts': async (req, context) => {
      refuseClosedCase(await core.cases.get(req.caseId));
      const operator = req.operator ?? core.defaultOperator;
      const followed = await service.followPosts(req.caseId, req.itemId, req.count, operator, (event) =>
        context.emit?.({ topic: 'capture.progress', caseId: req.caseId, ...event }));
      // A team server captures nothing itself: the posts become jobs for its capture workers, with the settings given.
      if (context.actor) await core.captureJobs.addJobs(followed.queued, { ...jobSettings(req) }, operator);
      return followed;
    },
    'capture.queue': async (req) => {
      await core.cases.get(req.caseId);
      return service.queue.list(req.caseId, req.state);
    },
    'capture.retry': async (req) => {
      await core.cases.get(req.caseId);
      const failed = await service.queue.list(req.caseId, 'failed');
      const chosen = req.queueIds ? failed.filter((entry) => req.queueIds!.includes(entry.id)) : failed;
      if (req.queueIds && chosen.length !== req.queueIds.length) {
        const missing = req.queueIds.filter((id) => !chosen.some((entry) => entry.id === id));
        throw new GoldenHourError('invalid-input', `Expected failed capture queue entries of case ${req.caseId} but received ${missing.join(', ')} (see \`capture.queue\`)`);
      }
      const requeued = [];
      for (const entry of chosen) requeued.push(await service.queue.requeue(entry.id));
      return requeued;
    },
    'capture.run': async (req, context) => {
      const c = await core.cases.get(req.caseId);
      const onEvent = (event: object) => context.emit?.({ topic: 'capture.progress', caseId: c.id, ...event });
      const operator = req.operator ?? core.defaultOperator;
      if (context.actor) {
        // A team server captures nothing itself: its capture workers take the URLs as jobs.
        refuseClosedCase(c);
        // A profile a worker captures has its posts queued by the server when it is recorded (followPosts in the jobs' settings).
        const settings = { ...jobSettings(req), ...(req.followPosts === undefined ? {} : { followPosts: req.followPosts }) };
        const result = await captureOnWorkers(core, c.id, req.urls ?? [], settings, operator, onEvent);
        return { ...result, items: result.items.map((item) => itemView(item, c)) };
      }
      const options = {
        operator, concurrency: req.concurrency, proxy: req.proxy ?? null, allowPrivate: req.allowPrivate,
        timeoutSeconds: req.timeoutSeconds, limits: limitOverrides(req.limits), followPosts: req.followPosts, onEvent,
      };
      const result = req.urls && req.urls.length > 0 ? await service.capture(c.id, req.urls, options) : await service.run(c.id, options);
      return { ...result, items: result.items.map((item) => itemView(item, c)), waitingForWorkers: false };
    },
  };
}

/** The settings a team server's capture jobs are given (what a worker reads back). */
function jobSettings(req: { proxy?: string | null; allowPrivate?: boolean; timeoutSeconds?: number; limits?: CaptureRunSettings['limits'] }): CaptureRunSettings {
  return { proxy: req.proxy ?? null, allowPrivate: req.allowPrivate, timeoutSeconds: req.timeoutSeconds, limits: req.limits };
}
