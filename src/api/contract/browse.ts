import { z } from 'zod';
import { idSchema, operation, operatorField } from '../operation.js';

const visitSchema = z.strictObject({ url: z.string(), at: z.string(), title: z.string().nullable() });

export const browseStateSchema = z.strictObject({
  open: z.boolean(),
  caseId: z.number(),
  currentUrl: z.string().nullable(),
  autoCapture: z.boolean(),
  visits: z.array(visitSchema),
});

const httpUrl = z.string().trim().refine((value) => /^https?:\/\/\S+$/i.test(value), 'expected an http(s) address');

export const browseOperations = {
  'browse.open': operation(
    "Open the case's own browser (persistent profile per case): every address visited is recorded in the ledger; 'browse.visit' events",
    z.strictObject({
      caseId: idSchema,
      headless: z.boolean().optional(),
      proxy: z.string().trim().min(1).nullable().optional(),
      allowPrivate: z.boolean().optional(),
      autoCapture: z.boolean().optional(),
      operator: operatorField,
    }),
    browseStateSchema,
  ),
  'browse.state': operation("The case browser's current address and the addresses visited", z.strictObject({ caseId: idSchema }), browseStateSchema),
  'browse.goto': operation('Open an address in the case browser', z.strictObject({ caseId: idSchema, url: httpUrl }), browseStateSchema),
  'browse.capture': operation(
    "Capture the page open in the case browser (or the given address) with the full artifact set, in its logged-in context; 'browse.capture' events",
    z.strictObject({ caseId: idSchema, url: httpUrl.optional() }),
    z.strictObject({ itemId: z.number(), url: z.string(), flags: z.array(z.string()) }),
  ),
  'browse.setAutoCapture': operation('Capture every page visited (or stop)', z.strictObject({ caseId: idSchema, on: z.boolean() }), browseStateSchema),
  'browse.close': operation('Close the case browser (its profile, with logins, stays)', z.strictObject({ caseId: idSchema }), browseStateSchema),
};
