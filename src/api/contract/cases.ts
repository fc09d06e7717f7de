import { z } from 'zod';
import { caseSchema } from '../../domain/case.js';
import { idSchema, lineOfText, operation, operatorField } from '../operation.js';

/** A new case, as a form or the CLI gives it: text fields are parsed and checked by the core. */
export const caseCreateRequest = z.strictObject({
  title: lineOfText('the case title', 300, 'a case needs a title'),
  reference: z.union([z.literal(''), lineOfText('the case reference', 100)]).optional().nullable(),
  /** `{lat, lon, radiusM?}`; radius defaults to 500 m. */
  scene: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), radiusM: z.number().positive().optional().nullable() }).optional().nullable(),
  /** ISO 8601; without an offset it is read in `timezone`. */
  incidentTime: z.string().optional().nullable(),
  timezone: z.string().optional().nullable(),
  window: z.strictObject({ beforeMin: z.number().int().nonnegative(), afterMin: z.number().int().nonnegative() }).optional().nullable(),
  operator: operatorField,
});

export const caseOperations = {
  'case.create': operation('Create a case with its scene, incident time and window', caseCreateRequest, caseSchema),
  'case.list': operation('List every case', z.strictObject({}), z.array(caseSchema)),
  'case.get': operation('One case by id', z.strictObject({ caseId: idSchema }), caseSchema),
};
