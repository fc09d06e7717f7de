import { parseIsoTime, parseTimezone } from '../../cases/case-input.js';
import type { Core } from '../../core.js';
import type { HandlerSet } from '../handler-types.js';

export function caseHandlers(core: Core): HandlerSet<'case.create' | 'case.list' | 'case.get'> {
  return {
    'case.create': async (req) => {
      const timezone = req.timezone ? parseTimezone(req.timezone) : null;
      const incidentTime = req.incidentTime ? parseIsoTime(req.incidentTime, timezone, 'incident time') : null;
      return core.cases.create(
        { title: req.title, reference: req.reference ?? null, scene: req.scene ?? null, incidentTime, timezone, window: req.window ?? null },
        req.operator ?? core.defaultOperator,
      );
    },
    'case.list': async () => core.cases.list(),
    'case.get': async (req) => core.cases.get(req.caseId),
  };
}
