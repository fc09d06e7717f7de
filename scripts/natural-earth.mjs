// Writes the Natural Earth outline (world-atlas TopoJSON, 1:110m and 1:50m) as GeoJSON files the
// renderer ships (renderer/generated/, imported with `?url`): MapLibre's worker fetches, parses and
// tiles them itself, so the page's main thread neither converts the TopoJSON nor copies the
// features to the worker (at 1:50m that held up the first frames of the map). Run by build.mjs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import topojson from 'topojson-client';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = join(root, 'renderer', 'generated');
mkdirSync(out, { recursive: true });
for (const scale of ['110m', '50m']) {
  const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8'));
  // One file (one map source) per scale: land polygons and country borders, told apart by `part`.
  const land = topojson.feature(topology, topology.objects.land).features.map((f) => ({ ...f, properties: { part: 'land' } }));
  const borders = { type: 'Feature', properties: { part: 'border' }, geometry: topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b) };
  writeFileSync(join(out, `natural-earth-${scale}.json`), JSON.stringify({ type: 'FeatureCollection', features: [...land, borders] }));
}
