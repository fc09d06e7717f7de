import { randomUUID } from 'node:crypto';
import { UNTRIAGED, type Artifact, type EventTime, type Grading, type Item, type ItemKind, type Location, type Post, type Triage, type TriageStatus } from '../domain/item.js';
import { itemState } from '../custody/covered-state.js';
import type { CustodyAction } from '../custody/chain.js';
import type { CustodyLedger, ItemRepository } from '../store/repositories.js';
import { jsonText, parseJsonText, ROWS_PER_STATEMENT, type SqlExecutor, type SqlValue } from '../store/sql.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { GoldenHourError } from '../util/errors.js';
import { boundMetadata } from './bounded-metadata.js';

/** A blob already in the vault, to be recorded (stored once, shared by any items that hold it). */
export interface BlobRecord {
  sha256: string;
  size: number;
  mediaType: string;
}

/** The error for an item id that names no item (also what a team server answers for an item of a case the user is not on). */
export function noSuchItem(itemId: number): GoldenHourError {
  return new GoldenHourError('not-found', `No item with id ${itemId}`);
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
  /** Status and assignee (changed through `setTriage`, which records what it was and what it became). */
  triage?: Triage;
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

/** The columns a new item's row is written with (`itemValues` gives their values). */
const ITEM_COLUMNS = ['uuid', 'case_id', 'kind', 'sha256', 'size', 'media_type', 'original_name', 'source_path', 'source_url', 'parent_id',
  'acquired_at', 'acquired_by', 'title', 'event_time', 'event_utc', 'location', 'lat', 'lon', 'metadata', 'post', 'capture', 'flags'];

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
  triage_status: TriageStatus;
  assignee: string | null;
}

/** A change of triage: either part, or both; what is left out stays as it is. */
export interface TriageChange {
  status?: TriageStatus;
  /** A name, or null to unassign. */
  assignee?: string | null;
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
 * Items in SQL (both backends). Items are never deleted; every insert and change runs in the
 * unit of work that appends the custody entry recording it, carrying the item's covered state.
 */
export class SqlItemRepository implements ItemRepository {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly ledger: CustodyLedger,
    private readonly clock: Clock,
  ) {}

