import type { Case } from '../../domain/case.js';
import type { ItemView } from '../../items/item-view.js';
import { destinationPoint } from '../../geo/geodesy.js';

/**
 * A ring of points at `radiusM` around a centre (great-circle), closed, as [lon, lat] pairs,
 * counterclockwise as RFC 7946 wants an exterior ring (bearings taken westward from north).
 */
export function circleRing(centre: { lat: number; lon: number }, radiusM: number, points = 64): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = 0; i <= points; i += 1) {
    const point = destinationPoint(centre, -((i % points) / points) * 360, radiusM);
    ring.push([round7(point.lon), round7(point.lat)]);
  }
  return ring;
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

function itemName(item: ItemView): string {
  return item.title ?? item.originalName ?? item.sourceUrl ?? `item ${item.id}`;
}

/** GeoJSON (RFC 7946): the scene point, its radius as a polygon, and every placed item. */
export function locationsGeoJson(c: Case, items: ItemView[]): string {
  const features: unknown[] = [];
  if (c.scene) {
    features.push({ type: 'Feature', id: 'scene', geometry: { type: 'Point', coordinates: [c.scene.lon, c.scene.lat] },
      properties: { role: 'scene', name: `Scene: ${c.title}`, radiusM: c.scene.radiusM, incidentTime: c.incidentTime } });
    features.push({ type: 'Feature', id: 'scene-radius', geometry: { type: 'Polygon', coordinates: [circleRing(c.scene, c.scene.radiusM)] },
      properties: { role: 'scene-radius', name: `Scene radius (${c.scene.radiusM} m)`, radiusM: c.scene.radiusM } });
  }
  for (const item of items) {
    if (!item.location) continue;
    const coordinates = item.location.altitudeM !== null ? [item.location.lon, item.location.lat, item.location.altitudeM] : [item.location.lon, item.location.lat];
    features.push({ type: 'Feature', id: `item-${item.id}`, geometry: { type: 'Point', coordinates },
      properties: { role: 'item', itemId: item.id, kind: item.kind, name: itemName(item), sha256: item.sha256,
        eventTimeUtc: item.eventTime?.utc ?? null, eventTimeSource: item.eventTime?.source ?? 'none',
        locationSource: item.location.source, accuracyM: item.location.accuracyM,
        distanceM: item.scene?.distanceM ?? null, withinRadius: item.scene?.withinRadius ?? null, withdrawn: item.withdrawn !== null } });
  }
  return `${JSON.stringify({ type: 'FeatureCollection', features }, null, 2)}\n`;
}

/** XML text, escaped. */
export function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}

/** KML 2.2 (Google Earth, QGIS): the scene, its radius and every placed item. */
export function locationsKml(c: Case, items: ItemView[]): string {
  const marks: string[] = [];
  if (c.scene) {
    marks.push(`<Placemark><name>${xmlEscape(`Scene: ${c.title}`)}</name><styleUrl>#scene</styleUrl><description>${xmlEscape(`Incident time: ${c.incidentTime ?? 'unknown'}; radius ${c.scene.radiusM} m`)}</description><Point><coordinates>${c.scene.lon},${c.scene.lat}</coordinates></Point></Placemark>`);
    const ring = circleRing(c.scene, c.scene.radiusM).map(([lon, lat]) => `${lon},${lat}`).join(' ');
    marks.push(`<Placemark><name>${xmlEscape(`Scene radius (${c.scene.radiusM} m)`)}</name><styleUrl>#radius</styleUrl><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`);
  }
  for (const item of items) {
    if (!item.location) continue;
    const description = [
      `Item ${item.id} (${item.kind})${item.withdrawn ? ` WITHDRAWN: ${item.withdrawn.reason}` : ''}`,
      `Event time: ${item.eventTime?.utc ?? 'unknown'} (${item.eventTime?.source ?? 'none'})`,
      `Location source: ${item.location.source}`,
      item.scene ? `Distance from scene: ${item.scene.distanceM} m` : '',
      `SHA-256: ${item.sha256}`,
    ].filter(Boolean).join('\n');
    const when = item.eventTime?.utc ? `<TimeStamp><when>${xmlEscape(item.eventTime.utc)}</when></TimeStamp>` : '';
    marks.push(`<Placemark id="item-${item.id}"><name>${xmlEscape(itemName(item))}</name>${when}<styleUrl>#item</styleUrl><description>${xmlEscape(description)}</description><Point><coordinates>${item.location.lon},${item.location.lat}</coordinates></Point></Placemark>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${xmlEscape(c.title)}</name>`,
    '<Style id="scene"><IconStyle><color>ff0000ff</color></IconStyle></Style>',
    '<Style id="radius"><LineStyle><color>ff0000ff</color><width>2</width></LineStyle><PolyStyle><color>330000ff</color></PolyStyle></Style>',
    '<Style id="item"><IconStyle><color>ffff7f00</color></IconStyle></Style>',
    ...marks,
    '</Document>',
    '</kml>',
    '',
  ].join('\n');
}
