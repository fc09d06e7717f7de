import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readExif } from '../../../src/media/exif-reader.js';
import { photoFixture } from '../../support/media.js';

// Files too large to hold in memory have their tags read from the path, in chunks from the start.
// For the formats whose tags sit near the start (JPEG, TIFF) that reading must equal the in-memory one.
describe('readExif from a path', () => {
  it.each(['exifr__IMG_20180725_163423-tiny.jpg', 'exifr__iptc-agency-photographer-example.jpg', 'exifr__002.tiff'])(
    '%s: the same tags as from the bytes in memory', async (name) => {
      const path = photoFixture(name);
      const fromBytes = await readExif(readFileSync(path));
      const fromPath = await readExif(path);
      expect(fromBytes.errors).toEqual([]);
      expect(fromBytes.blocks.gps).toBeDefined();
      expect(fromPath).toEqual(fromBytes);
    });

  it('a missing file is an error in the result, not an exception', async () => {
    const reading = await readExif('/nonexistent/golden-hour/photo.jpg');
    expect(reading.blocks).toEqual({});
    expect(reading.errors.join(' ')).toMatch(/EXIF unreadable: .*ENOENT/);
  });
});
