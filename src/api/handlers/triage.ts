import type { Core } from '../../core.js';
import { itemView } from '../../items/item-view.js';
import type { HandlerContext, HandlerSet } from '../handler-types.js';

type TriageOperation = 'item.setTriage' | 'items.setTriage' | 'item.comment' | 'item.comments';

/** Triage: status, assignee and comments. On a team server (a signed-in actor) items are assigned only to the case's members. */
export function triageHandlers(core: Pick<Core, 'triage' | 'cases' | 'defaultOperator'>): HandlerSet<TriageOperation> {
  const operatorOf = (req: { operator?: string | undefined }) => req.operator ?? core.defaultOperator;
  const rules = (context: HandlerContext) => ({ membersOnly: context.actor !== undefined });
  const change = (req: { status?: 'new' | 'in-review' | 'verified' | 'disputed' | 'not-relevant' | undefined; assignee?: string | null | undefined }) => ({
    ...(req.status !== undefined ? { status: req.status } : {}),
    ...(req.assignee !== undefined ? { assignee: req.assignee } : {}),
  });
  return {
    'item.setTriage': async (req, context) => {
      const { item, changed } = await core.triage.setTriage(req.itemId, change(req), operatorOf(req), rules(context));
      return { item: itemView(item, await core.cases.get(item.caseId)), changed };
    },
    'items.setTriage': async (req, context) => core.triage.setTriageOfMany(req.caseId, req.itemIds, change(req), operatorOf(req), rules(context)),
    'item.comment': async (req) => core.triage.comment(req.itemId, req.text, operatorOf(req)),
    'item.comments': async (req) => core.triage.comments(req.itemId),
  };
}
