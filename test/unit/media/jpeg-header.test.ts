import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readExif } from '../../../src/media/exif-reader.js';
import { jpegHeaderLength, readJpegHeader } from '../../../src/media/jpeg-header.js';
import { PHOTO_FIXTURES, photoFixture } from '../../support/media.js';

const JPEGS = readdirSync(PHOTO_FIXTURES).filter((name) => /\.jpe?g$/i.test(name));

describe('JPEG header', () => {
  it.each(JPEGS)('%s: the tags read from the header alone equal those read from the whole file', async (name) => {
    const whole = readFileSync(photoFixture(name));
    const file = await open(photoFixture(name), 'r');
    const header = await readJpegHeader(file, whole.length).finally(() => file.close());
    expect(header).not.toBeNull();
    // It ends with the SOS segment: picture data follows.
    expect(header!.length).toBeLessThan(whole.length);
    expect(await readExif(header!)).toEqual(await readExif(whole));
  });

  it('ends at the SOS segment, skipping fill bytes and markers without a length', () => {
    const bytes = Buffer.from([
      0xff, 0xd8, // SOI
      0xff, 0xe1, 0x00, 0x04, 0xaa, 0xbb, // APP1, 2 bytes of content
      0xff, 0xff, 0xd0, // a fill byte, then RST0 (no length)
      0xff, 0xda, 0x00, 0x03, 0x01, // SOS, 1 byte
      0x12, 0x34, // picture data
    ]);
    expect(jpegHeaderLength(bytes)).toBe(16);
    expect(jpegHeaderLength(bytes.subarray(0, 10))).toBe('more');
    expect(jpegHeaderLength(bytes.subarray(0, 15))).toBe('more');
  });

  it('is null for what is not a well-formed JPEG header (the file is then read whole)', () => {
    expect(jpegHeaderLength(Buffer.from('GIF89a'))).toBeNull();
    expect(jpegHeaderLength(Buffer.alloc(0))).toBeNull();
    expect(jpegHeaderLength(Buffer.from([0xff, 0xd8, 0x00, 0x00]))).toBeNull();
    expect(jpegHeaderLength(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
    expect(jpegHeaderLength(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01]))).toBeNull();
  });
});
