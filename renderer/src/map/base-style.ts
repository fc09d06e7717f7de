import type { LayerSpecification, StyleSpecification, VectorSourceSpecification } from 'maplibre-gl';

/** The protocol through which MapLibre asks the app's API for offline tiles. */
export const OFFLINE_PROTOCOL = 'goldenhour-tiles';

const WATER = '#cfe0ec';

/** The Natural Earth outline's source at each scale (land and borders, told apart by `part`; absent from an online style). */
export const NATURAL_EARTH_SOURCES = { '110m': 'natural-earth', '50m': 'natural-earth-50m' } as const;
const LAND = '#f4f1ea';

/** From this zoom on, the 1:50m outline is drawn (once loaded) instead of the 1:110m one. */
export const OUTLINE_DETAIL_ZOOM = 4;

/** The outline's vector tiles, as scripts/natural-earth.mjs writes them at build: where they are, their layer and zooms. */
export interface OutlineTiles {
  /** The tiles' folder, relative to the app's page (`assets/outline-HASH/`), holding SCALE/z/x/y.pbf. */
  dir: string;
  layer: string;
  scales: Record<keyof typeof NATURAL_EARTH_SOURCES, { minzoom: number; maxzoom: number }>;
}

/**
 * The outline's layers for one scale: land, coast and borders. Constant paint, no dashes and no
 * fill edges: these layers then share the shader programs of the scene's (see caseLayers), which a
 * machine without a GPU compiles on the first frames.
 */
function outlineLayers(source: string, sourceLayer: string, suffix: string, range: { minzoom?: number }): LayerSpecification[] {
  const part = (name: string) => ['==', ['get', 'part'], name] as ['==', ['get', string], string];
  const common = { source, 'source-layer': sourceLayer, ...range };
  return [
    { id: `ne-land${suffix}`, type: 'fill', ...common, filter: part('land'), paint: { 'fill-color': LAND, 'fill-antialias': false } },
    { id: `ne-coast${suffix}`, type: 'line', ...common, filter: part('land'), paint: { 'line-color': '#9aa5b1', 'line-width': 0.8 } },
    { id: `ne-borders${suffix}`, type: 'line', ...common, filter: part('border'), paint: { 'line-color': '#a8957a', 'line-width': 0.8 } },
  ];
}

/**
 * The Natural Earth outline: land and borders, the base under everything (and alone when nothing
 * else is set). The style has the 1:110m outline, drawn at every zoom until the 1:50m one is
 * added after the first view is drawn (BaseChoice.detail), which then takes over from
 * OUTLINE_DETAIL_ZOOM on. Both are vector tiles of the app (OutlineTiles), so a view fetches and
 * decodes only its own few tiles, not a whole-world file.
 */
function naturalEarthLayers(tiles: OutlineTiles): LayerSpecification[] {
  return [{ id: 'background', type: 'background', paint: { 'background-color': WATER } }, ...outlineLayers(NATURAL_EARTH_SOURCES['110m'], tiles.layer, '', {})];
}

/** The 1:110m layers, limited to the low zooms once the 1:50m outline is in. */
export const OUTLINE_110M_LAYERS = ['ne-land', 'ne-coast', 'ne-borders'];

/** One scale's source: the app's tiles of that scale, which MapLibre's worker fetches from the page's address (`base`). */
function outlineSource(place: OutlinePlace, scale: keyof typeof NATURAL_EARTH_SOURCES): VectorSourceSpecification {
  // Drawn enlarged above the last zoom tiled (the tiles' grid is finer than the data's there).
  return { type: 'vector', tiles: [`${new URL(`${place.tiles.dir}${scale}/`, place.base).href}{z}/{x}/{y}.pbf`], ...place.tiles.scales[scale] };
}

/** The 1:50m outline's source and layers, to add (after the 1:110m layers) once the map has drawn its first view. */
export interface OutlineDetail {
  id: string;
  source: VectorSourceSpecification;
  layers: LayerSpecification[];
}

function outline50m(place: OutlinePlace): OutlineDetail {
  return { id: NATURAL_EARTH_SOURCES['50m'], source: outlineSource(place, '50m'), layers: outlineLayers(NATURAL_EARTH_SOURCES['50m'], place.tiles.layer, '-50m', { minzoom: OUTLINE_DETAIL_ZOOM }) };
}

/**
 * Layers for vector tiles in the two common schemas: OpenMapTiles (planetiler's default) and
 * Protomaps (the `pmtiles extract` builds). A layer whose source layer the file lacks draws
 * nothing. Labels use the system's sans-serif font (no glyph server: MapLibre draws them locally).
 */
