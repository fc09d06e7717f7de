import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeHeic } from '../../../src/media/heic-decoder.js';
import { photoFixture } from '../../support/media.js';

const IPHONE = readFileSync(photoFixture('exifr__heic-iphone7.heic'));

describe('decodeHeic (libheif in worker threads)', () => {
  it('decodes several pictures asked for at once, each whole', async () => {
    const pictures = await Promise.all([IPHONE, IPHONE, IPHONE].map((bytes) => decodeHeic(bytes)));
    for (const picture of pictures) {
      expect([picture.width, picture.height]).toEqual([4032, 3024]);
      expect(picture.pixels.length).toBe(4032 * 3024 * 4);
    }
    expect(Buffer.from(pictures[0]!.pixels).equals(Buffer.from(pictures[2]!.pixels))).toBe(true);
  }, 60_000);

  it('a picture it cannot decode is an error naming the decoder, and the next one decodes', async () => {
    await expect(decodeHeic(Buffer.from('not a HEIC picture at all'))).rejects.toThrow(/^HEIC decoder \(libheif \d+\.\d+\.\d+\): .*not a HEIC/);
    const next = await decodeHeic(IPHONE);
    expect([next.width, next.height]).toEqual([4032, 3024]);
  }, 60_000);
});
