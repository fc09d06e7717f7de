import { z } from 'zod';
import { artifactSchema, eventTimeSchema, gradingSchema, itemKindSchema, locationSchema, postSchema, triageSchema, withdrawalSchema } from '../../domain/item.js';
import { itemViewSchema } from '../../items/item-view.js';
import { idSchema, operation, operatorField } from '../operation.js';

const sha256Field = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

/** Receiving a case captured offline into a team case (`goldenhour push`). */
export const pushOperations = {
  'push.receive': operation(
    "Take items uploaded from a local case into this case: the local ledger is verified and kept; each item must be what that ledger last recorded of it, its file and attached files are re-hashed, and it is recorded with them and the item it belongs to, as received from that local case (at its ledger head) by the user; what was already received is not added again",
    z.strictObject({
      caseId: idSchema,
      source: z.strictObject({
        caseUuid: z.string().trim().min(1).max(64),
        title: z.string().max(500),
        headSeq: z.number().int().nonnegative(),
        headHash: sha256Field,
        ledgerPath: z.string().min(1),
      }),
      items: z.array(z.strictObject({
        path: z.string().min(1),
        sha256: sha256Field,
        localItemId: z.number().int().positive(),
        acquiredAt: z.string().max(64),
        acquiredBy: z.string().max(200),
        sourceUrl: z.string().max(8192).nullable(),
        localParentId: z.number().int().positive().nullable(),
        record: z.strictObject({
          kind: itemKindSchema,
          size: z.number().int().nonnegative(),
          mediaType: z.string().min(1).max(200),
          originalName: z.string().max(1000).nullable(),
          title: z.string().max(10_000).nullable(),
          eventTime: eventTimeSchema.nullable(),
          location: locationSchema.nullable(),
          metadata: z.record(z.string(), z.unknown()).nullable(),
          post: postSchema.nullable(),
          capture: z.record(z.string(), z.unknown()).nullable(),
          flags: z.array(z.string().max(200)).max(100),
          notes: z.string().max(100_000),
          tags: z.array(z.string().max(100)).max(200),
          grading: gradingSchema.nullable(),
          // Withdrawn items are pushed too, and withdrawn again on arrival: they were evidence once.
          withdrawn: withdrawalSchema.strict().nullable().optional(),
          // Its triage and comments as recorded locally (absent: an older client, read as none).
          triage: triageSchema.strict().optional(),
          comments: z.array(z.strictObject({
            localCommentId: z.number().int().positive(),
            at: z.string().max(64),
            author: z.string().max(200),
            body: z.string().min(1).max(10_000),
          })).max(10_000).optional(),
        }),
        artifacts: z.array(artifactSchema.extend({ sha256: sha256Field, path: z.string().min(1) })).max(100),
      })).max(1000, 'push at most 1,000 items a call'),
      complete: z.boolean(),
      operator: operatorField,
    }),
    z.strictObject({
      items: z.array(itemViewSchema),
      alreadyPresent: z.array(z.strictObject({ path: z.string(), itemId: z.number(), sha256: z.string() })),
      sameContent: z.array(z.strictObject({ path: z.string(), itemId: z.number(), sameAs: z.number(), sha256: z.string() })),
      errors: z.array(z.strictObject({ path: z.string(), error: z.string() })),
      notes: z.array(z.strictObject({ path: z.string(), itemId: z.number(), note: z.string() })),
      ledgerSha256: z.string(),
      recorded: z.boolean(),
    }),
  ),
};
