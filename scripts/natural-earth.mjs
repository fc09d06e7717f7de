// Writes the Natural Earth outline (world-atlas TopoJSON, 1:110m and 1:50m) as vector tiles the
// renderer ships (renderer/generated/public/assets/outline-HASH/SCALE/z/x/y.pbf, copied into the
// build by Vite, and renderer/generated/outline-tiles.json, which names them for the map). MapLibre's
// worker then fetches and decodes only the few tiles of the view (a few KB) instead of parsing and
// tiling a whole-world GeoJSON file before the first view can be drawn (148 KB at 1:110m, 1.5 MB
// at 1:50m). The tiles are cut by geojson-vt with the options MapLibre's own GeoJSON sources use
// (so the picture is the one the GeoJSON sources drew) and written by vt-pbf, MapLibre's own
// libraries. Run by build.mjs.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import topojson from 'topojson-client';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const generated = join(root, 'renderer', 'generated');

// MapLibre's tile extent, and its GeoJSON sources' buffer (128 px) and simplification tolerance
// (0.375 px) in tile units for its 512 px tiles (x 16).
const EXTENT = 8192;
const OPTIONS = { extent: EXTENT, buffer: 128 * 16, tolerance: 0.375 * 16 };
/** The layer name inside each tile (the map's outline layers read it as their source layer). */
const LAYER = 'outline';

// Which zooms each scale is tiled at. The map draws 1:110m first, at every zoom, and 1:50m from
// zoom 4 on (its OUTLINE_DETAIL_ZOOM) once its first view is drawn. world-atlas stores both scales
// on a grid of 0.0036 degrees of longitude (TopoJSON quantisation); a tile's grid is
// 360 / 2^z / 8192 degrees: 0.0027 at zoom 4 and 0.0014 at zoom 5, finer than the data, so deeper
// tiles would add nothing but files: the map draws the last zoom's tiles enlarged above it.
const SCALES = { '110m': { minzoom: 0, maxzoom: 4 }, '50m': { minzoom: 4, maxzoom: 5 } };

/** The outline at one scale as GeoJSON: land polygons and country borders, told apart by `part`. */
function outline(scale) {
  const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8'));
  const land = topojson.feature(topology, topology.objects.land).features.map((f) => ({ ...f, properties: { part: 'land' } }));
  const borders = { type: 'Feature', properties: { part: 'border' }, geometry: topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b) };
  return { type: 'FeatureCollection', features: [...land, borders] };
}

// Every tile of each scale's zooms, as bytes: an empty file where the tile holds nothing (open
// sea), so that every tile the map asks for exists (a missing one would be an error in the page).
const tiles = new Map();
for (const [scale, { minzoom, maxzoom }] of Object.entries(SCALES)) {
  const index = new GeoJSONVT(outline(scale), { ...OPTIONS, maxZoom: maxzoom, indexMaxZoom: maxzoom });
  for (let z = minzoom; z <= maxzoom; z++) {
    for (let x = 0; x < 2 ** z; x++) {
      for (let y = 0; y < 2 ** z; y++) {
        const tile = index.getTile(z, x, y);
        tiles.set(`${scale}/${z}/${x}/${y}.pbf`, tile && tile.features.length > 0 ? fromGeojsonVt({ [LAYER]: tile }, { version: 2, extent: EXTENT }) : new Uint8Array(0));
      }
    }
  }
}

// The folder is named after the tiles' content: the app's server lets the browser keep files
// under assets/ without asking again, so a changed outline must come under a new name.
const hash = createHash('sha256');
for (const [path, bytes] of tiles) hash.update(path).update(bytes);
const dir = `assets/outline-${hash.digest('hex').slice(0, 10)}/`;
const publicDir = join(generated, 'public');
rmSync(join(publicDir, 'assets'), { recursive: true, force: true });
for (const [path, bytes] of tiles) {
  const file = join(publicDir, dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}
writeFileSync(join(generated, 'outline-tiles.json'), `${JSON.stringify({ dir, layer: LAYER, scales: SCALES }, null, 2)}\n`);
