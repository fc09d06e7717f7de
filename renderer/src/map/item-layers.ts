import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { SceneMark } from './map-draw';
import { KIND_COLOUR } from './map-draw';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The items' source: clusters and single items of the view, each marked inside or outside the golden-hour window. */
export const ITEM_SOURCE = 'items';

/** A circle of `radiusM` metres round a point, as a ring of 96 points (the map has no metric circles). */
function ring(scene: SceneMark, radiusM: number): number[][] {
  const coords: number[][] = [];
  const latR = (scene.lat * Math.PI) / 180;
  for (let i = 0; i <= 96; i++) {
    const a = (i / 96) * 2 * Math.PI;
    coords.push([scene.lon + ((radiusM * Math.sin(a)) / (111_320 * Math.cos(latR))), scene.lat + (radiusM * Math.cos(a)) / 110_574]);
  }
  return coords;
}

const label = (m: number) => (m >= 1000 ? `${m / 1000} km` : `${m} m`);

/** The scene: its pin, its radius and rings at twice and five times the radius, each labelled. */
export function sceneCollection(scene: SceneMark | null): GeoJSON.FeatureCollection {
  if (!scene) return { type: 'FeatureCollection', features: [] };
  const features: GeoJSON.Feature[] = [1, 2, 5].map((factor) => ({
    type: 'Feature', properties: { factor, label: label(scene.radiusM * factor), text: '#7f1d1d' },
    geometry: { type: 'Polygon', coordinates: [ring(scene, scene.radiusM * factor)] },
  }));
  features.push({ type: 'Feature', properties: { factor: 0, pin: 1 }, geometry: { type: 'Point', coordinates: [scene.lon, scene.lat] } });
  return { type: 'FeatureCollection', features };
}

const kindColour = ['match', ['get', 'kind'], ...Object.entries(KIND_COLOUR).flat(), '#64748b'];
/** A cluster all inside the window, all outside it, or mixed. */
const allInside = ['==', ['get', 'inside'], ['get', 'point_count']];
const noneInside = ['==', ['get', 'inside'], 0];

/** The case's sources: the scene and the items (clusters and single items of the view). */
export function caseSources(scene: SceneMark | null, items: GeoJSON.FeatureCollection = EMPTY): Record<string, SourceSpecification> {
  return {
    scene: { type: 'geojson', data: sceneCollection(scene) },
    // Few features (one per cluster on and around the screen): the worker has little to tile.
    [ITEM_SOURCE]: { type: 'geojson', data: items, buffer: 64 },
  };
}

/** The scene's pin as the items' circle layer draws it (its own colours, carried as properties). */
const PIN = { radius: 7, fill: '#b91c1c', stroke: '#ffffff' };

/**
 * The case's layers over whatever base map the style drew: the scene's rings and pin, and the
 * items, clustered (by ItemClusters, which fills the source for each view). Inside the window:
 * filled in the kind's colour, solid blue clusters; outside it (or without a time): hollow
 * points and pale grey-edged clusters; a cluster holding both is half-tone. Items never hide
 * each other: one source holds them all.
 *
 * Drawn with as few shader programs as the picture allows: without a GPU (SwiftShader, as in
 * headless Chromium and many VMs) each program is compiled when a frame first needs it, and
 * that made the frame that first showed the items the costliest of all. Clusters and single
 * items are one circle layer, which the scene's pin shares (same paint, its colours carried
 * as properties); the rings are constant lines as the outline's are; both text layers colour
 * by a feature value. 13 programs before, 7 now.
 */
export function caseLayers(): LayerSpecification[] {
  const markPaint = {
    'circle-radius': ['case', ['has', 'point_count'], ['interpolate', ['linear'], ['get', 'point_count'], 2, 12, 100, 18, 10_000, 25], ['has', 'pin'], PIN.radius, 6],
    'circle-color': ['case', ['has', 'point_count'], ['case', allInside, 'rgba(30, 64, 175, 0.9)', noneInside, 'rgba(241, 245, 249, 0.95)', 'rgba(96, 125, 200, 0.9)'], ['has', 'pin'], PIN.fill, ['==', ['get', 'inside'], 1], kindColour, '#ffffff'],
    'circle-stroke-color': ['case', ['has', 'point_count'], ['case', allInside, '#ffffff', '#475569'], ['has', 'pin'], PIN.stroke, ['==', ['get', 'inside'], 1], '#ffffff', kindColour],
    'circle-stroke-width': 2,
  };
  return [
    { id: 'scene-fill', type: 'fill', source: 'scene', filter: ['==', ['get', 'factor'], 1], paint: { 'fill-color': 'rgba(220, 38, 38, 0.08)', 'fill-antialias': false } },
    { id: 'scene-radius', type: 'line', source: 'scene', filter: ['==', ['get', 'factor'], 1], paint: { 'line-color': 'rgba(185, 28, 28, 0.8)', 'line-width': 2 } },
    { id: 'scene-rings', type: 'line', source: 'scene', filter: ['>', ['get', 'factor'], 1], paint: { 'line-color': 'rgba(185, 28, 28, 0.8)', 'line-width': 1 } },
    {
      id: 'scene-labels', type: 'symbol', source: 'scene', filter: ['>', ['get', 'factor'], 0],
      layout: { 'symbol-placement': 'line', 'symbol-spacing': 400, 'text-field': ['get', 'label'], 'text-font': ['sans-serif'], 'text-size': 11 },
      paint: { 'text-color': ['to-color', ['get', 'text']] as unknown as string, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
    { id: 'scene-pin', type: 'circle', source: 'scene', filter: ['==', ['get', 'factor'], 0], paint: markPaint },
    { id: 'item-marks', type: 'circle', source: ITEM_SOURCE, paint: markPaint },
    {
      id: 'item-counts', type: 'symbol', source: ITEM_SOURCE, filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': ['sans-serif'], 'text-size': 12, 'text-allow-overlap': true },
      paint: { 'text-color': ['case', noneInside, '#1e293b', '#ffffff'] as unknown as string, 'text-halo-color': '#ffffff', 'text-halo-width': 0 },
    },
  ] as LayerSpecification[];
}

/** Adds the case's sources and layers to a loaded style (an online one, which the app does not build). */
export function addCaseLayers(map: MapLibreMap, scene: SceneMark | null, items: GeoJSON.FeatureCollection = EMPTY): void {
  for (const [id, source] of Object.entries(caseSources(scene, items))) map.addSource(id, source);
  for (const layer of caseLayers()) map.addLayer(layer);
}

/** A style the app built with the case's sources and layers on top: one style load, every source known before the first frame. */
export function withCase(style: StyleSpecification, scene: SceneMark | null, items: GeoJSON.FeatureCollection): StyleSpecification {
  return { ...style, sources: { ...style.sources, ...caseSources(scene, items) }, layers: [...style.layers, ...caseLayers()] };
}

/** Replaces the scene on a map whose case layers are in place. */
export function updateScene(map: MapLibreMap, scene: SceneMark | null): void {
  (map.getSource('scene') as GeoJSONSource | undefined)?.setData(sceneCollection(scene));
}

/** Replaces the clusters and items drawn (one view's, from ItemClusters). */
export function updateItems(map: MapLibreMap, items: GeoJSON.FeatureCollection): void {
  (map.getSource(ITEM_SOURCE) as GeoJSONSource | undefined)?.setData(items);
}

/** The layers a click or hover on an item lands on. */
export const ITEM_LAYERS = ['item-marks'];
