import { randomUUID } from 'node:crypto';
import type { CaseDatabase } from '../db/database.js';
import type { Artifact, EventTime, Grading, Item, ItemKind, Location, Post } from '../domain/item.js';
import { itemState } from '../custody/covered-state.js';
import type { CustodyAction } from '../custody/chain.js';
import type { CustodyLedger } from '../custody/ledger.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { GoldenHourError } from '../util/errors.js';
import { boundMetadata } from './bounded-metadata.js';

/** A blob already in the vault, to be recorded (stored once, shared by any items that hold it). */
export interface BlobRecord {
  sha256: string;
  size: number;
  mediaType: string;
}

/** What recording a new item takes. */
export interface NewItem extends BlobRecord {
  caseId: number;
  kind: ItemKind;
  originalName?: string | null;
  sourcePath?: string | null;
  sourceUrl?: string | null;
  parentId?: number | null;
  title?: string | null;
  /** When it was acquired; defaults to now. */
  acquiredAt?: string;
  eventTime?: EventTime | null;
  location?: Location | null;
  metadata?: Record<string, unknown> | null;
  post?: Post | null;
  capture?: Record<string, unknown> | null;
  flags?: string[];
  artifacts?: Artifact[];
}

/** The fields of an item that later work may change; each change goes into the ledger. */
export interface ItemPatch {
  title?: string | null;
  eventTime?: EventTime | null;
  location?: Location | null;
  metadata?: Record<string, unknown> | null;
  post?: Post | null;
  capture?: Record<string, unknown> | null;
  flags?: string[];
  notes?: string;
  tags?: string[];
  grading?: Grading | null;
  /** Attached files to add (existing ones are kept). */
  addArtifacts?: Artifact[];
}

/** An item's index columns as stored (derived from its covered event time and place). */
export interface StoredItemColumns {
  id: number;
  eventUtc: string | null;
  lat: number | null;
  lon: number | null;
}

/** A blob row as stored (its size and media type, derived from what items recorded). */
export interface StoredBlobColumns {
  sha256: string;
  size: number;
  mediaType: string;
}

/** Filters for listing items. */
export interface ItemQuery {
  includeWithdrawn?: boolean;
  parentId?: number;
  ids?: number[];
}

interface ItemRow {
  id: number;
  uuid: string;
  case_id: number;
  kind: ItemKind;
  sha256: string;
  size: number;
  media_type: string;
  original_name: string | null;
  source_path: string | null;
  source_url: string | null;
  parent_id: number | null;
  acquired_at: string;
  acquired_by: string;
  title: string | null;
  event_time: string | null;
  location: string | null;
  metadata: string | null;
  post: string | null;
  capture: string | null;
  flags: string;
  notes: string;
  tags: string;
  grading: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

interface ArtifactRow {
  item_id: number;
  role: string;
  sha256: string;
  size: number;
  media_type: string;
  derived: number;
}

/**
 * Items in the case database. Items are never deleted; every insert and change runs in one
 * transaction with the custody entry that records it, carrying the item's covered state.
 */
export class ItemRepository {
  constructor(
    private readonly db: CaseDatabase,
    private readonly ledger: CustodyLedger,
    private readonly clock: Clock,
  ) {}

  /** Records a blob row (once per content). Must run inside a transaction. */
  private recordBlob(blob: BlobRecord): void {
    this.db
      .prepare('INSERT OR IGNORE INTO blobs (sha256, size, media_type, stored_at) VALUES (?, ?, ?, ?)')
      .run(blob.sha256, blob.size, blob.mediaType, isoUtc(this.clock.now()));
  }

