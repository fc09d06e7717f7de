import { z } from 'zod';
import { itemViewSchema } from '../../items/item-view.js';
import { idSchema, operation, operatorField } from '../operation.js';

export const ingestResponse = z.strictObject({
  items: z.array(itemViewSchema),
  alreadyPresent: z.array(z.strictObject({ path: z.string(), itemId: z.number(), sha256: z.string() })),
  /** Files from a new path whose content an item of the case already holds: recorded (their source kept), and named. */
  sameContent: z.array(z.strictObject({ path: z.string(), itemId: z.number(), sameAs: z.number(), sha256: z.string() })),
  errors: z.array(z.strictObject({ path: z.string(), error: z.string() })),
  notes: z.array(z.strictObject({ path: z.string(), itemId: z.number(), note: z.string() })),
});

export const itemOperations = {
  'items.list': operation(
    'The items of a case',
    z.strictObject({ caseId: idSchema, includeWithdrawn: z.boolean().optional() }),
    z.array(itemViewSchema),
  ),
  'items.get': operation('One item by id', z.strictObject({ itemId: idSchema }), itemViewSchema),
  'items.ingest': operation(
    'Copy files and folders into the vault and record them as items',
    z.strictObject({ caseId: idSchema, paths: z.array(z.string().min(1)).min(1, 'give at least one file or folder'), operator: operatorField }),
    ingestResponse,
  ),
  'items.withdraw': operation(
    'Withdraw an item (it is kept, with who, when and why)',
    z.strictObject({ itemId: idSchema, reason: z.string().trim().min(1, 'a withdrawal needs a reason'), operator: operatorField }),
    itemViewSchema,
  ),
};