  /** Records a blob row (once per content). */
  /** Blob rows for these files (each once; a blob already known is left as it is), many rows a statement. */
  private async recordBlobs(files: BlobRecord[]): Promise<void> {
    const first = new Map<string, BlobRecord>();
    for (const blob of files) if (!first.has(blob.sha256)) first.set(blob.sha256, blob);
    const blobs = [...first.values()];
    const storedAt = isoUtc(this.clock.now());
    for (let start = 0; start < blobs.length; start += ROWS_PER_STATEMENT) {
      const batch = blobs.slice(start, start + ROWS_PER_STATEMENT);
      await this.sql.run(`INSERT INTO blobs (sha256, size, media_type, stored_at) VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        batch.flatMap((blob) => [blob.sha256, blob.size, blob.mediaType, storedAt]));
    }
  }

  async insert(input: NewItem, operator: string, details: Record<string, unknown> = {}, action: CustodyAction = 'item acquired'): Promise<Item> {
    await this.recordBlobs([input]);
    const inserted = await this.sql.get<{ id: number }>(
      `INSERT INTO items (${ITEM_COLUMNS.join(', ')}) VALUES (${ITEM_COLUMNS.map(() => '?').join(', ')}) RETURNING id`,
      this.itemValues(input, randomUUID(), operator));
    const id = Number(inserted!.id);
    await this.insertArtifacts((input.artifacts ?? []).map((artifact) => ({ itemId: id, artifact })));
    const item = await this.get(id);
    await this.ledger.append({ caseId: item.caseId, operator, action, itemId: id, details: { ...details, state: itemState(item) } });
    return item;
  }

  async insertMany(inputs: NewItem[], operator: string, details: Record<string, unknown> = {}, action: CustodyAction = 'item acquired'): Promise<Item[]> {
    const items: Item[] = [];
    for (let start = 0; start < inputs.length; start += ROWS_PER_STATEMENT) {
      const batch = inputs.slice(start, start + ROWS_PER_STATEMENT);
      await this.recordBlobs(batch);
      const uuids = batch.map(() => randomUUID());
      const rows = await this.sql.all<{ id: number; uuid: string }>(
        `INSERT INTO items (${ITEM_COLUMNS.join(', ')}) VALUES ${batch.map(() => `(${ITEM_COLUMNS.map(() => '?').join(', ')})`).join(', ')} RETURNING id, uuid`,
        batch.flatMap((input, i) => this.itemValues(input, uuids[i]!, operator)));
      const idOf = new Map(rows.map((row) => [row.uuid, Number(row.id)]));
      const ids = uuids.map((uuid) => idOf.get(uuid)!);
      await this.insertArtifacts(batch.flatMap((input, i) => (input.artifacts ?? []).map((artifact) => ({ itemId: ids[i]!, artifact }))));
      // Read back as `get` reads an item, so each entry covers the item as stored.
      const inserted = await this.hydrate(await this.sql.all<ItemRow>(`SELECT * FROM items WHERE ${this.sql.dialect.inIdList('id')} ORDER BY id`, [JSON.stringify(ids)]));
      const position = new Map(ids.map((id, i) => [id, i]));
      inserted.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
      await this.ledger.appendMany(inserted.map((item) => ({ caseId: item.caseId, operator, action, itemId: item.id, details: { ...details, state: itemState(item) } })));
      items.push(...inserted);
    }
    return items;
  }

  /** An item row's values in ITEM_COLUMNS order. */
  private itemValues(input: NewItem, uuid: string, operator: string): SqlValue[] {
    return [uuid, input.caseId, input.kind, input.sha256, input.size, input.mediaType, input.originalName ?? null,
      input.sourcePath ?? null, input.sourceUrl ?? null, input.parentId ?? null, input.acquiredAt ?? isoUtc(this.clock.now()),
      operator, input.title ?? null, jsonText(input.eventTime), input.eventTime?.utc ?? null, jsonText(input.location),
      input.location?.lat ?? null, input.location?.lon ?? null, jsonText(boundMetadata(input.metadata)), jsonText(input.post), jsonText(input.capture),
      JSON.stringify(input.flags ?? [])];
  }

  /** Artifact rows (and their files' blob rows), many rows a statement. */
  private async insertArtifacts(artifacts: { itemId: number; artifact: Artifact }[]): Promise<void> {
    await this.recordBlobs(artifacts.map(({ artifact }) => artifact));
    for (let start = 0; start < artifacts.length; start += ROWS_PER_STATEMENT) {
      const batch = artifacts.slice(start, start + ROWS_PER_STATEMENT);
      await this.sql.run(`INSERT INTO artifacts (item_id, role, sha256, size, media_type, derived) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        batch.flatMap(({ itemId, artifact }) => [itemId, artifact.role, artifact.sha256, artifact.size, artifact.mediaType, artifact.derived ? 1 : 0]));
    }
  }

  async update(itemId: number, patch: ItemPatch, operator: string, action: CustodyAction, details: Record<string, unknown> = {}): Promise<Item> {
    const before = await this.get(itemId);
    const columns = patchColumns(patch);
    if (columns.length > 0) {
      await this.sql.run(`UPDATE items SET ${columns.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`,
        [...columns.map(([, value]) => value), itemId]);
    }
    await this.insertArtifacts((patch.addArtifacts ?? []).map((artifact) => ({ itemId, artifact })));
    const after = await this.get(itemId);
    await this.ledger.append({ caseId: before.caseId, operator, action, itemId, details: { ...details, state: itemState(after) } });
    return after;
  }

  async setTriage(itemId: number, change: TriageChange, operator: string): Promise<{ item: Item; changed: boolean }> {
    const before = await this.get(itemId);
    const assignee = change.assignee === undefined ? before.triage.assignee : normalAssignee(change.assignee);
    const to: Triage = { status: change.status ?? before.triage.status, assignee };
    if (to.status === before.triage.status && to.assignee === before.triage.assignee) return { item: before, changed: false };
    const item = await this.update(itemId, { triage: to }, operator, 'item triaged', { from: before.triage, to });
    return { item, changed: true };
  }

