import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heifLayoutProblem } from '../../../src/media/heif-extents.js';
import { photoFixture } from '../../support/media.js';

const IPHONE = readFileSync(photoFixture('exifr__heic-iphone7.heic'));

/** The offset of the top-level mdat box. */
function mdatAt(bytes: Buffer): number {
  for (let at = 0; at < bytes.length; at += bytes.readUInt32BE(at)) {
    if (bytes.toString('latin1', at + 4, at + 8) === 'mdat') return at;
  }
  throw new Error('no mdat');
}

describe('heifLayoutProblem', () => {
  it('finds nothing wrong with a real iPhone photo', () => {
    expect(heifLayoutProblem(IPHONE)).toBeNull();
  });

  it('names the item whose data a cut-short file no longer holds', () => {
    const cut = IPHONE.subarray(0, 1_000_000);
    expect(heifLayoutProblem(cut)).toMatch(/^item \d+'s data runs to byte \d+ but the file has 1000000 bytes \(the file is truncated\)$/);
  });

  it('names a box cut short before the item locations', () => {
    const meta = IPHONE.indexOf('meta', 0, 'latin1') - 4;
    expect(heifLayoutProblem(IPHONE.subarray(0, meta + 100))).toMatch(/^the meta box at byte \d+ needs \d+ bytes but the file ends after 100 \(the file is truncated\)$/);
  });

  it('accepts padding after the last box', () => {
    expect(heifLayoutProblem(Buffer.concat([IPHONE, Buffer.from([0, 0, 0])]))).toBeNull();
  });

  it('names the item whose data lies past the end, even when the boxes were made to fit', () => {
    const cut = Buffer.from(IPHONE.subarray(0, 1_000_000));
    const mdat = mdatAt(cut);
    cut.writeUInt32BE(cut.length - mdat, mdat);
    expect(heifLayoutProblem(cut)).toMatch(/^item \d+'s data runs to byte \d+ but the file has 1000000 bytes \(the file is truncated\)$/);
  });

  it('says what is wrong with bytes that are not HEIF at all, without throwing', () => {
    expect(heifLayoutProblem(Buffer.from('not a picture at all, just words'))).toMatch(/box/);
    expect(heifLayoutProblem(Buffer.alloc(0))).toBe('no meta box: not a HEIF picture');
    const impossible = Buffer.from('00000004ftyp', 'latin1');
    impossible.writeUInt32BE(4, 0);
    expect(heifLayoutProblem(impossible)).toMatch(/impossible size/);
  });
});
