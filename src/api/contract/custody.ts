import { z } from 'zod';
import { custodyEntrySchema } from '../../custody/chain.js';
import { idSchema, operation, operatorField } from '../operation.js';

export const custodyReportSchema = z.strictObject({
  ok: z.boolean(),
  caseId: z.number(),
  entries: z.number(),
  items: z.number(),
  blobs: z.number(),
  anchors: z.strictObject({ count: z.number(), intact: z.number() }),
  witnesses: z.array(z.strictObject({ name: z.string(), exportedAt: z.string(), headSeq: z.number(), ok: z.boolean() })),
  notes: z.array(z.string()),
  problems: z.array(z.strictObject({ itemId: z.number().nullable(), seq: z.number().nullable(), sha256: z.string().nullable(), field: z.string().optional(), problem: z.string() })),
});

export const custodyOperations = {
  'custody.list': operation(
    "A case's custody ledger (optionally one item's entries)",
    z.strictObject({ caseId: idSchema, itemId: idSchema.optional() }),
    z.array(custodyEntrySchema),
  ),
  'custody.verify': operation(
    'Walk the ledger chain, compare covered and stored rows, re-hash every blob, and check the ledger against earlier bundles; the result is recorded in the ledger',
    z.strictObject({
      caseId: idSchema,
      operator: operatorField,
      /** Earlier bundles (paths of .zip files) whose ledgers the case's must still contain. */
      against: z.array(z.string().trim().min(1, 'give the path of an earlier bundle')).max(50).optional(),
      /** PEM roots the anchors' authorities must chain to (as `verify --tsa-ca`). */
      tsaCaPem: z.string().min(1).max(1_000_000).optional(),
    }),
    custodyReportSchema,
  ),
};