function vectorLayers(source: string): LayerSpecification[] {
  const font = ['sans-serif'];
  const roadWidth = ['interpolate', ['exponential', 1.6], ['zoom'], 10, 0.6, 14, 2.5, 18, 14] as unknown as number;
  const layer = (id: string, sourceLayer: string, rest: Record<string, unknown>) => ({ id: `${id}-${sourceLayer}`, source, 'source-layer': sourceLayer, ...rest }) as LayerSpecification;
  const fills = (id: string, layers: string[], colour: string, filter?: unknown) => layers.map((l) => layer(id, l, { type: 'fill', paint: { 'fill-color': colour }, ...(filter ? { filter } : {}) }));
  return [
    ...fills('earth', ['earth'], LAND),
    ...fills('landcover', ['landcover', 'landuse', 'park'], '#e3ecd6'),
    ...fills('water', ['water'], WATER),
    ...['waterway'].map((l) => layer('waterway', l, { type: 'line', paint: { 'line-color': '#a7c4da', 'line-width': 1.2 } })),
    ...fills('building', ['building', 'buildings'], '#d9d0c5'),
    ...['transportation', 'roads'].map((l) => layer('road-casing', l, { type: 'line', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#b7aea3', 'line-width': ['+', roadWidth, 1.5] } })),
    ...['transportation', 'roads'].map((l) => layer('road', l, { type: 'line', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': roadWidth } })),
    ...['boundary', 'boundaries'].map((l) => layer('boundary', l, { type: 'line', paint: { 'line-color': '#9e8fb0', 'line-width': 1, 'line-dasharray': [3, 2] } })),
    ...['transportation_name', 'roads'].map((l) => layer('road-label', l, {
      type: 'symbol', minzoom: 13,
      layout: { 'symbol-placement': 'line', 'text-field': ['coalesce', ['get', 'name:en'], ['get', 'name_en'], ['get', 'name']], 'text-font': font, 'text-size': 12 },
      paint: { 'text-color': '#374151', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    })),
    ...['place', 'places'].map((l) => layer('place-label', l, {
      type: 'symbol',
      layout: { 'text-field': ['coalesce', ['get', 'name:en'], ['get', 'name_en'], ['get', 'name']], 'text-font': font, 'text-size': 13 },
      paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    })),
  ];
}

/** Where the outline's tiles are: the app's files, and the page's address they are relative to. */
export interface OutlinePlace {
  tiles: OutlineTiles;
  base: string;
}

/** A style over the Natural Earth outline with, when given, raster or vector tiles on top. */
function styleWith(outline: OutlinePlace, tiles: { url: string; kind: 'raster' | 'vector'; minZoom?: number; maxZoom?: number; bounds?: [number, number, number, number] | null; attribution?: string | null } | null): StyleSpecification {
  const sources: StyleSpecification['sources'] = { [NATURAL_EARTH_SOURCES['110m']]: outlineSource(outline, '110m') };
  const layers = naturalEarthLayers(outline.tiles);
  if (tiles) {
    const range = { minzoom: tiles.minZoom ?? 0, maxzoom: tiles.maxZoom ?? 19, ...(tiles.bounds ? { bounds: tiles.bounds } : {}), ...(tiles.attribution ? { attribution: tiles.attribution } : {}) };
    if (tiles.kind === 'raster') {
      sources.basemap = { type: 'raster', tiles: [tiles.url], tileSize: 256, ...range };
      layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
    } else {
      sources.basemap = { type: 'vector', tiles: [tiles.url], ...range };
      layers.push(...vectorLayers('basemap'));
    }
  }
  return { version: 8, sources, layers };
}

/** What the base map needs of the offline file (the API's `map.settings` answer). */
export interface OfflineBase {
  path: string;
  container: 'mbtiles' | 'pmtiles';
  kind: 'raster' | 'vector';
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number] | null;
  name: string | null;
  attribution: string | null;
}

/** What the map draws under the case: where it comes from and how to say so. */
export interface BaseChoice {
  style: StyleSpecification | string;
  /** Said under the map: which base map this is. */
  credit: string;
  /** The 1:50m outline, added once the first view is drawn (a style the app built; null for an online style). */
  detail: OutlineDetail | null;
}

/**
 * Chooses the base map: an online style or tile server only when the settings allow going
 * online; else the offline PMTiles/MBTiles file; else the Natural Earth outline.
 */
export function chooseBase(settings: { online: boolean; styleUrl: string } | null, offline: OfflineBase | null, outline: OutlinePlace): BaseChoice {
  if (settings?.online && settings.styleUrl) {
    const host = new URL(settings.styleUrl).host;
    if (['{z}', '{x}', '{y}'].every((part) => settings.styleUrl.includes(part))) {
      return { style: styleWith(outline, { url: settings.styleUrl, kind: 'raster' }), credit: `Base map: tiles from ${host} (online)`, detail: outline50m(outline) };
    }
    return { style: settings.styleUrl, credit: `Base map: style from ${host} (online)`, detail: null };
  }
  if (offline) {
    const name = offline.name ?? offline.path.split(/[\\/]/).pop() ?? offline.path;
    return {
      style: styleWith(outline, { url: `${OFFLINE_PROTOCOL}://{z}/{x}/{y}`, kind: offline.kind, minZoom: offline.minZoom, maxZoom: offline.maxZoom, bounds: offline.bounds, attribution: offline.attribution }),
      credit: `Base map: ${name} (offline ${offline.container === 'pmtiles' ? 'PMTiles' : 'MBTiles'} file)${offline.attribution ? ` · ${offline.attribution.replace(/<[^>]*>/g, '')}` : ''}`,
      detail: outline50m(outline),
    };
  }
  return { style: styleWith(outline, null), credit: 'Base map: Natural Earth 1:110m and 1:50m outline (offline; no streets: set a map file in Map settings)', detail: outline50m(outline) };
}