  /** Records a new item and its `item acquired` custody entry, atomically. */
  insert(input: NewItem, operator: string, details: Record<string, unknown> = {}, action: CustodyAction = 'item acquired'): Item {
    return this.db.transaction(() => {
      this.recordBlob(input);
      const result = this.db
        .prepare(
          `INSERT INTO items (uuid, case_id, kind, sha256, size, media_type, original_name, source_path, source_url, parent_id,
             acquired_at, acquired_by, title, event_time, event_utc, location, lat, lon, metadata, post, capture, flags)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(randomUUID(), input.caseId, input.kind, input.sha256, input.size, input.mediaType, input.originalName ?? null,
          input.sourcePath ?? null, input.sourceUrl ?? null, input.parentId ?? null, input.acquiredAt ?? isoUtc(this.clock.now()),
          operator, input.title ?? null, json(input.eventTime), input.eventTime?.utc ?? null, json(input.location),
          input.location?.lat ?? null, input.location?.lon ?? null, json(boundMetadata(input.metadata)), json(input.post), json(input.capture),
          JSON.stringify(input.flags ?? []));
      const id = Number(result.lastInsertRowid);
      this.insertArtifacts(id, input.artifacts ?? []);
      const item = this.get(id);
      this.ledger.append({ caseId: item.caseId, operator, action, itemId: id, details: { ...details, state: itemState(item) } });
      return item;
    }).immediate();
  }

  private insertArtifacts(itemId: number, artifacts: Artifact[]): void {
    const statement = this.db.prepare(
      'INSERT OR IGNORE INTO artifacts (item_id, role, sha256, size, media_type, derived) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const artifact of artifacts) {
      this.recordBlob(artifact);
      statement.run(itemId, artifact.role, artifact.sha256, artifact.size, artifact.mediaType, artifact.derived ? 1 : 0);
    }
  }

  /** Changes an item and records the change (with the new covered state) in the ledger. */
  update(itemId: number, patch: ItemPatch, operator: string, action: CustodyAction, details: Record<string, unknown> = {}): Item {
    return this.db.transaction(() => {
      const before = this.get(itemId);
      const columns: string[] = [];
      const values: unknown[] = [];
      const set = (column: string, value: unknown) => {
        columns.push(`${column} = ?`);
        values.push(value);
      };
      if (patch.title !== undefined) set('title', patch.title);
      if (patch.eventTime !== undefined) {
        set('event_time', json(patch.eventTime));
        set('event_utc', patch.eventTime?.utc ?? null);
      }
      if (patch.location !== undefined) {
        set('location', json(patch.location));
        set('lat', patch.location?.lat ?? null);
        set('lon', patch.location?.lon ?? null);
      }
      if (patch.metadata !== undefined) set('metadata', json(boundMetadata(patch.metadata)));
      if (patch.post !== undefined) set('post', json(patch.post));
      if (patch.capture !== undefined) set('capture', json(patch.capture));
      if (patch.flags !== undefined) set('flags', JSON.stringify([...new Set(patch.flags)]));
      if (patch.notes !== undefined) set('notes', patch.notes);
      if (patch.tags !== undefined) set('tags', JSON.stringify([...new Set(patch.tags)]));
      if (patch.grading !== undefined) set('grading', json(patch.grading));
      if (columns.length > 0) this.db.prepare(`UPDATE items SET ${columns.join(', ')} WHERE id = ?`).run(...values, itemId);
      this.insertArtifacts(itemId, patch.addArtifacts ?? []);
      const after = this.get(itemId);
      this.ledger.append({ caseId: before.caseId, operator, action, itemId, details: { ...details, state: itemState(after) } });
      return after;
    }).immediate();
  }

  /** Withdraws an item: it stays, with who withdrew it, when and why. */
  withdraw(itemId: number, reason: string, operator: string): Item {
    if (reason.trim() === '') throw new GoldenHourError('invalid-input', 'Expected a reason for withdrawing the item but received an empty one');
    return this.db.transaction(() => {
      const before = this.get(itemId);
      if (before.withdrawn) throw new GoldenHourError('conflict', `Item ${itemId} was already withdrawn on ${before.withdrawn.at}`);
      this.db
        .prepare('UPDATE items SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? WHERE id = ?')
        .run(isoUtc(this.clock.now()), operator, reason.trim(), itemId);
      const after = this.get(itemId);
      this.ledger.append({ caseId: after.caseId, operator, action: 'item withdrawn', itemId, details: { reason: reason.trim(), state: itemState(after) } });
      return after;
    }).immediate();
  }

  /** An item by id, or a `not-found` error. */
  get(itemId: number): Item {
    const row = this.db.prepare('SELECT * FROM items WHERE id = ?').get(itemId) as ItemRow | undefined;
    if (!row) throw new GoldenHourError('not-found', `No item with id ${itemId}`);
    return this.hydrate([row])[0] as Item;
  }

  /** The items of a case, by id. */
  list(caseId: number, query: ItemQuery = {}): Item[] {
    const where = ['case_id = ?'];
    const values: unknown[] = [caseId];
    if (!query.includeWithdrawn) where.push('withdrawn_at IS NULL');
    if (query.parentId !== undefined) {
      where.push('parent_id = ?');
      values.push(query.parentId);
    }
    if (query.ids !== undefined) {
      where.push(`id IN (SELECT value FROM json_each(?))`);
      values.push(JSON.stringify(query.ids));
    }
    const rows = this.db.prepare(`SELECT * FROM items WHERE ${where.join(' AND ')} ORDER BY id`).all(...values) as ItemRow[];
    return this.hydrate(rows);
  }

  /** The item already recorded for this source path and content, if any (for resumable ingest). */
  findBySource(caseId: number, sourcePath: string, sha256: string): Item | null {
    const row = this.db
      .prepare('SELECT * FROM items WHERE case_id = ? AND source_path = ? AND sha256 = ? ORDER BY id LIMIT 1')
      .get(caseId, sourcePath, sha256) as ItemRow | undefined;
    return row ? (this.hydrate([row])[0] as Item) : null;
  }

  /**
   * The columns kept beside the covered JSON for indexes and queries (event time, place) and
   * the blob rows an item's files point to: verification recomputes them from the covered state.
   */
  storedColumns(caseId: number): { items: StoredItemColumns[]; blobs: StoredBlobColumns[] } {
    const items = this.db.prepare('SELECT id, event_utc AS eventUtc, lat, lon FROM items WHERE case_id = ? ORDER BY id').all(caseId) as StoredItemColumns[];
    const blobs = this.db.prepare(
      `SELECT sha256, size, media_type AS mediaType FROM blobs WHERE sha256 IN (
         SELECT sha256 FROM items WHERE case_id = ? UNION
         SELECT a.sha256 FROM artifacts a JOIN items i ON i.id = a.item_id WHERE i.case_id = ?)`,
    ).all(caseId, caseId) as StoredBlobColumns[];
    return { items, blobs };
  }

  /** Every content hash that an item or artifact, in any case, names. */
  namedBlobs(): Set<string> {
    const rows = this.db.prepare('SELECT sha256 FROM items UNION SELECT sha256 FROM artifacts').all() as { sha256: string }[];
    return new Set(rows.map((row) => row.sha256));
  }

  private hydrate(rows: ItemRow[]): Item[] {
    if (rows.length === 0) return [];
    const artifactRows = this.db
      .prepare('SELECT * FROM artifacts WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, role, sha256')
      .all(JSON.stringify(rows.map((row) => row.id))) as ArtifactRow[];
    const byItem = new Map<number, Artifact[]>();
    for (const a of artifactRows) {
      const list = byItem.get(a.item_id) ?? [];
      list.push({ role: a.role, sha256: a.sha256, size: a.size, mediaType: a.media_type, derived: a.derived === 1 });
      byItem.set(a.item_id, list);
    }
    return rows.map((row) => rowToItem(row, byItem.get(row.id) ?? []));
  }
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parse<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function rowToItem(row: ItemRow, artifacts: Artifact[]): Item {
  return {
    id: row.id,
    uuid: row.uuid,
    caseId: row.case_id,
    kind: row.kind,
    sha256: row.sha256,
    size: row.size,
    mediaType: row.media_type,
    originalName: row.original_name,
    sourcePath: row.source_path,
    sourceUrl: row.source_url,
    parentId: row.parent_id,
    acquiredAt: row.acquired_at,
    acquiredBy: row.acquired_by,
    title: row.title,
    eventTime: parse<EventTime>(row.event_time),
    location: parse<Location>(row.location),
    metadata: parse<Record<string, unknown>>(row.metadata),
    post: parse<Post>(row.post),
    capture: parse<Record<string, unknown>>(row.capture),
    flags: parse<string[]>(row.flags) ?? [],
    notes: row.notes,
    tags: parse<string[]>(row.tags) ?? [],
    grading: parse<Grading>(row.grading),
    withdrawn: row.withdrawn_at !== null
      ? { at: row.withdrawn_at, by: row.withdrawn_by ?? '', reason: row.withdrawn_reason ?? '' }
      : null,
    artifacts,
  };
}
