import type { Core } from '../../core.js';
import { itemView } from '../../items/item-view.js';
import type { HandlerSet } from '../handler-types.js';

export function itemHandlers(core: Core): HandlerSet<'items.list' | 'items.get' | 'items.ingest' | 'items.withdraw'> {
  const view = async (item: Parameters<typeof itemView>[0]) => itemView(item, await core.cases.get(item.caseId));
  return {
    'items.list': async (req) => {
      const c = await core.cases.get(req.caseId);
      return (await core.items.list(c.id, { includeWithdrawn: req.includeWithdrawn ?? true })).map((item) => itemView(item, c));
    },
    'items.get': async (req) => view(await core.items.get(req.itemId)),
    'items.ingest': async (req, context) => {
      const c = await core.cases.get(req.caseId);
      const result = await core.ingest.ingest(c.id, req.paths, {
        operator: req.operator ?? core.defaultOperator,
        onProgress: (event) => context.emit?.({ topic: 'ingest.progress', caseId: c.id, ...event }),
      });
      return { ...result, items: result.items.map((item) => itemView(item, c)) };
    },
    'items.withdraw': async (req) => view(await core.items.withdraw(req.itemId, req.reason, req.operator ?? core.defaultOperator)),
  };
}
