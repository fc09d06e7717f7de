import type { Core } from '../../core.js';
import { itemView } from '../../items/item-view.js';
import { DEFAULT_MAX_DISTANCE, duplicateClusters } from '../../media/duplicates.js';
import { PERCEPTUAL_HASH_ALGORITHM } from '../../media/perceptual-hash.js';
import { buildTimeline } from '../../timeline/timeline.js';
import { GoldenHourError } from '../../util/errors.js';
import type { HandlerSet } from '../handler-types.js';

export function mediaHandlers(core: Core): HandlerSet<'media.timeline' | 'media.duplicates'> {
  return {
    'media.timeline': async (req) => {
      const c = await core.cases.get(req.caseId);
      if (req.from && req.to && Date.parse(req.from) > Date.parse(req.to)) {
        throw new GoldenHourError('invalid-input', `Expected --from to be no later than --to but received from ${req.from} and to ${req.to}`);
      }
      const views = (await core.items.list(c.id)).map((item) => itemView(item, c));
      return { caseId: c.id, from: req.from ?? null, to: req.to ?? null, rows: buildTimeline(views, { from: req.from, to: req.to }) };
    },
    'media.duplicates': async (req) => {
      const c = await core.cases.get(req.caseId);
      const maxDistance = req.maxDistance ?? DEFAULT_MAX_DISTANCE;
      const views = (await core.items.list(c.id)).map((item) => itemView(item, c));
      return { caseId: c.id, algorithm: PERCEPTUAL_HASH_ALGORITHM, maxDistance, clusters: duplicateClusters(views, maxDistance) };
    },
  };
}
