import { z } from 'zod';
import type { Case } from '../domain/case.js';
import { artifactSchema, itemSchema, type Item } from '../domain/item.js';
import { bearingDeg, distanceM } from '../geo/geodesy.js';

/** An item's place relative to the case scene. */
export const sceneRelationSchema = z.object({
  distanceM: z.number(),
  bearingDeg: z.number(),
  withinRadius: z.boolean(),
});
export type SceneRelation = z.infer<typeof sceneRelationSchema>;

/** An item as every door shows it: the stored item plus what follows from its case. */
export const itemViewSchema = itemSchema.extend({
  scene: sceneRelationSchema.nullable(),
  withinWindow: z.boolean().nullable(),
  /** Derived working copies (thumbnails, previews...), never the evidence itself. */
  derived: z.array(artifactSchema),
});
export type ItemView = z.infer<typeof itemViewSchema>;

/** Where an item lies against the scene: null when either has no place. */
export function sceneRelation(item: Pick<Item, 'location'>, c: Pick<Case, 'scene'>): SceneRelation | null {
  if (!item.location || !c.scene) return null;
  const d = distanceM(c.scene, item.location);
  return {
    distanceM: Math.round(d * 10) / 10,
    bearingDeg: Math.round(bearingDeg(c.scene, item.location) * 10) / 10,
    withinRadius: d <= c.scene.radiusM,
  };
}

/** Whether an item's event time falls in the golden-hour window: null when either time is unknown. */
export function withinWindow(item: Pick<Item, 'eventTime'>, c: Pick<Case, 'incidentTime' | 'window'>): boolean | null {
  const utc = item.eventTime?.utc;
  if (!utc || !c.incidentTime) return null;
  const at = Date.parse(utc);
  const incident = Date.parse(c.incidentTime);
  return at >= incident - c.window.beforeMin * 60_000 && at <= incident + c.window.afterMin * 60_000;
}

/** The view of an item within its case. */
export function itemView(item: Item, c: Case): ItemView {
  return { ...item, scene: sceneRelation(item, c), withinWindow: withinWindow(item, c), derived: item.artifacts.filter((a) => a.derived) };
}
