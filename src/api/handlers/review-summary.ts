import type { Case } from '../../domain/case.js';
import type { CaseDatabase } from '../../db/database.js';
import { distanceM } from '../../geo/geodesy.js';
import type { ItemFilter, ItemSummary } from '../contract/review.js';

interface SummaryRow {
  id: number;
  kind: string;
  title: string | null;
  original_name: string | null;
  source_url: string | null;
  media_type: string;
  sha256: string;
  event_utc: string | null;
  event_source: string | null;
  acquired_at: string;
  lat: number | null;
  lon: number | null;
  flags: string;
  tags: string;
  grading: string | null;
  notes: string;
  platform: string | null;
  post_text: string | null;
  withdrawn_at: string | null;
  thumb: string | null;
}

/** A summary row plus the text that the text filter searches (never sent to the UI). */
export interface SearchableSummary extends ItemSummary {
  haystack: string;
}

/** Images a browser shows safely as they are, used as their own thumbnail when none is derived. */
const SELF_THUMB_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

// One pass over the items table; JSON fields are read by SQLite so 50,000 rows stay cheap.
// The thumbnail is the derived thumbnail if any, else a derived preview image, else a page screenshot.
const SUMMARY_SQL = `
  SELECT i.id, i.kind, i.title, i.original_name, i.source_url, i.media_type, i.sha256, i.event_utc,
    json_extract(i.event_time, '$.source') AS event_source, i.acquired_at, i.lat, i.lon, i.flags, i.tags,
    i.grading, i.notes, json_extract(i.post, '$.platform') AS platform, json_extract(i.post, '$.text') AS post_text,
    i.withdrawn_at,
    (SELECT a.sha256 FROM artifacts a WHERE a.item_id = i.id AND a.media_type LIKE 'image/%'
       AND (a.derived = 1 OR a.role LIKE '%screenshot%')
     ORDER BY (a.role LIKE '%thumb%') DESC, a.derived DESC, a.size LIMIT 1) AS thumb
  FROM items i WHERE i.case_id = ? ORDER BY i.id`;

/** Every item of a case as a light summary row, with what follows from the case (distance, window, derived flags). */
export function loadSummaries(db: CaseDatabase, c: Case): SearchableSummary[] {
  const rows = db.prepare(SUMMARY_SQL).all(c.id) as SummaryRow[];
  const incident = c.incidentTime ? Date.parse(c.incidentTime) : null;
  const before = c.window.beforeMin * 60_000;
  const after = c.window.afterMin * 60_000;
  return rows.map((row) => {
    const at = row.event_utc ? Date.parse(row.event_utc) : null;
    const withinWindow = at === null || incident === null ? null : at >= incident - before && at <= incident + after;
    const distance = c.scene && row.lat !== null && row.lon !== null ? Math.round(distanceM(c.scene, { lat: row.lat, lon: row.lon })) : null;
    const grading = row.grading ? (JSON.parse(row.grading) as { source: string; intelligence: string; handling: string }) : null;
    const tags = JSON.parse(row.tags) as string[];
    const flags = new Set(JSON.parse(row.flags) as string[]);
    if (at === null) flags.add('no-time');
    if (withinWindow === false) flags.add('outside-window');
    if (distance !== null && c.scene && distance > c.scene.radiusM) flags.add('outside-radius');
    if (row.withdrawn_at) flags.add('withdrawn');
    if (!grading) flags.add('ungraded');
    const name = row.title ?? row.original_name ?? row.source_url ?? `item ${row.id}`;
    const thumb = row.thumb ?? (SELF_THUMB_TYPES.has(row.media_type) ? row.sha256 : null);
    return {
      id: row.id,
      kind: row.kind,
      name,
      platform: row.platform,
      eventUtc: row.event_utc,
      eventSource: row.event_source ?? 'none',
      acquiredAt: row.acquired_at,
      lat: row.lat,
      lon: row.lon,
      distanceM: distance,
      withinWindow,
      flags: [...flags],
      tags,
      grading: grading ? `${grading.source}${grading.intelligence}${grading.handling}` : null,
      thumbSha256: thumb,
      withdrawn: row.withdrawn_at !== null,
      haystack: [name, row.original_name, row.source_url, row.post_text, row.notes, ...tags].filter(Boolean).join('\n').toLowerCase(),
    };
  });
}

/** Keeps the rows that pass every set part of the filter. */
export function applyFilter<T extends SearchableSummary>(rows: T[], filter: ItemFilter = {}): T[] {
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const kinds = filter.kinds?.length ? new Set<string>(filter.kinds) : null;
  const platforms = filter.platforms?.length ? new Set(filter.platforms) : null;
  const tags = filter.tags?.length ? filter.tags : null;
  const flags = filter.flags?.length ? filter.flags : null;
  const from = filter.from ? Date.parse(filter.from) : null;
  const to = filter.to ? Date.parse(filter.to) : null;
  const includeWithdrawn = filter.includeWithdrawn ?? true;
  return rows.filter((row) => {
    if (!includeWithdrawn && row.withdrawn) return false;
    if (kinds && !kinds.has(row.kind)) return false;
    if (platforms && !platforms.has(row.platform ?? '')) return false;
    if (tags && !tags.some((tag) => row.tags.includes(tag))) return false;
    if (flags && !flags.some((flag) => row.flags.includes(flag))) return false;
    if (from !== null || to !== null) {
      if (!row.eventUtc) return false;
      const at = Date.parse(row.eventUtc);
      if ((from !== null && at < from) || (to !== null && at > to)) return false;
    }
    if (filter.maxDistanceM !== undefined && (row.distanceM === null || row.distanceM > filter.maxDistanceM)) return false;
    return words.every((word) => row.haystack.includes(word));
  });
}

/** How many rows hold each value, most common first. */
export function facet(rows: SearchableSummary[], values: (row: SearchableSummary) => (string | null)[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const value of values(row)) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** A summary row as sent to the UI (without its search text). */
export function publicSummary(row: SearchableSummary): ItemSummary {
  const { haystack: _haystack, ...summary } = row;
  return summary;
}
