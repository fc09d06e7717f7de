import type { Core } from '../../core.js';
import { WatchService } from '../../watch/watch-service.js';
import type { HandlerSet } from '../handler-types.js';
import { captureServiceOf } from './capture.js';

const services = new WeakMap<Core, WatchService>();

/** The watch service of an open core (one per core, sharing the core's capture service). */
export function watchServiceOf(core: Core): WatchService {
  let service = services.get(core);
  if (!service) {
    service = new WatchService({ ...core, capture: captureServiceOf(core) });
    services.set(core, service);
  }
  return service;
}

export function watchHandlers(core: Core): HandlerSet<'watch.start' | 'watch.runDue' | 'watch.stop' | 'watch.changes'> {
  return {
    'watch.start': async (req) => watchServiceOf(core).register({
      caseId: req.caseId, urls: req.urls, everySeconds: req.everyMinutes * 60, untilAt: req.until ? new Date(req.until).toISOString() : null,
      settings: req.settings ?? {}, operator: req.operator ?? core.defaultOperator,
    }),
    'watch.runDue': async (req, context) => watchServiceOf(core).runDue(req.caseId, { operator: req.operator ?? core.defaultOperator }, (report) =>
      context.emit?.({ topic: 'watch.run', caseId: req.caseId, ...report })),
    'watch.stop': async (req) => watchServiceOf(core).stop(req.caseId, req.operator ?? core.defaultOperator, 'stopped by user', req.watchIds),
    'watch.changes': async (req) => watchServiceOf(core).changes(req.caseId),
  };
}
