import type { Item, ItemComment } from '../../domain/item.js';
import type { ItemView } from '../../items/item-view.js';
import type { Vault } from '../../vault/vault.js';
import { blobPath, ITEMS_DIR, type ItemFileRef } from '../format/layout.js';
import type { ManifestFile } from '../format/manifest.js';

/** A vault blob to be written into the bundle. */
export interface PlannedBlob {
  path: string;
  sha256: string;
  size: number;
  mediaType: string;
  role: 'original' | 'artifact' | 'derived';
  itemIds: number[];
}

/**
 * The vault blobs a set of items brings: each original and artifact once (content shared by
 * several items is written once), evidence first and derived working copies after, each
 * group in path order so the zip's entry order never depends on the database's.
 */
export function planBlobs(items: Item[]): { blobs: PlannedBlob[]; refs: Map<number, ItemFileRef[]> } {
  const byPath = new Map<string, PlannedBlob>();
  const refs = new Map<number, ItemFileRef[]>();
  const add = (item: Item, role: string, sha256: string, size: number, mediaType: string, derived: boolean, kind: PlannedBlob['role']) => {
    const path = blobPath(sha256, mediaType, derived);
    const existing = byPath.get(path);
    if (existing) {
      if (!existing.itemIds.includes(item.id)) existing.itemIds.push(item.id);
    } else {
      byPath.set(path, { path, sha256, size, mediaType, role: kind, itemIds: [item.id] });
    }
    const list = refs.get(item.id) ?? [];
    list.push({ role, path, sha256, size, mediaType, derived });
    refs.set(item.id, list);
  };
  for (const item of items) {
    add(item, 'original', item.sha256, item.size, item.mediaType, false, 'original');
    for (const artifact of item.artifacts) {
      add(item, artifact.role, artifact.sha256, artifact.size, artifact.mediaType, artifact.derived, artifact.derived ? 'derived' : 'artifact');
    }
  }
  const blobs = [...byPath.values()].sort((a, b) => {
    if (a.role === 'derived' && b.role !== 'derived') return 1;
    if (b.role === 'derived' && a.role !== 'derived') return -1;
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  });
  for (const blob of blobs) blob.itemIds.sort((a, b) => a - b);
  return { blobs, refs };
}

/** `items/<id>.json`: the item as every door shows it (its triage included), its comments oldest first, and where each of its files is in the bundle. */
export function itemJson(view: ItemView, files: ItemFileRef[], comments: ItemComment[] = []): Buffer {
  return Buffer.from(`${JSON.stringify({ ...view, comments, bundleFiles: files }, null, 2)}\n`);
}

export function itemJsonPath(itemId: number): string {
  return `${ITEMS_DIR}${itemId}.json`;
}

/** Manifest rows of an item's files, for the report and the JSON-LD graph. */
export function manifestFilesByItem(refs: Map<number, ItemFileRef[]>): Map<number, ManifestFile[]> {
  const out = new Map<number, ManifestFile[]>();
  for (const [itemId, list] of refs) {
    out.set(itemId, list.map((ref) => ({ path: ref.path, size: ref.size, sha256: ref.sha256, mediaType: ref.mediaType,
      role: ref.role === 'original' ? 'original' : ref.derived ? 'derived' : 'artifact', itemIds: [itemId] })));
  }
  return out;
}

const THUMBNAIL_TYPES = /^image\/(jpeg|png|gif|webp)$/;
const MAX_THUMBNAIL_BYTES = 1024 * 1024;
/** Beyond this many embedded bytes the report lists files instead of showing more images (its size stays readable). */
const MAX_EMBEDDED_BYTES = 48 * 1024 * 1024;

function thumbnailSource(item: Item): { sha256: string; size: number; mediaType: string } | null {
  const fits = (a: { size: number; mediaType: string }) => THUMBNAIL_TYPES.test(a.mediaType) && a.size <= MAX_THUMBNAIL_BYTES;
  for (const role of ['thumbnail', 'poster', 'preview', 'screenshot-viewport']) {
    const found = item.artifacts.find((a) => a.role === role && fits(a));
    if (found) return found;
  }
  return fits(item) ? item : null;
}

/** Reads an item's report image on demand, as a data: URI, or null. */
export type ThumbnailLoader = (item: Item) => Promise<string | null>;

/**
 * Small images for the report, as data: URIs (the report must work as a single file, even
 * opened straight from the zip): a derived thumbnail, poster or preview, else a page's viewport
 * screenshot, else the original itself when it is a small image. Read one at a time while the
 * report streams out, so memory holds one image, not all of them. Call in item order: the
 * running total decides, deterministically, which items still get an image.
 */
export function thumbnailLoader(vault: Vault): ThumbnailLoader {
  let embedded = 0;
  return async (item) => {
    const source = thumbnailSource(item);
    if (!source || embedded + source.size > MAX_EMBEDDED_BYTES) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of vault.openRead(source.sha256)) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    embedded += source.size;
    return `data:${source.mediaType};base64,${bytes.toString('base64')}`;
  };
}
