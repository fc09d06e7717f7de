import { z } from 'zod';
import { numberInput, operation, operatorField } from '../operation.js';

/** The installation settings a door may read and change. */
export const settingsViewSchema = z.strictObject({
  /** RFC 3161 time-stamping authorities anchoring every case's ledger (empty: anchoring off). */
  tsa: z.array(z.string()),
  /** Least seconds between two requests to one authority. */
  tsaIntervalSeconds: z.number(),
});

export const settingsOperations = {
  'settings.get': operation('The installation settings (time-stamping authorities)', z.strictObject({}), settingsViewSchema),
  'settings.setTsa': operation(
    "Set the time-stamping authorities that anchor every case's ledger head (an empty list turns anchoring off); recorded in every case's ledger",
    z.strictObject({
      tsa: z.array(z.string().trim().min(1)).max(5, 'at most 5 time-stamping authorities'),
      intervalSeconds: numberInput(z.number().int().min(0).max(3600)).optional(),
      operator: operatorField,
    }),
    settingsViewSchema,
  ),
};
