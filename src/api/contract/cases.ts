import { z } from 'zod';
import { caseSchema } from '../../domain/case.js';
import { idSchema, operation, operatorField } from '../operation.js';

/** A new case, as a form or the CLI gives it: text fields are parsed and checked by the core. */
export const caseCreateRequest = z.object({
  title: z.string().trim().min(1, 'a case needs a title'),
  reference: z.string().trim().optional().nullable(),
  /** `{lat, lon, radiusM?}`; radius defaults to 500 m. */
  scene: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), radiusM: z.number().positive().optional().nullable() }).optional().nullable(),
  /** ISO 8601; without an offset it is read in `timezone`. */
  incidentTime: z.string().optional().nullable(),
  timezone: z.string().optional().nullable(),
  window: z.object({ beforeMin: z.number().int().nonnegative(), afterMin: z.number().int().nonnegative() }).optional().nullable(),
  operator: operatorField,
});

export const caseOperations = {
  'case.create': operation('Create a case with its scene, incident time and window', caseCreateRequest, caseSchema),
  'case.list': operation('List every case', z.object({}), z.array(caseSchema)),
  'case.get': operation('One case by id', z.object({ caseId: idSchema }), caseSchema),
};
