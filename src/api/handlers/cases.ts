import { parseIsoTime, parseTimezone } from '../../cases/case-input.js';
import type { Core } from '../../core.js';
import type { HandlerSet } from '../handler-types.js';

export function caseHandlers(core: Pick<Core, 'cases' | 'store' | 'defaultOperator'>): HandlerSet<'case.create' | 'case.list' | 'case.get'> {
  return {
    'case.create': async (req, context) => {
      const timezone = req.timezone ? parseTimezone(req.timezone) : null;
      const incidentTime = req.incidentTime ? parseIsoTime(req.incidentTime, timezone, 'incident time') : null;
      const input = { title: req.title, reference: req.reference ?? null, scene: req.scene ?? null, incidentTime, timezone, window: req.window ?? null };
      const operator = req.operator ?? core.defaultOperator;
      const actor = context.actor;
      if (!actor) return core.cases.create(input, operator);
      // On a team server whoever creates a case leads it: the case and the role land together.
      return core.store.withTransaction(async (tx) => {
        const created = await tx.cases.create(input, operator);
        await tx.team.setMember(created.id, actor.userId, 'lead', actor.name, created.createdAt);
        return created;
      });
    },
    'case.list': async () => core.cases.list(),
    'case.get': async (req) => core.cases.get(req.caseId),
  };
}
