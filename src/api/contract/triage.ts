import { z } from 'zod';
import { itemCommentSchema, triageStatusSchema } from '../../domain/item.js';
import { itemViewSchema } from '../../items/item-view.js';
import { idSchema, lineOfText, operation, operatorField } from '../operation.js';

/** A name to assign an item to, or null to assign it to no one. */
const assigneeField = lineOfText('the assignee name', 200).nullable().optional();

const triageChange = {
  /** The new status; left out, the status stays. */
  status: triageStatusSchema.optional(),
  /** Who the item is assigned to (null: no one); left out, the assignee stays. On a team server a member of the case. */
  assignee: assigneeField,
  operator: operatorField,
};

export const triageOperations = {
  'item.setTriage': operation(
    "Change an item's triage status and/or assignee (recorded as 'item triaged', with what it was and what it became; nothing when already so)",
    z.strictObject({ itemId: idSchema, ...triageChange }),
    z.strictObject({ item: itemViewSchema, changed: z.boolean() }),
  ),
  'items.setTriage': operation(
    'Change the triage status and/or assignee of many items of a case at once (all or none; one ledger entry per item changed)',
    z.strictObject({ caseId: idSchema, itemIds: z.array(idSchema).min(1, 'select at least one item').max(10_000, 'change at most 10,000 items at once'), ...triageChange }),
    z.strictObject({ changed: z.array(z.number()), unchanged: z.array(z.number()) }),
  ),
  'item.comment': operation(
    "Add a comment to an item (kept as written, recorded as 'item commented')",
    z.strictObject({ itemId: idSchema, text: z.string().trim().min(1, 'a comment cannot be empty').max(10_000, 'a comment is at most 10,000 characters'), operator: operatorField }),
    itemCommentSchema,
  ),
  'item.comments': operation("An item's comments, oldest first", z.strictObject({ itemId: idSchema }), z.array(itemCommentSchema)),
};
