import { z } from 'zod';
import { isIsoInstant } from '../../util/clock.js';
import { watchCaptureSettingsSchema, watchRunSchema, watchSchema } from '../../watch/watch-types.js';
import { idSchema, numberInput, operation, operatorField } from '../operation.js';

const runReport = z.strictObject({ watch: watchSchema, run: watchRunSchema });

/** Watching addresses: re-captures on a schedule, versions and change verdicts. */
export const watchOperations = {
  'watch.start': operation(
    'Watch addresses of a case: capture them again every so many minutes until an end time, the case closes, or the user stops it',
    z.strictObject({
      caseId: idSchema,
      urls: z.array(z.string()).min(1, 'give at least one URL'),
      everyMinutes: numberInput(z.number().positive('the interval is a number of minutes above 0').max(7 * 24 * 60, 'the interval is at most a week')),
      until: z.string().refine(isIsoInstant, 'the end time is ISO 8601 with Z or an offset').nullable().optional(),
      settings: watchCaptureSettingsSchema.optional(),
      operator: operatorField,
    }),
    z.strictObject({ watches: z.array(watchSchema), alreadyWatched: z.array(watchSchema) }),
  ),
  'watch.runDue': operation(
    "Run the case's watches that are due now; each run comes as a 'watch.run' event too",
    z.strictObject({ caseId: idSchema, operator: operatorField }),
    z.array(runReport),
  ),
  'watch.stop': operation(
    "Stop watches of a case (all, or the given ones); the stop is recorded in the ledger",
    z.strictObject({ caseId: idSchema, watchIds: z.array(idSchema).optional(), operator: operatorField }),
    z.array(watchSchema),
  ),
  'watch.changes': operation(
    "A case's watched addresses with every run: version, outcome and the differences found",
    z.strictObject({ caseId: idSchema }),
    z.array(z.strictObject({ watch: watchSchema, runs: z.array(watchRunSchema) })),
  ),
};
