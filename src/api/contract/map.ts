import { z } from 'zod';
import { idSchema, operation } from '../operation.js';
import { itemSummarySchema } from './review.js';

/** An address the map may reach when online: https only, no user name or password in it. */
function httpsAddress(what: string, example: string) {
  return z.string().trim().max(2000, `${what} is at most 2000 characters`).refine((value) => {
    if (value === '') return true;
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && !url.username && !url.password;
    } catch {
      return false;
    }
  }, `Expected ${what} to be an https address such as ${example}, or empty`);
}

export const mapSettingsViewSchema = z.strictObject({
  online: z.boolean(),
  styleUrl: z.string(),
  searchUrl: z.string(),
  offlineFile: z.string(),
});

export const offlineMapInfoSchema = z.strictObject({
  path: z.string(),
  container: z.enum(['mbtiles', 'pmtiles']),
  kind: z.enum(['raster', 'vector']),
  format: z.enum(['png', 'jpg', 'webp', 'avif', 'pbf']),
  minZoom: z.number(),
  maxZoom: z.number(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  name: z.string().nullable(),
  attribution: z.string().nullable(),
  vectorLayers: z.array(z.string()),
});
export type OfflineMapInfoView = z.infer<typeof offlineMapInfoSchema>;

const zoomSchema = z.number().int().min(0).max(24);

export const mapOperations = {
  'map.settings': operation(
    'Where the base map comes from: online (off by default) with a style or tile address and a place search, and an offline PMTiles or MBTiles file; with what the offline file holds',
    z.strictObject({}),
    z.strictObject({ map: mapSettingsViewSchema, offline: offlineMapInfoSchema.nullable(), offlineProblem: z.string().nullable() }),
  ),
  'map.setSettings': operation(
    'Set where the base map comes from; an offline file is opened first and refused if it is not a PMTiles or MBTiles map',
    z.strictObject({
      online: z.boolean(),
      styleUrl: httpsAddress('the map style or tile address', 'https://tiles.example.org/style.json or https://tiles.example.org/{z}/{x}/{y}.png'),
      searchUrl: httpsAddress('the place search address', 'https://nominatim.openstreetmap.org/search'),
      offlineFile: z.string().trim().max(4096, 'the offline map path is at most 4096 characters'),
    }),
    z.strictObject({ map: mapSettingsViewSchema, offline: offlineMapInfoSchema.nullable(), offlineProblem: z.string().nullable() }),
  ),
  'map.tile': operation(
    'One tile of the offline base map (XYZ numbering) as base64, or null where the file has none',
    z.strictObject({ z: zoomSchema, x: z.number().int().min(0), y: z.number().int().min(0) })
      .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, 'Expected x and y below 2 to the power of z'),
    z.strictObject({ data: z.string().nullable() }),
  ),
  'map.items': operation(
    'The items of a map cluster as the list beside it shows them (thumbnail, time, kind), at most 200',
    z.strictObject({ caseId: idSchema, ids: z.array(idSchema).max(200, 'at most 200 items at a time') }),
    z.strictObject({ rows: z.array(itemSummarySchema) }),
  ),
};
