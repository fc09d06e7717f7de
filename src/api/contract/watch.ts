import { z } from 'zod';
import { isIsoInstant } from '../../util/clock.js';
import { watchCaptureSettingsSchema, watchRunSchema, watchSchema } from '../../watch/watch-types.js';
import { idSchema, operation, operatorField } from '../operation.js';

const runReport = z.object({ watch: watchSchema, run: watchRunSchema });

/** Watching addresses: re-captures on a schedule, versions and change verdicts. */
export const watchOperations = {
  'watch.start': operation(
    'Watch addresses of a case: capture them again every so many minutes until an end time, the case closes, or the user stops it',
    z.object({
      caseId: idSchema,
      urls: z.array(z.string()).min(1, 'give at least one URL'),
      everyMinutes: z.coerce.number().positive('the interval is a number of minutes above 0').max(7 * 24 * 60, 'the interval is at most a week'),
      until: z.string().refine(isIsoInstant, 'the end time is ISO 8601 with Z or an offset').nullable().optional(),
      settings: watchCaptureSettingsSchema.optional(),
      operator: operatorField,
    }),
    z.object({ watches: z.array(watchSchema), alreadyWatched: z.array(watchSchema) }),
  ),
  'watch.runDue': operation(
    "Run the case's watches that are due now; each run comes as a 'watch.run' event too",
    z.object({ caseId: idSchema, operator: operatorField }),
    z.array(runReport),
  ),
  'watch.stop': operation(
    "Stop watches of a case (all, or the given ones); the stop is recorded in the ledger",
    z.object({ caseId: idSchema, watchIds: z.array(idSchema).optional(), operator: operatorField }),
    z.array(watchSchema),
  ),
  'watch.changes': operation(
    "A case's watched addresses with every run: version, outcome and the differences found",
    z.object({ caseId: idSchema }),
    z.array(z.object({ watch: watchSchema, runs: z.array(watchRunSchema) })),
  ),
};
