import { z } from 'zod';
import { itemViewSchema } from '../../items/item-view.js';
import { idSchema, operation, operatorField } from '../operation.js';

export const ingestResponse = z.object({
  items: z.array(itemViewSchema),
  alreadyPresent: z.array(z.object({ path: z.string(), itemId: z.number(), sha256: z.string() })),
  errors: z.array(z.object({ path: z.string(), error: z.string() })),
  notes: z.array(z.object({ path: z.string(), itemId: z.number(), note: z.string() })),
});

export const itemOperations = {
  'items.list': operation(
    'The items of a case',
    z.object({ caseId: idSchema, includeWithdrawn: z.boolean().optional() }),
    z.array(itemViewSchema),
  ),
  'items.get': operation('One item by id', z.object({ itemId: idSchema }), itemViewSchema),
  'items.ingest': operation(
    'Copy files and folders into the vault and record them as items',
    z.object({ caseId: idSchema, paths: z.array(z.string().min(1)).min(1, 'give at least one file or folder'), operator: operatorField }),
    ingestResponse,
  ),
  'items.withdraw': operation(
    'Withdraw an item (it is kept, with who, when and why)',
    z.object({ itemId: idSchema, reason: z.string().trim().min(1, 'a withdrawal needs a reason'), operator: operatorField }),
    itemViewSchema,
  ),
};
