import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { worldX, worldY } from './projection';

/** The offline base map: land and borders as paths in zoom-0 world coordinates. */
export interface BaseMap {
  land: Path2D;
  borders: Path2D;
}

let loading: Promise<BaseMap> | null = null;

type Ring = number[][];

/** Whether the step between two points is not a real edge: it wraps round the antimeridian or runs along a pole. */
function isSeam(a: number[] | undefined, b: number[]): boolean {
  if (!a) return true;
  const [lonA = 0, latA = 0] = a;
  const [lonB = 0, latB = 0] = b;
  return Math.abs(lonA - lonB) > 180 || (Math.abs(latA) > 84 && Math.abs(latB) > 84);
}

function addRings(path: Path2D, rings: Ring[]): void {
  for (const ring of rings) {
    ring.forEach((point, i) => {
      const x = worldX(point[0] ?? 0);
      const y = worldY(point[1] ?? 0);
      if (isSeam(ring[i - 1], point)) path.moveTo(x, y);
      else path.lineTo(x, y);
    });
  }
}

/**
 * Natural Earth country outlines at 1:50 million from the world-atlas package, shipped inside
 * the app (loaded as a separate chunk the first time a map is shown): no network needed.
 */
export function loadBaseMap(): Promise<BaseMap> {
  loading ??= import('world-atlas/countries-50m.json').then((module) => {
    const topology = (module.default ?? module) as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
    const land = new Path2D();
    const countries = feature(topology, topology.objects.countries);
    for (const country of countries.features) {
      const geometry = country.geometry;
      if (!geometry) continue;
      if (geometry.type === 'Polygon') addRings(land, geometry.coordinates);
      else if (geometry.type === 'MultiPolygon') geometry.coordinates.forEach((polygon) => addRings(land, polygon));
    }
    const borders = new Path2D();
    const lines = mesh(topology, topology.objects.countries, (a, b) => a !== b);
    for (const line of lines.coordinates) {
      line.forEach(([lon, lat], i) => (i === 0 ? borders.moveTo(worldX(lon ?? 0), worldY(lat ?? 0)) : borders.lineTo(worldX(lon ?? 0), worldY(lat ?? 0))));
    }
    return { land, borders };
  });
  return loading;
}

/** The scales of the Natural Earth outline shipped in the app (scripts/natural-earth.mjs): 1:110m (small, for the first view and low zooms) and 1:50m. */
export type OutlineScale = '110m' | '50m';
