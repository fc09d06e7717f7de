import type { ItemView } from '../items/item-view.js';
import { PERCEPTUAL_HASH_ALGORITHM } from './perceptual-hash.js';

/** Default largest Hamming distance (of 64 bits) at which two pictures count as the same. */
export const DEFAULT_MAX_DISTANCE = 10;

/** One hashed picture: a photo, or a video's poster or keyframe. */
export interface HashedPicture {
  itemId: number;
  /** `photo`, `poster` or `keyframe`. */
  picture: 'photo' | 'poster' | 'keyframe';
  /** Seconds into the video, for keyframes. */
  atS: number | null;
  hash: string;
}

/** A member of a cluster and how far it looks from the cluster's first item. */
export interface DuplicateMember {
  itemId: number;
  kind: string;
  sha256: string;
  name: string | null;
  /** Smallest distance between any picture of this item and any of the first item (0 for the first). */
  distance: number;
  /** Which pictures gave that distance (`photo`, `keyframe@2.5s`...). */
  matched: string | null;
}

/** Items that look alike, with the pairs that tied them together. */
export interface DuplicateCluster {
  members: DuplicateMember[];
  links: { a: number; b: number; distance: number }[];
}

/** The hashed pictures of an item, from `metadata.perceptualHash`. */
export function picturesOf(item: ItemView): HashedPicture[] {
  const hashInfo = item.metadata?.perceptualHash as { algorithm?: string; hash?: string; frames?: { atS: number; hash: string }[] } | null | undefined;
  if (!hashInfo || hashInfo.algorithm !== PERCEPTUAL_HASH_ALGORITHM) return [];
  const pictures: HashedPicture[] = [];
  if (typeof hashInfo.hash === 'string') pictures.push({ itemId: item.id, picture: item.kind === 'video' ? 'poster' : 'photo', atS: null, hash: hashInfo.hash });
  for (const frame of hashInfo.frames ?? []) pictures.push({ itemId: item.id, picture: 'keyframe', atS: frame.atS, hash: frame.hash });
  return pictures.filter((p) => /^[0-9a-f]{16}$/.test(p.hash));
}

/**
 * Groups items whose pictures look alike (the same photo re-posted: EXIF stripped, resized,
 * recompressed, lightly cropped; or a photo that is a frame of a video). Two items are linked
 * when any picture of one is within `maxDistance` bits of any picture of the other; clusters are
 * what those links join. Singletons are left out.
 */
export function duplicateClusters(items: ItemView[], maxDistance = DEFAULT_MAX_DISTANCE): DuplicateCluster[] {
  const pictures = items.flatMap(picturesOf).map((p) => ({ ...p, words: words(p.hash) }));
  const best = new Map<string, { distance: number; matched: string }>();
  const parent = new Map<number, number>();
  const find = (id: number): number => {
    let root = id;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (let i = 0; i < pictures.length; i++) {
    const a = pictures[i]!;
    for (let j = i + 1; j < pictures.length; j++) {
      const b = pictures[j]!;
      if (a.itemId === b.itemId) continue;
      const distance = popcount(a.words[0] ^ b.words[0]) + popcount(a.words[1] ^ b.words[1]);
      const [lo, hi] = a.itemId < b.itemId ? [a, b] : [b, a];
      const key = `${lo.itemId}:${hi.itemId}`;
      const seen = best.get(key);
      if (!seen || distance < seen.distance) best.set(key, { distance, matched: `${label(lo)} ~ ${label(hi)}` });
      if (distance <= maxDistance) {
        const [ra, rb] = [find(lo.itemId), find(hi.itemId)];
        if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
      }
    }
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const groups = new Map<number, number[]>();
  for (const id of new Set(pictures.map((p) => p.itemId))) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()]
    .filter((ids) => ids.length > 1)
    .map((ids) => ids.sort((x, y) => x - y))
    .sort((x, y) => x[0]! - y[0]!)
    .map((ids) => {
      const first = ids[0]!;
      const members = ids.map((id) => {
        const item = byId.get(id)!;
        const link = id === first ? null : best.get(`${first}:${id}`);
        return {
          itemId: id, kind: item.kind, sha256: item.sha256, name: item.title ?? item.originalName ?? item.sourceUrl,
          distance: link?.distance ?? 0, matched: link?.matched ?? null,
        };
      });
      const links = [];
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const link = best.get(`${ids[i]}:${ids[j]}`);
          if (link && link.distance <= maxDistance) links.push({ a: ids[i]!, b: ids[j]!, distance: link.distance });
        }
      }
      return { members, links };
    });
}

function label(p: HashedPicture): string {
  return `${p.itemId}:${p.picture}${p.atS === null ? '' : `@${p.atS}s`}`;
}

function words(hex: string): [number, number] {
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8, 16), 16) >>> 0];
}

function popcount(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
