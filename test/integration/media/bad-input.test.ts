import { createHash } from 'node:crypto';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import type { IngestResult } from '../../../src/ingest/ingest-service.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { noStreamsMp4, photoFixture, sha256File, writePngBomb } from '../../support/media.js';

// Hostile and broken input, all in one batch with a good photo: each file is kept and hashed, gets
// a clear note or error of its own, and the batch goes on.
let core: Core;
let temp: ReturnType<typeof makeTempDir>;
let result: IngestResult;
let dir: string;
const byName = new Map<string, Item>();

beforeAll(async () => {
  temp = makeTempDir('goldenhour-media-bad-');
  dir = join(temp.path, 'batch');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'a-empty.jpg'), Buffer.alloc(0));
  const pixel = readFileSync(photoFixture('exifr__IMG_20180725_163423-tiny.jpg'));
  writeFileSync(join(dir, 'b-truncated.jpg'), pixel.subarray(0, Math.floor(pixel.length * 0.6)));
  writeFileSync(join(dir, 'c-random.jpg'), noiseBytes(50_000));
  const withExif = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
    .jpeg().withExif({ IFD0: { Make: 'Corrupt' }, IFD2: { DateTimeOriginal: '2024:05:01 14:03:22' } }).toBuffer();
  const at = withExif.indexOf(Buffer.from('Exif\0\0'));
  withExif.writeUInt32LE(0xfffffff0, at + 6 + 4); // IFD0 offset far past the end (the TIFF header is little-endian "II")
  writeFileSync(join(dir, 'd-corrupt-exif.jpg'), withExif);
  await writePngBomb(join(dir, 'e-bomb.png'));
  writeFileSync(join(dir, 'f-no-streams.mp4'), noStreamsMp4());
  symlinkSync(join(dir, 'does-not-exist.jpg'), join(dir, 'g-unreadable.jpg'));
  writeFileSync(join(dir, 'h-good.jpg'), pixel);
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  const c = await core.cases.create({ title: 'bad input', timezone: 'Europe/London' }, 'tester');
  result = await core.ingest.ingest(c.id, [dir], { operator: 'tester' });
  for (const item of await core.items.list(c.id)) byName.set(item.originalName ?? '', item);
}, 120_000);

afterAll(async () => {
  await core.close();
  temp.remove();
});

/**
 * Bytes with no structure, the same on every run: truly random bytes would, about once in tens of
 * thousands of runs, begin with a two-byte signature (BMP's "BM", say) and be a different case.
 */
function noiseBytes(length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(createHash('sha256').update(`golden hour noise ${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

const item = (name: string) => {
  const found = byName.get(name);
  if (!found) throw new Error(`${name} was not recorded`);
  return found;
};
const notesOf = (name: string) => result.notes.filter((n) => n.itemId === item(name).id).map((n) => n.note).join(' | ');

describe('bad input', () => {
  it.each(['a-empty.jpg', 'b-truncated.jpg', 'c-random.jpg', 'd-corrupt-exif.jpg', 'e-bomb.png', 'f-no-streams.mp4', 'h-good.jpg'])('%s is kept and hashed as received', async (name) => {
    const found = item(name);
    expect(found.sha256).toBe(sha256File(join(dir, name)));
    expect(await core.vault.rehash(found.sha256)).toMatchObject({ state: 'present', sha256: found.sha256 });
  });

  it('a zero-byte file: noted as empty, flagged', async () => {
    expect(notesOf('a-empty.jpg')).toMatch(/empty file \(0 bytes\)/);
    expect(item('a-empty.jpg').flags).toContain('unreadable-media');
  });

  it('a truncated JPEG: no misleading preview, flagged; its EXIF still read', async () => {
    const found = item('b-truncated.jpg');
    expect(notesOf('b-truncated.jpg')).toMatch(/corrupt or truncated/);
    expect(found.flags).toContain('unreadable-media');
    expect(found.artifacts).toEqual([]);
    expect(found.metadata).toMatchObject({ make: 'Google', model: 'Pixel' });
    expect(found.eventTime?.source).toBe('gps');
  });

  it('random bytes named .jpg: not an image by content, said so, flagged', async () => {
    expect(item('c-random.jpg').kind).toBe('file');
    expect(notesOf('c-random.jpg')).toMatch(/named \.jpg but the content is not a recognised image or video/);
    expect(item('c-random.jpg').flags).toContain('unreadable-media');
  });

  it('a JPEG with corrupt EXIF: the picture is still previewed, the EXIF problem noted', async () => {
    const found = item('d-corrupt-exif.jpg');
    expect(notesOf('d-corrupt-exif.jpg')).toMatch(/EXIF unreadable: IFD0 offset points to outside of file/);
    expect(found.artifacts.map((a) => a.role).sort()).toEqual(['preview', 'thumbnail']);
    expect(found.flags).not.toContain('unreadable-media');
    expect(found.flags).toContain('no-time');
  });

  it('a 50,000 x 50,000 PNG bomb: refused from its header, not decoded, flagged', async () => {
    expect(notesOf('e-bomb.png')).toMatch(/claims 50000 x 50000 pixels \(2500 MP\), over the 268 MP limit/);
    expect(item('e-bomb.png').flags).toContain('unreadable-media');
    expect(item('e-bomb.png').artifacts).toEqual([]);
  });

  it('a video with no streams: its container read, flagged', async () => {
    const found = item('f-no-streams.mp4');
    expect(found.kind).toBe('video');
    expect(notesOf('f-no-streams.mp4')).toMatch(/video has no streams/);
    expect(found.flags).toContain('unreadable-media');
    expect(found.metadata).toMatchObject({ streamCount: 0, extractor: { name: 'ffprobe' } });
  });

  it('a file that cannot be read: an error of its own, and the batch goes on', async () => {
    expect(result.errors).toEqual([{ path: join(dir, 'g-unreadable.jpg'), error: 'broken symbolic link' }]);
    expect(byName.has('g-unreadable.jpg')).toBe(false);
    const good = item('h-good.jpg');
    expect(good.flags).toEqual([]);
    expect(good.artifacts.map((a) => a.role).sort()).toEqual(['preview', 'thumbnail']);
  });
});
