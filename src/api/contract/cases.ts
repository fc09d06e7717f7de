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

const sceneChange = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), radiusM: z.number().positive().optional().nullable() });

/** Changes to a case: a field left out stays as it is; `null` clears reference, scene or incident time. */
export const caseUpdateRequest = z.strictObject({
  caseId: idSchema,
  title: lineOfText('the case title', 300, 'a case needs a title').optional(),
  reference: z.union([z.literal(''), lineOfText('the case reference', 100)]).optional().nullable(),
  /** A new scene point (radius kept when not given), or null to remove the scene. */
  scene: sceneChange.optional().nullable(),
  /** A new radius around the current scene. */
  radiusM: z.number().positive().optional(),
  /** ISO 8601; without an offset it is read in the case's (new) time zone. */
  incidentTime: z.string().optional().nullable(),
  timezone: z.string().optional(),
  window: z.strictObject({ beforeMin: z.number().int().nonnegative(), afterMin: z.number().int().nonnegative() }).optional(),
  operator: operatorField,
});

const caseFieldChangeSchema = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });
/** An item whose camera-local time was read again in the case's new time zone. */
const rePlacedTimeSchema = z.object({
  itemId: z.number(), localTime: z.string(), fromUtc: z.string().nullable(), toUtc: z.string().nullable(), fromZone: z.string().nullable(), toZone: z.string(),
});
const reasonField = (what: string) => lineOfText(`the reason for ${what}`, 500, `say why the case is ${what}`);

export const caseOperations = {
  'case.create': operation('Create a case with its scene, incident time and window', caseCreateRequest, caseSchema),
  'case.list': operation('List every case', z.strictObject({}), z.array(caseSchema)),
  'case.get': operation('One case by id', z.strictObject({ caseId: idSchema }), caseSchema),
  'case.update': operation('Change a case (each change recorded with its old and new value)', caseUpdateRequest,
    z.object({ case: caseSchema, changes: z.array(caseFieldChangeSchema), rePlaced: z.array(rePlacedTimeSchema) })),
  'case.close': operation('Close a case: read-only until reopened; its watches stop', z.strictObject({ caseId: idSchema, reason: reasonField('closed'), operator: operatorField }),
    z.object({ case: caseSchema, stoppedWatches: z.array(z.object({ id: z.number(), url: z.string() })) })),
  'case.reopen': operation('Reopen a closed case (its stopped watches stay stopped)', z.strictObject({ caseId: idSchema, reason: reasonField('reopened'), operator: operatorField }), caseSchema),
};
