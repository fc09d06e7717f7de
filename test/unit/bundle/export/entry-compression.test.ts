import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleOffsets, samplesOfBuffer, samplesOfFile, SAMPLE_BYTES, storageBySamples, storageByType } from '../../../../src/bundle/export/entry-compression.js';
import { makeTempDir } from '../../../support/temp-dir.js';

/** CSV-like rows: text that deflate shrinks several times over. */
function csv(bytes: number): Buffer {
  const rows: string[] = [];
  for (let row = 0, size = 0; size < bytes; row += 1) {
    const line = `${row},2026-11-21T14:${String(row % 60).padStart(2, '0')}:00Z,${(row * 7919) % 100_003}\n`;
    rows.push(line);
    size += line.length;
  }
  return Buffer.from(rows.join('')).subarray(0, bytes);
}

describe('entry storage in a bundle', () => {
  const temp = makeTempDir('gh-entry-compression-');
  afterAll(() => temp.remove());

  it.each([
    ['image/jpeg', 'store'],
    ['video/mp4', 'store'],
    ['audio/mpeg', 'store'],
    ['application/zip', 'store'],
    ['application/wacz', 'store'],
    ['application/pdf', 'store'],
    ['application/x-7z-compressed', 'store'],
    ['text/plain', 'deflate'],
    ['text/html; charset=utf-8', 'deflate'],
    ['application/json', 'deflate'],
    ['image/svg+xml', 'deflate'],
    ['multipart/related', 'deflate'],
    ['application/octet-stream', null],
    ['image/tiff', null],
    ['application/x-tar', null],
    ['application/vnd.sqlite3', null],
    ['application/jsonx', null],
  ])('%s: by type %s', (mediaType, expected) => {
    expect(storageByType(mediaType)).toBe(expected);
  });

  it('stores unknown content that does not compress and deflates unknown content that does', () => {
    expect(storageBySamples(samplesOfBuffer(randomBytes(5 * 1024 * 1024)))).toBe('store');
    expect(storageBySamples(samplesOfBuffer(csv(5 * 1024 * 1024)))).toBe('deflate');
    expect(storageBySamples(samplesOfBuffer(randomBytes(100)))).toBe('store');
    expect(storageBySamples(samplesOfBuffer(Buffer.alloc(0)))).toBe('deflate');
  });

  it('samples the start, the end and evenly between, so a compressible body behind a random header is still found', () => {
    expect(sampleOffsets(1000)).toEqual([0]);
    const size = 10 * 1024 * 1024;
    const offsets = sampleOffsets(size);
    expect(offsets[0]).toBe(0);
    expect(offsets[offsets.length - 1]).toBe(size - SAMPLE_BYTES);
    const dump = Buffer.concat([randomBytes(64 * 1024), csv(size - 64 * 1024)]);
    expect(storageBySamples(samplesOfBuffer(dump))).toBe('deflate');
  });

  it('reads the same samples from a file as from its bytes in memory (the decision never depends on how a blob is read)', async () => {
    for (const size of [0, 100, 4 * SAMPLE_BYTES, 3 * 1024 * 1024 + 7]) {
      const bytes = randomBytes(size);
      const path = join(temp.path, `blob-${size}`);
      writeFileSync(path, bytes);
      expect(Buffer.concat(await samplesOfFile(path, size)).equals(Buffer.concat(samplesOfBuffer(bytes))), String(size)).toBe(true);
    }
  });
});