  async withdraw(itemId: number, reason: string, operator: string): Promise<Item> {
    if (reason.trim() === '') throw new GoldenHourError('invalid-input', 'Expected a reason for withdrawing the item but received an empty one');
    const before = await this.get(itemId);
    if (before.withdrawn) throw new GoldenHourError('conflict', `Item ${itemId} was already withdrawn on ${before.withdrawn.at}`);
    await this.sql.run('UPDATE items SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? WHERE id = ?',
      [isoUtc(this.clock.now()), operator, reason.trim(), itemId]);
    const after = await this.get(itemId);
    await this.ledger.append({ caseId: after.caseId, operator, action: 'item withdrawn', itemId, details: { reason: reason.trim(), state: itemState(after) } });
    return after;
  }

  async get(itemId: number): Promise<Item> {
    const row = await this.sql.get<ItemRow>('SELECT * FROM items WHERE id = ?', [itemId]);
    if (!row) throw noSuchItem(itemId);
    return (await this.hydrate([row]))[0] as Item;
  }

  async list(caseId: number, query: ItemQuery = {}): Promise<Item[]> {
    const where = ['case_id = ?'];
    const values: SqlValue[] = [caseId];
    if (!query.includeWithdrawn) where.push('withdrawn_at IS NULL');
    if (query.parentId !== undefined) {
      where.push('parent_id = ?');
      values.push(query.parentId);
    }
    if (query.ids !== undefined) {
      where.push(this.sql.dialect.inIdList('id'));
      values.push(JSON.stringify(query.ids));
    }
    return this.hydrate(await this.sql.all<ItemRow>(`SELECT * FROM items WHERE ${where.join(' AND ')} ORDER BY id`, values));
  }

  async ids(caseId: number): Promise<number[]> {
    return (await this.sql.all<{ id: number }>('SELECT id FROM items WHERE case_id = ? ORDER BY id', [caseId])).map((row) => row.id);
  }

  async findBySource(caseId: number, sourcePath: string, sha256: string): Promise<Item | null> {
    const row = await this.sql.get<ItemRow>('SELECT * FROM items WHERE case_id = ? AND source_path = ? AND sha256 = ? ORDER BY id LIMIT 1',
      [caseId, sourcePath, sha256]);
    return row ? ((await this.hydrate([row]))[0] as Item) : null;
  }

  async insertFromSource(input: NewItem & { sourcePath: string }, operator: string, details: Record<string, unknown> = {}): Promise<{ item: Item; created: boolean }> {
    // The case's row is held (FOR UPDATE on PostgreSQL; SQLite's write unit holds the database) before looking.
    await this.sql.get(`SELECT id FROM cases WHERE id = ?${this.sql.dialect.lockRow}`, [input.caseId]);
    const present = await this.findBySource(input.caseId, input.sourcePath, input.sha256);
    if (present) return { item: present, created: false };
    return { item: await this.insert(input, operator, details), created: true };
  }

  async withLocalTimes(caseId: number): Promise<Item[]> {
    // A cheap first cut on the JSON text (the same on both backends); replaceLocalTime decides.
    const rows = await this.sql.all<ItemRow>(
      `SELECT * FROM items WHERE case_id = ? AND (event_time LIKE '%"exif-local"%' OR event_time LIKE '%"unplacedLocal"%') ORDER BY id`, [caseId]);
    return this.hydrate(rows);
  }

  async findByContent(caseId: number, sha256: string): Promise<Item | null> {
    const row = await this.sql.get<ItemRow>('SELECT * FROM items WHERE case_id = ? AND sha256 = ? ORDER BY id LIMIT 1', [caseId, sha256]);
    return row ? ((await this.hydrate([row]))[0] as Item) : null;
  }

  async storedColumns(caseId: number): Promise<{ items: StoredItemColumns[]; blobs: StoredBlobColumns[] }> {
    const items = await this.sql.all<StoredItemColumns>('SELECT id, event_utc AS "eventUtc", lat, lon FROM items WHERE case_id = ? ORDER BY id', [caseId]);
    const blobs = await this.sql.all<StoredBlobColumns>(
      `SELECT sha256, size, media_type AS "mediaType" FROM blobs WHERE sha256 IN (
         SELECT sha256 FROM items WHERE case_id = ? UNION
         SELECT a.sha256 FROM artifacts a JOIN items i ON i.id = a.item_id WHERE i.case_id = ?)`, [caseId, caseId]);
    return { items, blobs };
  }

