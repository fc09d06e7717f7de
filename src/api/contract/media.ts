import { z } from 'zod';
import { isIsoInstant } from '../../util/clock.js';
import { idSchema, operation, numberInput } from '../operation.js';

/** An instant given at a door: ISO 8601 with `Z` or an offset, so it never depends on a machine's zone. */
const instantSchema = z.string().refine(isIsoInstant, {
  message: 'expected an ISO 8601 time with Z or an offset, e.g. 2026-11-21T14:05:00Z',
});

export const timelineRowSchema = z.strictObject({
  itemId: z.number(),
  kind: z.string(),
  name: z.string().nullable(),
  sha256: z.string(),
  eventTimeUtc: z.string().nullable(),
  eventTimeSource: z.string(),
  acquiredAt: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  distanceM: z.number().nullable(),
  withinWindow: z.boolean().nullable(),
  flags: z.array(z.string()),
  sourceUrl: z.string().nullable(),
});

const duplicateClusterSchema = z.strictObject({
  members: z.array(z.strictObject({
    itemId: z.number(),
    kind: z.string(),
    sha256: z.string(),
    name: z.string().nullable(),
    distance: z.number(),
    matched: z.string().nullable(),
  })),
  links: z.array(z.strictObject({ a: z.number(), b: z.number(), distance: z.number() })),
});

export const mediaOperations = {
  'media.timeline': operation(
    "A case's items in event-time order (no event time last, by acquired time), optionally between two instants",
    z.strictObject({ caseId: idSchema, from: instantSchema.optional(), to: instantSchema.optional() }),
    z.strictObject({ caseId: z.number(), from: z.string().nullable(), to: z.string().nullable(), rows: z.array(timelineRowSchema) }),
  ),
  'media.duplicates': operation(
    'Clusters of photos and video keyframes that look alike (perceptual hash), with their distances',
    z.strictObject({ caseId: idSchema, maxDistance: numberInput(z.number().int().min(0).max(32)).optional() }),
    z.strictObject({ caseId: z.number(), algorithm: z.string(), maxDistance: z.number(), clusters: z.array(duplicateClusterSchema) }),
  ),
};
