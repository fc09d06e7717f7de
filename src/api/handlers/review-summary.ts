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
  platform: string | null;
  withdrawn_at: string | null;
  thumb: string | null;
}

/** Images a browser shows safely as they are, used as their own thumbnail when none is derived. */
const SELF_THUMB_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

// Served from the covering index items_summary (migration 0003), so 50,000 rows are read without
// touching the items' bulky JSON. The thumbnail is the derived thumbnail if any, else a derived
// preview image, else a page screenshot.
const SUMMARY_COLUMNS = `
  SELECT i.id, i.kind, i.title, i.original_name, i.source_url, i.media_type, i.sha256, i.event_utc,
    json_extract(i.event_time, '$.source') AS event_source, i.acquired_at, i.lat, i.lon, i.flags, i.tags,
    i.grading, json_extract(i.post, '$.platform') AS platform, i.withdrawn_at,
    (SELECT a.sha256 FROM artifacts a WHERE a.item_id = i.id AND a.media_type LIKE 'image/%'
       AND (a.derived = 1 OR a.role LIKE '%screenshot%')
     ORDER BY (a.role LIKE '%thumb%') DESC, a.derived DESC, a.size LIMIT 1) AS thumb
  FROM items i`;
const ALL_SQL = `${SUMMARY_COLUMNS} WHERE i.case_id = ? ORDER BY i.id`;
const SOME_SQL = `${SUMMARY_COLUMNS} WHERE i.case_id = ? AND i.id IN (SELECT value FROM json_each(?)) ORDER BY i.id`;

function toSummary(row: SummaryRow, c: Case): ItemSummary {
  const incident = c.incidentTime ? Date.parse(c.incidentTime) : null;
  const at = row.event_utc ? Date.parse(row.event_utc) : null;
  const withinWindow = at === null || incident === null ? null : at >= incident - c.window.beforeMin * 60_000 && at <= incident + c.window.afterMin * 60_000;
  const distance = c.scene && row.lat !== null && row.lon !== null ? Math.round(distanceM(c.scene, { lat: row.lat, lon: row.lon })) : null;
  const grading = row.grading ? (JSON.parse(row.grading) as { source: string; intelligence: string; handling: string }) : null;
  const flags = new Set(JSON.parse(row.flags) as string[]);
  if (at === null) flags.add('no-time');
  if (withinWindow === false) flags.add('outside-window');
  if (distance !== null && c.scene && distance > c.scene.radiusM) flags.add('outside-radius');
  if (row.withdrawn_at) flags.add('withdrawn');
  if (!grading) flags.add('ungraded');
  return {
    id: row.id,
    kind: row.kind,
    name: row.title ?? row.original_name ?? row.source_url ?? `item ${row.id}`,
    platform: row.platform,
    eventUtc: row.event_utc,
    eventSource: row.event_source ?? 'none',
    acquiredAt: row.acquired_at,
    lat: row.lat,
    lon: row.lon,
    distanceM: distance,
    withinWindow,
    flags: [...flags],
    tags: JSON.parse(row.tags) as string[],
    grading: grading ? `${grading.source}${grading.intelligence}${grading.handling}` : null,
    thumbSha256: row.thumb ?? (SELF_THUMB_TYPES.has(row.media_type) ? row.sha256 : null),
    withdrawn: row.withdrawn_at !== null,
  };
}

interface CachedCase {
  /** The case's ledger position when read: every item change moves it (same transaction). */
  seq: number;
  caseKey: string;
  rows: ItemSummary[];
  /** Search text per item (names, URL, post text, notes, tags), loaded on the first text search. */
  haystacks: Map<number, string> | null;
  sourceUrls: Map<number, string | null>;
}

/**
 * Summary rows of a case, cached per database and case and kept current from the custody
 * ledger: entries since the cached position name the items that changed, and only those are
 * read again. A change to the case itself (scene, time, window) reads everything again.
 */
export class SummaryCache {
  private readonly cases = new Map<number, CachedCase>();

  constructor(private readonly db: CaseDatabase) {}

