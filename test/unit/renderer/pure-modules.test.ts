import { describe, expect, it } from 'vitest';
import { fitView, latOf, lonOf, metresPerPixel, worldX, worldY } from '../../../renderer/src/map/projection.js';
import { validTileUrl } from '../../../renderer/src/map/tile-url.js';
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

describe('tile server setting', () => {
  it.each([
    ['', true],
    ['https://tile.example.org/{z}/{x}/{y}.png', true],
    ['http://tile.example.org/{z}/{x}/{y}.png', false],
    ['https://tile.example.org/{z}/{x}.png', false],
    ['javascript:alert(1)//{z}{x}{y}', false],
    ['https://tile.example.org/{z}/{x}/{y}.png extra', false],
  ])('%s is %s', (url, ok) => {
    expect(validTileUrl(url)).toBe(ok);
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
