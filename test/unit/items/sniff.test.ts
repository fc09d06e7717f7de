import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kindForMediaType, sniffMediaType } from '../../../src/items/sniff.js';
import { HEAD_BYTES } from '../../../src/vault/vault.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/photos/${name}`, import.meta.url));

describe('media type sniffing', () => {
  it('knows a DJI TIFF whose directory lies beyond the head, by reading the stored file', async () => {
    const path = fixture('exifr__002.tiff');
    const head = readFileSync(path).subarray(0, HEAD_BYTES);
    expect(await sniffMediaType(head, path)).toBe('image/tiff');
    // Without the file, the TIFF signature alone still says TIFF.
    expect(await sniffMediaType(head)).toBe('image/tiff');
  });

  it('reads JPEG and PNG from their magic bytes, whatever the file is called', async () => {
    expect(await sniffMediaType(readFileSync(fixture('exifr__issue-exifr-13.jpg')).subarray(0, HEAD_BYTES))).toBe('image/jpeg');
    expect(await sniffMediaType(readFileSync(fixture('exifr__png__png_with_exif_and_gps.png')))).toBe('image/png');
  });

  it.each([
    ['', 'application/x-empty'],
    ['<!DOCTYPE html><html><body>post</body></html>', 'text/html'],
    ['  {"a": 1}', 'application/json'],
    ['<?xml version="1.0"?><kml></kml>', 'application/xml'],
    ['I saw a man in a red coat.\n', 'text/plain'],
  ])('recognises text %j as %s', async (text, expected) => {
    expect(await sniffMediaType(Buffer.from(text))).toBe(expected);
  });

  it('calls random bytes octet-stream', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    expect(await sniffMediaType(bytes)).toBe('application/octet-stream');
  });

  it('maps media types to item kinds', () => {
    expect(kindForMediaType('image/jpeg')).toBe('photo');
    expect(kindForMediaType('image/svg+xml')).toBe('file');
    expect(kindForMediaType('video/mp4')).toBe('video');
    expect(kindForMediaType('text/html')).toBe('file');
  });
});
