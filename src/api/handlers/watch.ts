import type { Core } from '../../core.js';
import type { HandlerSet } from '../handler-types.js';

export function watchHandlers(core: Pick<Core, 'watch' | 'defaultOperator'>): HandlerSet<'watch.start' | 'watch.runDue' | 'watch.stop' | 'watch.changes'> {
  const service = core.watch;
  return {
    'watch.start': async (req) => service.register({
      caseId: req.caseId, urls: req.urls, everySeconds: req.everyMinutes * 60, untilAt: req.until ? new Date(req.until).toISOString() : null,
      settings: req.settings ?? {}, operator: req.operator ?? core.defaultOperator,
    }),
    'watch.runDue': async (req, context) => service.runDue(req.caseId, { operator: req.operator ?? core.defaultOperator }, (report) =>
      context.emit?.({ topic: 'watch.run', caseId: req.caseId, ...report })),
    'watch.stop': async (req) => service.stop(req.caseId, req.operator ?? core.defaultOperator, 'stopped by user', req.watchIds),
    'watch.changes': async (req) => service.changes(req.caseId),
  };
}
