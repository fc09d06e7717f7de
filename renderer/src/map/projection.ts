/**
 * Web Mercator, as tile servers use it: the world is 256 px wide at zoom 0 and doubles with
 * each zoom level. Points are projected once to zoom-0 "world" coordinates, then scaled.
 */
export const TILE_SIZE = 256;
const MAX_LAT = 85.05112878;

export function worldX(lon: number): number {
  return ((lon + 180) / 360) * TILE_SIZE;
}

export function worldY(lat: number): number {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * TILE_SIZE;
}

export function lonOf(x: number): number {
  return (x / TILE_SIZE) * 360 - 180;
}

export function latOf(y: number): number {
  const n = Math.PI - (2 * Math.PI * y) / TILE_SIZE;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
}

/** A view of the map: its centre in world coordinates and its zoom. */
export interface MapView {
  cx: number;
  cy: number;
  zoom: number;
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 19;

export function scaleOf(view: MapView): number {
  return 2 ** view.zoom;
}

/** Metres per screen pixel at a latitude. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (TILE_SIZE * 2 ** zoom);
}

/** The view that fits a box of world coordinates into a canvas. */
export function fitView(minX: number, minY: number, maxX: number, maxY: number, width: number, height: number, maxZoom = 17): MapView {
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const zoom = Math.max(MIN_ZOOM, Math.min(maxZoom, Math.log2(Math.min(width / spanX, height / spanY) * 0.8)));
  return { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, zoom };
}
