import type { TriageStatus } from '../domain/item.js';
import type { BlobRecord } from '../items/item-repository.js';
import type { ReviewRepository } from '../store/repositories.js';
import type { SqlExecutor } from '../store/sql.js';

/** The columns of one item that the evidence grid, timeline and map need. */
export interface SummaryRow {
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
  parent_id: number | null;
  triage_status: TriageStatus;
  assignee: string | null;
  /** The picture shown for the item: a derived thumbnail, else a derived preview, else a page screenshot. */
  thumb: string | null;
}

/** What a text search reads beyond the summary row. */
export interface ItemSearchText {
  id: number;
  notes: string;
  postText: string | null;
}

/**
 * Review reads in SQL (both backends). On SQLite the summary is served from the covering index
 * items_summary (migration 0003), so 50,000 rows are read without touching the items' bulky JSON.
 */
export class SqlReviewRepository implements ReviewRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async summaryRows(caseId: number, ids?: number[]): Promise<SummaryRow[]> {
    const { jsonField, inIdList } = this.sql.dialect;
    const columns = `
      SELECT i.id, i.kind, i.title, i.original_name, i.source_url, i.media_type, i.sha256, i.event_utc,
        ${jsonField('i.event_time', 'source')} AS event_source, i.acquired_at, i.lat, i.lon, i.flags, i.tags,
        i.grading, ${jsonField('i.post', 'platform')} AS platform, i.withdrawn_at, i.parent_id, i.triage_status, i.assignee,
        (SELECT a.sha256 FROM artifacts a WHERE a.item_id = i.id AND a.media_type LIKE 'image/%'
           AND (a.derived = 1 OR a.role LIKE '%screenshot%')
         ORDER BY (a.role LIKE '%thumb%') DESC, a.derived DESC, a.size LIMIT 1) AS thumb
      FROM items i WHERE i.case_id = ?`;
    return ids === undefined
      ? this.sql.all<SummaryRow>(`${columns} ORDER BY i.id`, [caseId])
      : this.sql.all<SummaryRow>(`${columns} AND ${inIdList('i.id')} ORDER BY i.id`, [caseId, JSON.stringify(ids)]);
  }

  async searchTexts(caseId: number, ids: number[]): Promise<ItemSearchText[]> {
    const { jsonField, inIdList } = this.sql.dialect;
    const rows = await this.sql.all<{ id: number; notes: string; post_text: string | null }>(
      `SELECT id, notes, ${jsonField('post', 'text')} AS post_text FROM items WHERE case_id = ? AND ${inIdList('id')}`,
      [caseId, JSON.stringify(ids)]);
    return rows.map((row) => ({ id: row.id, notes: row.notes, postText: row.post_text }));
  }

  async blob(sha256: string): Promise<BlobRecord | null> {
    const row = await this.sql.get<{ sha256: string; size: number; media_type: string }>('SELECT sha256, size, media_type FROM blobs WHERE sha256 = ?', [sha256]);
    return row ? { sha256: row.sha256, size: row.size, mediaType: row.media_type } : null;
  }
}