  async namedBlobs(): Promise<Set<string>> {
    const rows = await this.sql.all<{ sha256: string }>('SELECT sha256 FROM items UNION SELECT sha256 FROM artifacts');
    return new Set(rows.map((row) => row.sha256));
  }

  private async hydrate(rows: ItemRow[]): Promise<Item[]> {
    if (rows.length === 0) return [];
    const artifactRows = await this.sql.all<ArtifactRow>(
      `SELECT * FROM artifacts WHERE ${this.sql.dialect.inIdList('item_id')} ORDER BY item_id, role, sha256`,
      [JSON.stringify(rows.map((row) => row.id))]);
    const byItem = new Map<number, Artifact[]>();
    for (const a of artifactRows) {
      const list = byItem.get(a.item_id) ?? [];
      list.push({ role: a.role, sha256: a.sha256, size: a.size, mediaType: a.media_type, derived: a.derived === 1 });
      byItem.set(a.item_id, list);
    }
    return rows.map((row) => rowToItem(row, byItem.get(row.id) ?? []));
  }
}

/** The columns a patch sets, with their stored values (JSON as text, with the derived columns beside it). */
function patchColumns(patch: ItemPatch): [string, SqlValue][] {
  const columns: [string, SqlValue][] = [];
  if (patch.title !== undefined) columns.push(['title', patch.title]);
  if (patch.eventTime !== undefined) columns.push(['event_time', jsonText(patch.eventTime)], ['event_utc', patch.eventTime?.utc ?? null]);
  if (patch.location !== undefined) {
    columns.push(['location', jsonText(patch.location)], ['lat', patch.location?.lat ?? null], ['lon', patch.location?.lon ?? null]);
  }
  if (patch.metadata !== undefined) columns.push(['metadata', jsonText(boundMetadata(patch.metadata))]);
  if (patch.post !== undefined) columns.push(['post', jsonText(patch.post)]);
  if (patch.capture !== undefined) columns.push(['capture', jsonText(patch.capture)]);
  if (patch.flags !== undefined) columns.push(['flags', JSON.stringify([...new Set(patch.flags)])]);
  if (patch.notes !== undefined) columns.push(['notes', patch.notes]);
  if (patch.tags !== undefined) columns.push(['tags', JSON.stringify([...new Set(patch.tags)])]);
  if (patch.grading !== undefined) columns.push(['grading', jsonText(patch.grading)]);
  if (patch.triage !== undefined) columns.push(['triage_status', patch.triage.status], ['assignee', normalAssignee(patch.triage.assignee)]);
  return columns;
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
    eventTime: parseJsonText<EventTime>(row.event_time),
    location: parseJsonText<Location>(row.location),
    metadata: parseJsonText<Record<string, unknown>>(row.metadata),
    post: parseJsonText<Post>(row.post),
    capture: parseJsonText<Record<string, unknown>>(row.capture),
    flags: parseJsonText<string[]>(row.flags) ?? [],
    notes: row.notes,
    tags: parseJsonText<string[]>(row.tags) ?? [],
    grading: parseJsonText<Grading>(row.grading),
    withdrawn: row.withdrawn_at !== null
      ? { at: row.withdrawn_at, by: row.withdrawn_by ?? '', reason: row.withdrawn_reason ?? '' }
      : null,
    triage: { status: row.triage_status ?? UNTRIAGED.status, assignee: row.assignee ?? null },
    artifacts,
  };
}

/** An assignee as stored: trimmed, and an empty name is no one. Refuses a name too long to be one. */
function normalAssignee(name: string | null): string | null {
  const trimmed = name?.trim() ?? '';
  if (trimmed.length > 200) throw new GoldenHourError('invalid-input', `Expected an assignee name of at most 200 characters but received ${trimmed.length}`);
  return trimmed === '' ? null : trimmed;
}
