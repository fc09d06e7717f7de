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
// world-atlas stores both scales on a grid of 0.0036 degrees of longitude and 0.0017 of latitude
// (TopoJSON quantisation, about 400 m and 190 m), so its GeoJSON's 17-digit coordinates carry no
// more than four decimals do (0.0001 degree, 11 m, well inside one grid step): written with four,
// the files the worker fetches and parses are half the size (1:110m 313 KB to 148 KB, 1:50m 3.16 MB to 1.50 MB).
const DECIMALS = 4;
const round = (_key, value) => (typeof value === 'number' ? Number(value.toFixed(DECIMALS)) : value);
for (const scale of ['110m', '50m']) {
  const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8'));
  // One file (one map source) per scale: land polygons and country borders, told apart by `part`.
  const land = topojson.feature(topology, topology.objects.land).features.map((f) => ({ ...f, properties: { part: 'land' } }));
  const borders = { type: 'Feature', properties: { part: 'border' }, geometry: topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b) };
  writeFileSync(join(out, `natural-earth-${scale}.json`), JSON.stringify({ type: 'FeatureCollection', features: [...land, borders] }, round));
}
