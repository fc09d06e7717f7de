import type { Case } from '../../domain/case.js';
import type { ItemView } from '../../items/item-view.js';
import { htmlEscape } from './report-text.js';

const W = 900;

function dotClass(item: ItemView): string {
  if (item.withdrawn) return 'dot withdrawn';
  if (item.withinWindow === false || item.scene?.withinRadius === false) return 'dot outside';
  return 'dot';
}

/**
 * The timeline around the incident as inline SVG (no script): the golden-hour window shaded,
 * the incident marked, one dot per timed item. Items outside the drawn span sit at its edges.
 */
export function timelineSvg(c: Case, items: ItemView[]): string {
  const timed = items.filter((item) => item.eventTime?.utc).map((item) => ({ item, at: Date.parse(item.eventTime?.utc ?? '') }));
  const incident = c.incidentTime ? Date.parse(c.incidentTime) : null;
  let start: number;
  let end: number;
  if (incident !== null) {
    start = incident - c.window.beforeMin * 60_000;
    end = incident + c.window.afterMin * 60_000;
  } else if (timed.length > 0) {
    start = Math.min(...timed.map((t) => t.at));
    end = Math.max(...timed.map((t) => t.at));
  } else {
    return '<p class="muted">No item has an event time, and the case has no incident time: nothing to place on a timeline.</p>';
  }
  const pad = Math.max((end - start) * 0.1, 60_000);
  start -= pad;
  end += pad;
  const x = (at: number) => 40 + ((Math.min(Math.max(at, start), end) - start) / (end - start)) * (W - 80);
  const parts: string[] = [`<svg class="chart" viewBox="0 0 ${W} 150" role="img" aria-label="Timeline of items around the incident">`];
  if (incident !== null) {
    const a = x(incident - c.window.beforeMin * 60_000);
    const b = x(incident + c.window.afterMin * 60_000);
    parts.push(`<rect x="${a.toFixed(1)}" y="20" width="${(b - a).toFixed(1)}" height="90" class="window"/>`);
    parts.push(`<line x1="${x(incident).toFixed(1)}" y1="12" x2="${x(incident).toFixed(1)}" y2="118" class="incident"/>`);
    parts.push(`<text x="${x(incident).toFixed(1)}" y="10" text-anchor="middle" class="label">incident ${htmlEscape(c.incidentTime ?? '')}</text>`);
  }
  parts.push(`<line x1="40" y1="110" x2="${W - 40}" y2="110" class="axis"/>`);
  for (let i = 0; i <= 4; i += 1) {
    const at = start + ((end - start) * i) / 4;
    const tx = x(at);
    parts.push(`<line x1="${tx.toFixed(1)}" y1="110" x2="${tx.toFixed(1)}" y2="115" class="axis"/><text x="${tx.toFixed(1)}" y="130" text-anchor="middle" class="tick">${new Date(Math.round(at / 1000) * 1000).toISOString().slice(11, 19)}Z</text>`);
  }
  parts.push(`<text x="40" y="146" class="tick">${new Date(start).toISOString().slice(0, 10)} (UTC)</text>`);
  timed.forEach(({ item, at }, index) => {
    const cx = x(at);
    const cy = 35 + (index % 6) * 12;
    const edge = at < start ? '◀ ' : at > end ? '▶ ' : '';
    parts.push(`<circle cx="${cx.toFixed(1)}" cy="${cy}" r="5" class="${dotClass(item)}"/><text x="${(cx + 7).toFixed(1)}" y="${cy + 4}" class="label">${edge}${item.id}</text>`);
  });
  parts.push('</svg>');
  const untimed = items.length - timed.length;
  if (untimed > 0) parts.push(`<p class="muted">${untimed} item(s) have no event time and are not drawn.</p>`);
  return parts.join('');
}

/**
 * A map of items relative to the scene as inline SVG: the scene at the centre, its radius,
 * north up, a scale bar, one dot per placed item at its distance and bearing. No map tiles:
 * the report must open offline and fetch nothing.
 */
export function mapSvg(c: Case, items: ItemView[]): string {
  if (!c.scene) return '<p class="muted">The case has no scene, so items cannot be placed relative to it.</p>';
  const placed = items.filter((item) => item.scene);
  const extent = Math.max(c.scene.radiusM * 1.3, ...placed.map((item) => (item.scene?.distanceM ?? 0) * 1.1));
  const size = 460;
  const mid = size / 2;
  const scale = (mid - 30) / extent;
  const parts: string[] = [`<svg class="chart map" viewBox="0 0 ${size} ${size}" role="img" aria-label="Map of items relative to the scene">`];
  parts.push(`<rect x="0" y="0" width="${size}" height="${size}" class="mapbg"/>`);
  parts.push(`<circle cx="${mid}" cy="${mid}" r="${(c.scene.radiusM * scale).toFixed(1)}" class="radius"/>`);
  parts.push(`<line x1="${mid - 8}" y1="${mid}" x2="${mid + 8}" y2="${mid}" class="scene"/><line x1="${mid}" y1="${mid - 8}" x2="${mid}" y2="${mid + 8}" class="scene"/>`);
  parts.push(`<text x="${mid - 12}" y="${mid + 22}" text-anchor="end" class="label">scene</text>`);
  parts.push(`<text x="${size - 24}" y="24" class="label">N ↑</text>`);
  const bar = niceLength(extent / 2);
  parts.push(`<line x1="20" y1="${size - 20}" x2="${(20 + bar * scale).toFixed(1)}" y2="${size - 20}" class="axis"/><text x="20" y="${size - 26}" class="tick">${bar >= 1000 ? `${bar / 1000} km` : `${bar} m`}</text>`);
  for (const item of placed) {
    const relation = item.scene;
    if (!relation) continue;
    const angle = (relation.bearingDeg * Math.PI) / 180;
    const cx = mid + Math.sin(angle) * relation.distanceM * scale;
    const cy = mid - Math.cos(angle) * relation.distanceM * scale;
    parts.push(`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="5" class="${dotClass(item)}"/><text x="${(cx + 7).toFixed(1)}" y="${(cy + 4).toFixed(1)}" class="label">${item.id}</text>`);
  }
  parts.push('</svg>');
  const unplaced = items.length - placed.length;
  if (unplaced > 0) parts.push(`<p class="muted">${unplaced} item(s) have no location and are not drawn.</p>`);
  return parts.join('');
}

function niceLength(metres: number): number {
  const steps = [1, 2, 5];
  let magnitude = 1;
  while (magnitude * 10 <= metres) magnitude *= 10;
  let best = magnitude;
  for (const step of steps) if (step * magnitude <= metres) best = step * magnitude;
  return best;
}
