import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api/api.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { photoFixture, sha256File } from '../../support/media.js';
import { makeTempDir } from '../../support/temp-dir.js';

// iPhone photos are HEVC-coded HEIC, which sharp's prebuilt libvips cannot decode: libheif (built
// to WebAssembly) decodes them. A real iPhone 7 photo, a copy turned by its own `irot` box, a
// truncated copy, and the JPEG a platform would make of it when it is posted.
let core: Core;
let temp: ReturnType<typeof makeTempDir>;
let caseId: number;
const byName = new Map<string, Item>();
const notes = new Map<string, string[]>();
const ORIGINAL = photoFixture('exifr__heic-iphone7.heic');

beforeAll(async () => {
  temp = makeTempDir('goldenhour-media-heic-');
  const dir = join(temp.path, 'in');
  mkdirSync(dir);
  copyFileSync(ORIGINAL, join(dir, 'a-original.heic'));
  // The file's rotation property (irot, ISO/IEC 23008-12) says 0; one byte makes it 90 degrees
  // anti-clockwise, as a phone held upright writes it.
  const bytes = readFileSync(ORIGINAL);
  const irot = bytes.indexOf('irot', 0, 'latin1');
  expect(bytes.readUInt32BE(irot - 4)).toBe(9);
  expect(bytes[irot + 4]).toBe(0);
  const turned = Buffer.from(bytes);
  turned[irot + 4] = 1;
  writeFileSync(join(dir, 'b-turned.heic'), turned);
  writeFileSync(join(dir, 'c-truncated.heic'), bytes.subarray(0, Math.floor(bytes.length / 2)));
  // A bomb: the primary picture's size property (ispe) claims 50,000 x 50,000 pixels.
  const bomb = Buffer.from(bytes);
  const ispe = findIspe(bomb, 4032, 3024);
  bomb.writeUInt32BE(50_000, ispe + 12);
  bomb.writeUInt32BE(50_000, ispe + 16);
  writeFileSync(join(dir, 'd-bomb.heic'), bomb);
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  caseId = (await core.cases.create({ title: 'heic', timezone: 'Europe/Athens' }, 'tester')).id;
  const first = await core.ingest.ingest(caseId, [dir], { operator: 'tester' });
  expect(first.errors).toEqual([]);
  // Posted: the platform's JPEG, made from our own preview of the photo, resized, no EXIF.
  const preview = first.items.find((i) => i.originalName === 'a-original.heic')!.artifacts.find((a) => a.role === 'preview')!;
  const posted = join(temp.path, 'posted.jpg');
  writeFileSync(posted, await sharp(core.vault.pathOf(preview.sha256)).resize(640).jpeg({ quality: 60 }).toBuffer());
  const second = await core.ingest.ingest(caseId, [posted], { operator: 'tester' });
  for (const item of [...first.items, ...second.items]) byName.set(item.originalName ?? '', item);
  for (const note of [...first.notes, ...second.notes]) {
    const name = [...byName.values()].find((i) => i.id === note.itemId)!.originalName!;
    notes.set(name, [...(notes.get(name) ?? []), note.note]);
  }
}, 120_000);

afterAll(async () => {
  await core.close();
  temp.remove();
});

/** Where the ispe box of that size starts (size, type, version and flags, then width and height). */
function findIspe(bytes: Buffer, width: number, height: number): number {
  for (let at = bytes.indexOf('ispe', 0, 'latin1') - 4; at >= 0; at = bytes.indexOf('ispe', at + 5, 'latin1') - 4) {
    if (bytes.readUInt32BE(at + 12) === width && bytes.readUInt32BE(at + 16) === height) return at;
  }
  throw new Error(`no ispe box of ${width} x ${height}`);
}

const item = (name: string) => byName.get(name)!;
const artifact = (name: string, role: string) => item(name).artifacts.find((a) => a.role === role)!;
const sizeOf = async (sha256: string) => {
  const { width, height } = await sharp(core.vault.pathOf(sha256)).metadata();
  return [width, height];
};

describe('HEIC photos', () => {
  it('get a preview and a thumbnail; the original keeps its own bytes', async () => {
    const found = item('a-original.heic');
    expect(found.sha256).toBe(sha256File(ORIGINAL));
    expect(sha256File(core.vault.pathOf(found.sha256))).toBe(found.sha256);
    expect(await sizeOf(artifact('a-original.heic', 'preview').sha256)).toEqual([1008, 756]);
    expect(await sizeOf(artifact('a-original.heic', 'thumbnail').sha256)).toEqual([256, 192]);
    expect(found.metadata).toMatchObject({ width: 4032, height: 3024, format: 'heif', decoder: { name: 'heic-decode' } });
    expect(notes.get('a-original.heic')).toBeUndefined();
  });

  it('are turned upright by the file\'s own rotation (irot), not by the EXIF tag', async () => {
    expect(await sizeOf(artifact('b-turned.heic', 'preview').sha256)).toEqual([756, 1008]);
    // The turned preview is the upright one rotated a quarter turn anti-clockwise.
    const upright = await sharp(core.vault.pathOf(artifact('a-original.heic', 'preview').sha256)).rotate(270).raw().toBuffer();
    const turned = await sharp(core.vault.pathOf(artifact('b-turned.heic', 'preview').sha256)).raw().toBuffer();
    expect(turned.length).toBe(upright.length);
    let difference = 0;
    for (let i = 0; i < turned.length; i++) difference += Math.abs(turned[i]! - upright[i]!);
    expect(difference / turned.length).toBeLessThan(3);
  });

  it('a truncated HEIC is kept and hashed, flagged unreadable, with a note that says why', async () => {
    const found = item('c-truncated.heic');
    expect(found.flags).toContain('unreadable-media');
    expect(found.artifacts.filter((a) => a.derived)).toEqual([]);
    expect(notes.get('c-truncated.heic')?.join(' ')).toMatch(/HEIC picture could not be decoded \(HEIC file: item \d+'s data runs to byte \d+ but the file has \d+ bytes \(the file is truncated\)\)/);
    // The tags come first in the file and are still read.
    expect(found.eventTime).toMatchObject({ source: 'exif-offset', utc: '2019-10-20T16:34:30.130Z' });
  });

  it('a HEIC claiming 50,000 x 50,000 pixels is not decoded: a possible decompression bomb', async () => {
    const found = item('d-bomb.heic');
    expect(found.flags).toContain('unreadable-media');
    expect(found.artifacts.filter((a) => a.derived)).toEqual([]);
    expect(notes.get('d-bomb.heic')?.join(' ')).toMatch(/not decoded: the image claims 50000 x 50000 pixels \(2500 MP\), over the 268 MP limit \(possible decompression bomb\)/);
  });

  it('cluster with the JPEG a platform made when the photo was posted', async () => {
    const result = await createApi(core).call('media.duplicates', { caseId });
    const cluster = result.clusters.find((c) => c.members.some((m) => m.itemId === item('a-original.heic').id));
    expect(cluster?.members.map((m) => m.itemId)).toContain(item('posted.jpg').id);
  });
});
