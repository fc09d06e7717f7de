import { z } from 'zod';

/** The scene of the incident: a point and a radius around it. */
export const sceneSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  radiusM: z.number().positive(),
});
export type Scene = z.infer<typeof sceneSchema>;

/** The golden-hour window: minutes before and after the incident time. */
export const windowSchema = z.object({
  beforeMin: z.number().int().nonnegative(),
  afterMin: z.number().int().nonnegative(),
});
export type GoldenHourWindow = z.infer<typeof windowSchema>;

/** A case: one incident, its scene and its evidence. */
export const caseSchema = z.object({
  id: z.number().int().positive(),
  uuid: z.string(),
  title: z.string(),
  reference: z.string().nullable(),
  scene: sceneSchema.nullable(),
  /** ISO 8601 UTC, or null when not known yet. */
  incidentTime: z.string().nullable(),
  /** IANA time zone of the scene (e.g. `Europe/London`), or null when not set. */
  timezone: z.string().nullable(),
  window: windowSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  /**
   * Set while the case is closed (read-only): when, by whom and why; null while it is open.
   * Bundles exported before cases could be closed lack it: read as open.
   */
  closed: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable().default(null),
});
export type Case = z.infer<typeof caseSchema>;

export type CaseClosure = NonNullable<Case['closed']>;

/** Default golden-hour window when none is given. */
export const DEFAULT_WINDOW: GoldenHourWindow = { beforeMin: 60, afterMin: 60 };

/** Default scene radius when a scene point is given without one. */
export const DEFAULT_RADIUS_M = 500;
