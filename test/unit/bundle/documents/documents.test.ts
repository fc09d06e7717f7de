import { describe, expect, it } from 'vitest';
import { circleRing, locationsGeoJson, locationsKml } from '../../../../src/bundle/documents/geo-documents.js';
import { reportCsp } from '../../../../src/bundle/documents/report-html.js';
import { htmlEscape, timeWithZone } from '../../../../src/bundle/documents/report-text.js';
import type { Case } from '../../../../src/domain/case.js';
import { distanceM } from '../../../../src/geo/geodesy.js';
import type { ItemView } from '../../../../src/items/item-view.js';

const scene = { lat: -33.8688, lon: 151.2093, radiusM: 750 };
const c: Case = { id: 1, uuid: 'u', title: 'Quay & "Bridge" <1>', reference: null, scene, incidentTime: '2026-11-21T03:00:00.000Z', timezone: 'Australia/Sydney',
  window: { beforeMin: 30, afterMin: 30 }, createdAt: '2026-11-21T00:00:00.000Z', createdBy: 'x', closed: null };

describe('map documents', () => {
  it('the radius ring lies at the radius all round, closed (southern and eastern hemisphere signs kept)', () => {
    const ring = circleRing(scene, scene.radiusM);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    // Shoelace sum over [lon, lat]: positive means counterclockwise (RFC 7946 exterior ring).
    const area = ring.slice(1).reduce((sum, [lon, lat], i) => sum + ((ring[i]?.[0] ?? 0) * lat - lon * (ring[i]?.[1] ?? 0)), 0);
    expect(area).toBeGreaterThan(0);
    for (const [lon, lat] of ring) expect(Math.abs(distanceM(scene, { lat, lon }) - scene.radiusM)).toBeLessThan(1);
  });

  it('GeoJSON has the scene, its radius and each placed item with its place relative to the scene', () => {
    const item = { id: 7, kind: 'photo', title: null, originalName: 'a.jpg', sourceUrl: null, sha256: 'a'.repeat(64), withdrawn: null,
      eventTime: { utc: '2026-11-21T03:01:00.000Z', source: 'gps', confidence: 'high', raw: null }, location: { lat: -33.87, lon: 151.21, altitudeM: 12, accuracyM: 5, source: 'gps' },
      scene: { distanceM: 140, bearingDeg: 150, withinRadius: true } } as unknown as ItemView;
    const geo = JSON.parse(locationsGeoJson(c, [item])) as { features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
    expect(geo.features.map((f) => f.id)).toEqual(['scene', 'scene-radius', 'item-7']);
    expect(geo.features[2]?.geometry.coordinates).toEqual([151.21, -33.87, 12]);
    expect(geo.features[2]?.properties).toMatchObject({ itemId: 7, distanceM: 140, withinRadius: true, eventTimeSource: 'gps' });
    const kml = locationsKml(c, [item]);
    expect(kml).toContain('<name>Quay &amp; &quot;Bridge&quot; &lt;1&gt;</name>');
    expect(kml).toContain('<when>2026-11-21T03:01:00.000Z</when>');
    expect(kml).toContain('151.21,-33.87');
  });
});

describe('report text', () => {
  it('escapes everything and shows UTC with the case zone', () => {
    expect(htmlEscape(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
    expect(timeWithZone('2026-11-21T03:00:00.000Z', 'Australia/Sydney')).toBe('2026-11-21T03:00:00.000Z (UTC) = 2026-11-21 14:00:00 +11:00 Australia/Sydney');
    expect(timeWithZone(null, 'Australia/Sydney')).toBe('unknown');
  });

  it('the CSP allows no script, no fetch, only the report\'s own style by hash and data: images', () => {
    const csp = reportCsp();
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(csp).not.toContain('unsafe');
  });
});
