import { describe, expect, it } from 'vitest';
import { app1Kinds, mergeBlocks, secondBlocks, secondReadingReason } from '../../../src/media/second-reading.js';

/** A JPEG header: SOI, the given APP1 payloads, then SOS. */
function jpegHead(...app1: string[]): Buffer {
  const parts = [Buffer.from([0xff, 0xd8])];
  for (const payload of app1) {
    const body = Buffer.from(payload, 'latin1');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(body.length + 2);
    parts.push(Buffer.from([0xff, 0xe1]), length, body);
  }
  parts.push(Buffer.from([0xff, 0xda, 0x00, 0x02]));
  return Buffer.concat(parts);
}

const exifBlocks = { exif: { DateTimeOriginal: '2020:01:02 03:04:05' } };

describe('when the second reader runs', () => {
  it.each([
    ['a WebP (no exifr parser)', 'image/webp', null, {}, [], 'exifr does not read image/webp'],
    ['a CR3 raw', 'image/x-canon-cr3', null, {}, [], 'exifr does not read image/x-canon-cr3'],
    ['a TIFF exifr failed on', 'image/tiff', null, {}, ['EXIF unreadable: x'], 'exifr reported errors'],
    ['a JPEG with a FLIR record', 'image/jpeg', jpegHead('Exif\0\0II', 'FLIR\0\x01'), exifBlocks, [], 'a FLIR record (exifr does not read it)'],
    ['a JPEG whose EXIF exifr read nothing from', 'image/jpeg', jpegHead('Exif\0\0MM'), {}, [], 'EXIF or XMP segments exifr read nothing from'],
    ['a HEIC with no camera time', 'image/heif', null, {}, [], 'exifr read no tags'],
  ])('%s: runs (%s)', (_name, mediaType, head, blocks, errors, reason) => {
    expect(secondReadingReason(mediaType, head, { blocks, errors })).toBe(reason);
  });

  it.each([
    ['a JPEG exifr read', 'image/jpeg', jpegHead('Exif\0\0II'), exifBlocks],
    ['a JPEG with no APP1 at all (stripped on upload)', 'image/jpeg', jpegHead(), {}],
    ['a TIFF with a camera time', 'image/tiff', null, exifBlocks],
    ['a PNG whose XMP has the time', 'image/png', null, { xmp: { photoshop: { DateCreated: '2020-01-02T03:04:05+01:00' } } }],
  ])('%s: does not run', (_name, mediaType, head, blocks) => {
    expect(secondReadingReason(mediaType, head, { blocks, errors: [] })).toBeNull();
  });

  it('names the APP1 segments of a header', () => {
    expect([...app1Kinds(jpegHead('Exif\0\0II', 'http://ns.adobe.com/xap/1.0/\0<x/>', 'FLIR\0'))]).toEqual(['exif', 'xmp', 'flir']);
  });
});

describe("ExifTool's output as exifr's blocks", () => {
  const tags = {
    'SourceFile': '/v/ab', 'System:FileModifyDate': '2026:12:01 07:26:06+00:00',
    'IFD0:Make': 'NIKON CORPORATION', 'ExifIFD:DateTimeOriginal': '2014:02:12 11:05:08', 'ExifIFD:SerialNumber': '123',
    'GPS:GPSLatitude': 52.5, 'GPS:GPSLatitudeRef': 'N', 'IPTC:By-line': 'A. Photographer', 'XMP-iptcCore:Location': 'Pier',
    'FLIR:DateTimeOriginal': '2014:02:12 11:05:08.253+01:00', 'Composite:GPSLatitude': -33.1, 'Composite:GPSLongitude': 151.2,
  };

  it('maps groups to blocks, spells names as exifr does, keeps other times, never file system dates', () => {
    const second = secondBlocks(tags);
    expect(second.blocks).toEqual({
      ifd0: { Make: 'NIKON CORPORATION' }, exif: { DateTimeOriginal: '2014:02:12 11:05:08', BodySerialNumber: '123' },
      gps: { GPSLatitude: 52.5, GPSLatitudeRef: 'N' }, iptc: { Byline: 'A. Photographer' }, xmp: { Iptc4xmpCore: { Location: 'Pier' } },
    });
    expect(second.otherTimes).toEqual({ 'FLIR:DateTimeOriginal': '2014:02:12 11:05:08.253+01:00' });
    expect(second.composite).toEqual({ lat: -33.1, lon: 151.2, altitudeM: null });
  });

  it("fills only what exifr lacks, and names what it filled", () => {
    const { blocks, fromSecond } = mergeBlocks({ ifd0: { Make: 'Nikon' } }, secondBlocks(tags).blocks);
    expect(blocks.ifd0).toEqual({ Make: 'Nikon' });
    expect(blocks.exif?.DateTimeOriginal).toBe('2014:02:12 11:05:08');
    expect(fromSecond).toContain('exif.DateTimeOriginal');
    expect(fromSecond).not.toContain('ifd0.Make');
  });
});
