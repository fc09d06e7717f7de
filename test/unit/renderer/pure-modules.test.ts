import { describe, expect, it } from 'vitest';
import { fitView, latOf, lonOf, metresPerPixel, worldX, worldY } from '../../../renderer/src/map/projection.js';
import { chooseBase, type OfflineBase, type OutlinePlace } from '../../../renderer/src/map/base-style.js';
import { readPlaces } from '../../../renderer/src/map/place-results.js';
import { parseRoute, routeHref } from '../../../renderer/src/routes.js';

describe('map projection (Web Mercator, 256 px world at zoom 0)', () => {
  it.each([
    [0, 0],
    [51.5074, -0.1278],
    [-33.8688, 151.2093],
    [64.1466, -21.9426],
  ])('round-trips %f, %f', (lat, lon) => {
    expect(latOf(worldY(lat))).toBeCloseTo(lat, 9);
    expect(lonOf(worldX(lon))).toBeCloseTo(lon, 9);
  });

  it('puts the antimeridian at the edges and clamps the poles', () => {
    expect(worldX(-180)).toBe(0);
    expect(worldX(180)).toBe(256);
    expect(worldY(90)).toBeCloseTo(0, 6);
    expect(worldY(-90)).toBeCloseTo(256, 6);
  });

  it('knows metres per pixel (about 156 km at the equator at zoom 0, half that per zoom step)', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(156_543, 0);
    expect(metresPerPixel(0, 1)).toBeCloseTo(78_271.5, 0);
    expect(metresPerPixel(60, 0)).toBeCloseTo(78_271.5, 0);
  });

  it('fits a box into a canvas', () => {
    const view = fitView(100, 100, 101, 101, 800, 600);
    expect(view.cx).toBe(100.5);
    // The 1-unit box fills 80% of the shorter side: 480 px.
    expect(2 ** view.zoom).toBeCloseTo(480, 6);
    expect(fitView(0, 0, 1e-12, 1e-12, 800, 600, 17).zoom).toBe(17);
  });
});

describe('base map choice', () => {
  const offline: OfflineBase = { path: '/maps/prague.mbtiles', container: 'mbtiles', kind: 'raster', minZoom: 12, maxZoom: 16, bounds: [14.3, 50, 14.5, 50.1], name: 'Prague centre', attribution: null };
  // The outline's tiles as the build writes them, under the app's own address (Electron's here).
  const outline: OutlinePlace = { tiles: { dir: 'assets/outline-0123456789/', layer: 'outline', scales: { '110m': { minzoom: 0, maxzoom: 4 }, '50m': { minzoom: 4, maxzoom: 5 } } }, base: 'app://goldenhour/index.html' };
  it('draws only the Natural Earth outline when nothing is set, from the app\'s own tiles', () => {
    const base = chooseBase({ online: false, styleUrl: '' }, null, outline);
    expect(base.credit).toMatch(/Natural Earth/);
    expect(JSON.stringify(base.style)).not.toMatch(/https?:/);
    const style = base.style as Exclude<typeof base.style, string>;
    // 1:110m at first, read from the app's tiles of that scale and zooms; 1:50m added once the first view is drawn, from zoom 4 on.
    expect(style.sources['natural-earth']).toEqual({ type: 'vector', tiles: ['app://goldenhour/assets/outline-0123456789/110m/{z}/{x}/{y}.pbf'], minzoom: 0, maxzoom: 4 });
    expect(style.layers.filter((layer) => 'source-layer' in layer).map((layer) => layer.id)).toEqual(['ne-land', 'ne-coast', 'ne-borders']);
    expect(base.detail?.source).toEqual({ type: 'vector', tiles: ['app://goldenhour/assets/outline-0123456789/50m/{z}/{x}/{y}.pbf'], minzoom: 4, maxzoom: 5 });
    expect(base.detail?.layers.map((layer) => [layer.id, 'source' in layer ? layer.source : null, 'source-layer' in layer ? layer['source-layer'] : null, layer.minzoom]))
      .toEqual([['ne-land-50m', base.detail?.id, 'outline', 4], ['ne-coast-50m', base.detail?.id, 'outline', 4], ['ne-borders-50m', base.detail?.id, 'outline', 4]]);
  });
  it('never goes online while online is off, even with an address set', () => {
    const base = chooseBase({ online: false, styleUrl: 'https://tiles.example.org/style.json' }, offline, outline);
    expect(JSON.stringify(base.style)).not.toContain('tiles.example.org');
    expect(JSON.stringify(base.style)).toContain('goldenhour-tiles://{z}/{x}/{y}');
    expect(base.credit).toContain('Prague centre (offline MBTiles file)');
  });
  it('uses an online style by its address, and a tile template as raster tiles over the outline', () => {
    const online = chooseBase({ online: true, styleUrl: 'https://tiles.example.org/style.json' }, offline, outline);
    expect(online.style).toBe('https://tiles.example.org/style.json');
    expect(online.detail).toBeNull();
    const raster = chooseBase({ online: true, styleUrl: 'https://tile.example.org/{z}/{x}/{y}.png' }, offline, outline);
    expect(JSON.stringify(raster.style)).toContain('"tiles":["https://tile.example.org/{z}/{x}/{y}.png"]');
    expect(raster.credit).toBe('Base map: tiles from tile.example.org (online)');
  });
});

describe('place search answers (from a server on the network)', () => {
  it('keeps well-formed places and drops the rest', () => {
    expect(readPlaces([
      { display_name: 'Karlův most, Praha', lat: '50.0865', lon: '14.4114', boundingbox: ['50.08', '50.09', '14.41', '14.42'] },
      { display_name: 'Nowhere', lat: '95', lon: '0' },
      { display_name: 'Not a number', lat: 'x', lon: '1' },
      'junk',
    ])).toEqual([{ name: 'Karlův most, Praha', lat: 50.0865, lon: 14.4114, box: [50.08, 50.09, 14.41, 14.42] }]);
    expect(readPlaces({ error: 'nope' })).toEqual([]);
  });
});

describe('routes', () => {
  it.each([
    ['', { screen: 'cases' }],
    ['#/', { screen: 'cases' }],
    ['#/cases/new', { screen: 'new-case' }],
    ['#/review', { screen: 'review' }],
    ['#/case/3/timeline', { screen: 'timeline', caseId: 3 }],
    ['#/case/3', { screen: 'evidence', caseId: 3 }],
    ['#/case/3/item/17', { screen: 'item', caseId: 3, itemId: 17 }],
    ['#/case/x/map', { screen: 'cases' }],
    ['#/case/3/nothing', { screen: 'cases' }],
    ['#token=abc', { screen: 'cases' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('writes addresses that parse back', () => {
    for (const route of [{ screen: 'map', caseId: 2 } as const, { screen: 'item', caseId: 2, itemId: 9 } as const, { screen: 'review' } as const]) {
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
  });
});
