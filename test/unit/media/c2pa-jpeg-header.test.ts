import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { C2paTsReader, jpegHeaderWithoutApp11 } from '../../../src/media/content-credentials.js';
import { makeTempDir } from '../../support/temp-dir.js';

// Most photos carry no Content Credentials; a JPEG can only carry them in APP11 segments of its
// header, so a header without one is answered without reading the picture. A JPEG with an APP11
// manifest must still reach the validator.
const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const plainJpeg = readFileSync(join(fixtures, 'camera/exiftool__Canon.jpg'));
const signedPng = readFileSync(join(fixtures, 'c2pa/c2pa-ts__amazon-titan-g1.png'));
const temp = makeTempDir();
afterAll(() => temp.remove());

/** The PNG's manifest store (its caBX chunk: a JUMBF superbox). */
function pngManifestStore(png: Buffer): Buffer {
  for (let offset = 8; offset + 8 <= png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.toString('latin1', offset + 4, offset + 8) === 'caBX') return png.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
  }
  throw new Error('no caBX chunk');
}

/** The JPEG with the store in APP11 segments after SOI, as C2PA embeds it (JP, instance 1, sequence numbers, the superbox's box header repeated). */
function withApp11(jpeg: Buffer, store: Buffer): Buffer {
  const boxHeader = store.subarray(0, 8);
  const segments: Buffer[] = [];
  const room = 65535 - 2 - 8 - 8;
  for (let start = 8, sequence = 1; start < store.length; start += room, sequence += 1) {
    const body = Buffer.concat([Buffer.from('JP', 'latin1'), Buffer.from([0x00, 0x01]), Buffer.alloc(4), boxHeader, store.subarray(start, start + room)]);
    body.writeUInt32BE(sequence, 4);
    const head = Buffer.from([0xff, 0xeb, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    segments.push(head, body);
  }
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

const write = (name: string, bytes: Buffer) => {
  const path = join(temp.path, name);
  writeFileSync(path, bytes);
  return path;
};

describe('a JPEG header without APP11', () => {
  it('is told from the header alone, and read as carrying no Content Credentials', async () => {
    const path = write('plain.jpg', plainJpeg);
    expect(await jpegHeaderWithoutApp11(path)).toBe(true);
    expect(await new C2paTsReader().read(path, 'photo')).toMatchObject({ status: 'absent' });
  });

  it('a JPEG with a manifest in APP11 still goes to the validator, which finds it (here not valid: it was signed for another file)', async () => {
    const path = write('with-app11.jpg', withApp11(plainJpeg, pngManifestStore(signedPng)));
    expect(await jpegHeaderWithoutApp11(path)).toBe(false);
    const read = await new C2paTsReader().read(path, 'photo');
    expect(read.status).not.toBe('absent');
    expect(read.manifests).toBeGreaterThan(0);
  });

  it('anything it cannot walk is read whole as before: a PNG, a header cut short, a bad segment length', async () => {
    expect(await jpegHeaderWithoutApp11(write('signed.png', signedPng))).toBe(false);
    expect(await jpegHeaderWithoutApp11(write('short.jpg', plainJpeg.subarray(0, 40)))).toBe(false);
    const bad = Buffer.from(plainJpeg);
    bad.writeUInt16BE(1, 4);
    expect(await jpegHeaderWithoutApp11(write('bad-length.jpg', bad))).toBe(false);
  });
});
