import type { Case } from '../domain/case.js';
import type { TriageStatus } from '../domain/item.js';
import { distanceM } from '../geo/geodesy.js';
import type { UnitOfWork } from '../store/repositories.js';
import type { SummaryRow } from './review-repository.js';

/** One row of the evidence grid: what a list of 50,000 needs, and nothing heavier (the API's `items.summary` row). */
export interface ItemSummary {
  id: number;
  kind: string;
  name: string;
  platform: string | null;
  eventUtc: string | null;
  eventSource: string;
  acquiredAt: string;
  lat: number | null;
  lon: number | null;
  distanceM: number | null;
  withinWindow: boolean | null;
  flags: string[];
  tags: string[];
  grading: string | null;
  /** SHA-256 of the picture to show in the grid (a derived thumbnail when there is one). */
  thumbSha256: string | null;
  withdrawn: boolean;
  /** The item it was made from (a page, for the media captured from it), or null. */
  parentId: number | null;
  /** Triage: where the item stands in review, and who it is assigned to. */
  status: TriageStatus;
  assignee: string | null;
}

/** Images a browser shows safely as they are, used as their own thumbnail when none is derived. */
const SELF_THUMB_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

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
    parentId: row.parent_id,
    status: row.triage_status,
    assignee: row.assignee,
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
 * Summary rows of each case, kept current from the custody ledger: entries since the cached
 * position name the items that changed, and only those are read again. A change to the case
 * itself (scene, time, window) reads everything again. One per core, built in `openCore`.
 */
export class SummaryCache {
  private readonly cases = new Map<number, CachedCase>();

  constructor(private readonly store: UnitOfWork) {}

  /** The summary rows of a case, by id, read from one snapshot. */
  rows(c: Case): Promise<ItemSummary[]> {
    return this.store.read(async (tx) => {
      const { seq } = await tx.ledger.head(c.id);
      const caseKey = JSON.stringify([c.scene, c.incidentTime, c.window]);
      const cached = this.cases.get(c.id);
      if (cached && cached.caseKey === caseKey && cached.seq === seq) return cached.rows;
      if (cached && cached.caseKey === caseKey) {
        const fresh = await tx.review.summaryRows(c.id, await tx.ledger.itemsChangedSince(c.id, cached.seq));
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
      const all = await tx.review.summaryRows(c.id);
      const rows = all.map((row) => toSummary(row, c));
      this.cases.set(c.id, { seq, caseKey, rows, haystacks: null, sourceUrls: new Map(all.map((row) => [row.id, row.source_url])) });
      return rows;
    });
  }

  /** The search text of each item of a case (read once, then kept current with the rows). */
  async haystacks(c: Case): Promise<Map<number, string>> {
    const cached = this.cases.get(c.id);
    if (!cached) return new Map();
    const haystacks = (cached.haystacks ??= new Map());
    const missing = cached.rows.filter((row) => !haystacks.has(row.id));
    if (missing.length > 0) {
      const extra = await this.store.read((tx) => tx.review.searchTexts(c.id, missing.map((row) => row.id)));
      const byId = new Map(extra.map((row) => [row.id, row]));
      for (const row of missing) {
        const more = byId.get(row.id);
        haystacks.set(row.id, [row.name, cached.sourceUrls.get(row.id), more?.postText, more?.notes, ...row.tags].filter(Boolean).join('\n').toLowerCase());
      }
    }
    return haystacks;
  }
}