  rows(c: Case): ItemSummary[] {
    const seq = (this.db.prepare('SELECT ledger_seq FROM cases WHERE id = ?').get(c.id) as { ledger_seq: number }).ledger_seq;
    const caseKey = JSON.stringify([c.scene, c.incidentTime, c.window]);
    const cached = this.cases.get(c.id);
    if (cached && cached.caseKey === caseKey && cached.seq === seq) return cached.rows;
    if (cached && cached.caseKey === caseKey) {
      const changed = this.db.prepare('SELECT DISTINCT item_id FROM custody WHERE case_id = ? AND seq > ? AND item_id IS NOT NULL').all(c.id, cached.seq) as { item_id: number }[];
      const fresh = this.read(SOME_SQL, c, JSON.stringify(changed.map((row) => row.item_id)));
      const byId = new Map(cached.rows.map((row) => [row.id, row]));
      for (const row of fresh) {
        byId.set(row.id, toSummary(row, c));
        cached.haystacks?.delete(row.id);
        cached.sourceUrls.set(row.id, row.source_url);
      }
      const rows = [...byId.values()].sort((a, b) => a.id - b.id);
      this.cases.set(c.id, { ...cached, seq, rows });
      return rows;
    }
    const all = this.read(ALL_SQL, c);
    const rows = all.map((row) => toSummary(row, c));
    this.cases.set(c.id, { seq, caseKey, rows, haystacks: null, sourceUrls: new Map(all.map((row) => [row.id, row.source_url])) });
    return rows;
  }

  private read(sql: string, c: Case, ids?: string): SummaryRow[] {
    return (ids === undefined ? this.db.prepare(sql).all(c.id) : this.db.prepare(sql).all(c.id, ids)) as SummaryRow[];
  }

  /** The search text of each item of a case (read once, then kept current with the rows). */
  haystacks(c: Case): Map<number, string> {
    const cached = this.cases.get(c.id);
    if (!cached) return new Map();
    cached.haystacks ??= new Map();
    const missing = cached.rows.filter((row) => !cached.haystacks?.has(row.id));
    if (missing.length > 0) {
      const extra = this.db
        .prepare(`SELECT id, notes, json_extract(post, '$.text') AS post_text FROM items WHERE case_id = ? AND id IN (SELECT value FROM json_each(?))`)
        .all(c.id, JSON.stringify(missing.map((row) => row.id))) as { id: number; notes: string; post_text: string | null }[];
      const byId = new Map(extra.map((row) => [row.id, row]));
      for (const row of missing) {
        const more = byId.get(row.id);
        cached.haystacks.set(row.id, [row.name, cached.sourceUrls.get(row.id), more?.post_text, more?.notes, ...row.tags].filter(Boolean).join('\n').toLowerCase());
      }
    }
    return cached.haystacks;
  }
}

/** Keeps the rows that pass every set part of the filter (text through `haystack`, read only when searched). */
export function applyFilter(rows: ItemSummary[], filter: ItemFilter = {}, haystack: () => Map<number, string> = () => new Map()): ItemSummary[] {
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const texts = words.length > 0 ? haystack() : null;
  const kinds = filter.kinds?.length ? new Set<string>(filter.kinds) : null;
  const platforms = filter.platforms?.length ? new Set(filter.platforms) : null;
  const tags = filter.tags?.length ? filter.tags : null;
  const flags = filter.flags?.length ? filter.flags : null;
  const from = filter.from ? Date.parse(filter.from) : null;
  const to = filter.to ? Date.parse(filter.to) : null;
  const includeWithdrawn = filter.includeWithdrawn ?? true;
  const ids = filter.ids ? new Set(filter.ids) : null;
  return rows.filter((row) => {
    if (ids && !ids.has(row.id)) return false;
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
    if (texts) {
      const text = texts.get(row.id) ?? '';
      return words.every((word) => text.includes(word));
    }
    return true;
  });
}

/** How many rows hold each value, most common first. */
export function facet(rows: ItemSummary[], values: (row: ItemSummary) => (string | null)[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const value of values(row)) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
