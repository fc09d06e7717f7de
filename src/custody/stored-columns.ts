import type { Item } from '../domain/item.js';
import type { StoredBlobColumns, StoredItemColumns } from '../items/item-repository.js';

/** A stored column that no longer agrees with the state the ledger covers. */
export interface ColumnProblem {
  itemId: number;
  sha256: string | null;
  field: string;
  problem: string;
}

const shown = (value: unknown) => (value === null || value === undefined ? 'none' : JSON.stringify(value));

/**
 * Recomputes the columns kept beside the covered state (the event time and place the timeline,
 * map and summary index read; each blob row's size and media type) from the items as the ledger
 * covers them, and names every column that differs, by item and field. An edit to
 * `items.event_utc` or `lat`/`lon` changes what the screens show without touching the covered
 * JSON, so without this check it would pass.
 */
export function checkStoredColumns(items: Item[], stored: { items: StoredItemColumns[]; blobs: StoredBlobColumns[] }): ColumnProblem[] {
  const problems: ColumnProblem[] = [];
  const byId = new Map(stored.items.map((row) => [row.id, row]));
  for (const item of items) {
    const row = byId.get(item.id);
    if (!row) continue;
    const expected = { eventUtc: item.eventTime?.utc ?? null, lat: item.location?.lat ?? null, lon: item.location?.lon ?? null };
    const columns = { eventUtc: 'event_utc', lat: 'lat', lon: 'lon' } as const;
    for (const field of ['eventUtc', 'lat', 'lon'] as const) {
      if (row[field] !== expected[field]) {
        problems.push({
          itemId: item.id, sha256: item.sha256, field,
          problem: `item ${item.id}'s stored ${field === 'eventUtc' ? 'event time' : field === 'lat' ? 'latitude' : 'longitude'} (${columns[field]}) is ${shown(row[field])}, but its recorded ${field === 'eventUtc' ? 'event time' : 'place'} gives ${shown(expected[field])}`,
        });
      }
    }
  }

  // Each blob row against the files items and artifacts recorded with that content.
  const recorded = new Map<string, { itemId: number; size: number; mediaTypes: Set<string> }>();
  const note = (sha256: string, itemId: number, size: number, mediaType: string) => {
    const entry = recorded.get(sha256) ?? { itemId, size, mediaTypes: new Set<string>() };
    entry.mediaTypes.add(mediaType);
    recorded.set(sha256, entry);
  };
  for (const item of items) {
    note(item.sha256, item.id, item.size, item.mediaType);
    for (const artifact of item.artifacts) note(artifact.sha256, item.id, artifact.size, artifact.mediaType);
  }
  const blobRows = new Set(stored.blobs.map((blob) => blob.sha256));
  for (const [sha256, expected] of recorded) {
    if (!blobRows.has(sha256)) {
      problems.push({ itemId: expected.itemId, sha256, field: 'blob', problem: `blob ${sha256} (item ${expected.itemId}) has no row in the blobs table` });
    }
  }
  for (const blob of stored.blobs) {
    const expected = recorded.get(blob.sha256);
    if (!expected) continue;
    if (blob.size !== expected.size) {
      problems.push({ itemId: expected.itemId, sha256: blob.sha256, field: 'blob.size',
        problem: `the stored size of blob ${blob.sha256} (item ${expected.itemId}) is ${blob.size} bytes, but the ledger recorded ${expected.size}` });
    }
    if (!expected.mediaTypes.has(blob.mediaType)) {
      problems.push({ itemId: expected.itemId, sha256: blob.sha256, field: 'blob.mediaType',
        problem: `the stored media type of blob ${blob.sha256} (item ${expected.itemId}) is ${shown(blob.mediaType)}, but the ledger recorded ${[...expected.mediaTypes].map(shown).join(' or ')}` });
    }
  }
  return problems;
}
