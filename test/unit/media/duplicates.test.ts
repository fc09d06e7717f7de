import { describe, expect, it } from 'vitest';
import type { ItemView } from '../../../src/items/item-view.js';
import { duplicateClusters, picturesOf } from '../../../src/media/duplicates.js';
import { hammingDistance, perceptualHash, PERCEPTUAL_HASH_ALGORITHM } from '../../../src/media/perceptual-hash.js';

const view = (id: number, kind: 'photo' | 'video', hash: string, frames: { atS: number; hash: string }[] = []) =>
  ({ id, kind, sha256: String(id).padStart(64, '0'), title: null, originalName: `item-${id}`, sourceUrl: null,
    metadata: { perceptualHash: { algorithm: PERCEPTUAL_HASH_ALGORITHM, hash, frames } } }) as unknown as ItemView;

describe('perceptual hash', () => {
  it('is stable, and brightness alone does not change it', () => {
    // A textured picture (fixed pseudo-random pattern): a plain ramp has many zero coefficients,
    // where rounding alone would decide the bits.
    let seed = 42;
    const texture = Uint8Array.from({ length: 1024 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 40 + (seed % 150);
    });
    const brighter = texture.map((v) => v + 40);
    expect(perceptualHash(texture)).toMatch(/^[0-9a-f]{16}$/);
    expect(perceptualHash(texture)).toBe(perceptualHash(Uint8Array.from(texture)));
    expect(perceptualHash(brighter)).toBe(perceptualHash(texture));
  });

  it('tells a picture from its mirror image', () => {
    const ramp = Uint8Array.from({ length: 1024 }, (_, i) => (i % 32) * 8);
    const mirrored = Uint8Array.from({ length: 1024 }, (_, i) => (31 - (i % 32)) * 8);
    expect(hammingDistance(perceptualHash(ramp), perceptualHash(mirrored))).toBeGreaterThan(10);
  });

  it('refuses pixels of the wrong size', () => {
    expect(() => perceptualHash(new Uint8Array(10))).toThrow(/needs 1024 grey pixels, received 10/);
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('00000000000000ff', '000000000000000f')).toBe(4);
  });
});

describe('duplicateClusters', () => {
  it('links items within the distance, transitively, and leaves singletons out', () => {
    const clusters = duplicateClusters([
      view(1, 'photo', '0000000000000000'),
      view(2, 'photo', '000000000000001f'), // 5 from 1
      view(3, 'photo', '00000000000003ff'), // 10 from 1, 5 from 2
      view(4, 'photo', 'ffffffffffffffff'),
    ], 6);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members.map((m) => [m.itemId, m.distance])).toEqual([[1, 0], [2, 5], [3, 10]]);
    expect(clusters[0]!.links).toEqual([{ a: 1, b: 2, distance: 5 }, { a: 2, b: 3, distance: 5 }]);
  });

  it('matches a photo against any keyframe of a video', () => {
    const clusters = duplicateClusters([
      view(1, 'video', 'ffffffffffffffff', [{ atS: 0.5, hash: 'f0f0f0f0f0f0f0f0' }, { atS: 1.5, hash: '0123456789abcdef' }]),
      view(2, 'photo', '0123456789abcdee'),
    ]);
    expect(clusters[0]!.members[1]).toMatchObject({ itemId: 2, distance: 1, matched: '1:keyframe@1.5s ~ 2:photo' });
  });

  it('ignores hashes of another algorithm or malformed ones', () => {
    const other = { ...view(1, 'photo', '0000000000000000'), metadata: { perceptualHash: { algorithm: 'ahash', hash: '0000000000000000' } } } as unknown as ItemView;
    expect(picturesOf(other)).toEqual([]);
    expect(picturesOf(view(2, 'photo', 'not-a-hash'))).toEqual([]);
  });
});
