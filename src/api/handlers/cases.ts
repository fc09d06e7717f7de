import { parseIsoTime, parseTimezone } from '../../cases/case-input.js';
import type { CaseChanges } from '../../cases/case-repository.js';
import { readSettings } from '../../config/settings.js';
import { ANCHORING_CHANGED_ACTION } from '../../custody/anchor.js';
import { DEFAULT_RADIUS_M } from '../../domain/case.js';
import { invalidInput } from '../../util/errors.js';
import type { ParsedRequestOf } from '../contract.js';
import type { Core } from '../../core.js';
import type { HandlerSet } from '../handler-types.js';

export function caseHandlers(core: Pick<Core, 'cases' | 'store' | 'defaultOperator' | 'caseChanges' | 'dataDir'>): HandlerSet<'case.create' | 'case.list' | 'case.get' | 'case.update' | 'case.close' | 'case.reopen'> {
  return {
    'case.create': async (req, context) => {
      const timezone = req.timezone ? parseTimezone(req.timezone) : null;
      const incidentTime = req.incidentTime ? parseIsoTime(req.incidentTime, timezone, 'incident time') : null;
      const input = { title: req.title, reference: req.reference ?? null, scene: req.scene ?? null, incidentTime, timezone, window: req.window ?? null };
      const operator = req.operator ?? core.defaultOperator;
      const actor = context.actor;
      const tsa = readSettings(core.dataDir).tsa;
      return core.store.withTransaction(async (tx) => {
        const created = await tx.cases.create(input, operator);
        // A case born while anchoring is on says so from its start, as settings.setTsa tells the cases
        // it finds: verify then holds its first entries to the anchors too (none of them goes unchecked).
        if (tsa.length > 0) await tx.ledger.append({ caseId: created.id, operator, action: ANCHORING_CHANGED_ACTION, details: { tsa } });
        // On a team server whoever creates a case leads it: the case and the role land together.
        if (actor) await tx.team.setMember(created.id, actor.userId, 'lead', actor.name, created.createdAt);
        return created;
      });
    },
    'case.list': async () => core.cases.list(),
    'case.get': async (req) => core.cases.get(req.caseId),
    'case.update': async (req) => core.caseChanges.update(req.caseId, caseChanges(req, await core.cases.get(req.caseId)), req.operator ?? core.defaultOperator),
    'case.close': async (req) => {
      const result = await core.caseChanges.close(req.caseId, req.reason, req.operator ?? core.defaultOperator);
      return { case: result.case, stoppedWatches: result.stoppedWatches.map((w) => ({ id: w.id, url: w.url })) };
    },
    'case.reopen': async (req) => core.caseChanges.reopen(req.caseId, req.reason, req.operator ?? core.defaultOperator),
  };
}

/** The request read against the case as it is: a zone checked, a local incident time read in the (new) zone, a radius kept or moved. */
function caseChanges(req: ParsedRequestOf<'case.update'>, current: { timezone: string | null; scene: { lat: number; lon: number; radiusM: number } | null }): CaseChanges {
  const changes: CaseChanges = {};
  if (req.title !== undefined) changes.title = req.title;
  if (req.reference !== undefined) changes.reference = req.reference || null;
  if (req.timezone !== undefined) {
    if (req.timezone.trim() === '') throw invalidInput('A case\'s time zone can be changed but not removed: camera times placed in it would be left without a zone');
    changes.timezone = parseTimezone(req.timezone.trim());
  }
  if (req.incidentTime !== undefined) {
    changes.incidentTime = req.incidentTime ? parseIsoTime(req.incidentTime, changes.timezone ?? current.timezone, 'incident time') : null;
  }
  if (req.scene === null) {
    if (req.radiusM !== undefined) throw invalidInput('A radius needs a scene: the scene is being removed');
    changes.scene = null;
  } else if (req.scene !== undefined) {
    changes.scene = { lat: req.scene.lat, lon: req.scene.lon, radiusM: req.scene.radiusM ?? req.radiusM ?? current.scene?.radiusM ?? DEFAULT_RADIUS_M };
  } else if (req.radiusM !== undefined) {
    if (!current.scene) throw invalidInput('A radius needs a scene: this case has none yet (give the scene point too)');
    changes.scene = { ...current.scene, radiusM: req.radiusM };
  }
  if (req.window !== undefined) changes.window = req.window;
  return changes;
}
