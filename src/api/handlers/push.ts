import type { Core } from '../../core.js';
import { itemView } from '../../items/item-view.js';
import type { HandlerSet } from '../handler-types.js';

export function pushHandlers(core: Core): HandlerSet<'push.receive'> {
  return {
    'push.receive': async (req, context) => {
      const c = await core.cases.get(req.caseId);
      const receipt = await core.pushes.receive(c.id, req.source, req.items, req.operator ?? context.actor?.name ?? core.defaultOperator, req.complete);
      return { ...receipt, items: receipt.items.map((item) => itemView(item, c)) };
    },
  };
}
