import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/core.js';
import type { Case } from '../../../src/domain/case.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { photoFixture, sha256File } from '../../support/media.js';

let core: Core;
let temp: ReturnType<typeof makeTempDir>;
let c: Case;

beforeAll(async () => {
  temp = makeTempDir('goldenhour-media-previews-');
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  c = await core.cases.create({ title: 'previews', timezone: 'Europe/London' }, 'tester');
});

afterAll(async () => {
  await core.close();
  temp.remove();
});

const sizeOf = async (sha256: string) => {
  const { width, height } = await sharp(core.vault.pathOf(sha256)).metadata();
  return [width, height];
};

describe('previews', () => {
  it('are turned upright by EXIF orientation; the original keeps its own bytes', async () => {
    // 1600 x 800 stored sideways (orientation 6: rotate 90 degrees clockwise to view).
    const path = join(temp.path, 'sideways.jpg');
    await sharp({ create: { width: 1600, height: 800, channels: 3, background: '#446688' } }).jpeg().withMetadata({ orientation: 6 }).toFile(path);
    const before = sha256File(path);
    const result = await core.ingest.ingest(c.id, [path], { operator: 'tester' });
    const item = result.items[0]!;
    expect(item.sha256).toBe(before);
    expect(sha256File(core.vault.pathOf(item.sha256))).toBe(before);
    expect(item.metadata).toMatchObject({ orientation: 6, width: 1600, height: 800 });
    const preview = item.artifacts.find((a) => a.role === 'preview')!;
    const thumbnail = item.artifacts.find((a) => a.role === 'thumbnail')!;
    expect(await sizeOf(preview.sha256)).toEqual([512, 1024]);
    expect(await sizeOf(thumbnail.sha256)).toEqual([128, 256]);
  });

  it('a 12 MP-class photo gets a preview of about 1024 px from a cheaper decode', async () => {
    const path = join(temp.path, 'big.jpg');
    await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#887766' } }).jpeg().toFile(path);
    const result = await core.ingest.ingest(c.id, [path], { operator: 'tester' });
    const preview = result.items[0]!.artifacts.find((a) => a.role === 'preview')!;
    expect(await sizeOf(preview.sha256)).toEqual([1000, 750]);
    expect(preview).toMatchObject({ derived: true, mediaType: 'image/jpeg' });
  });

  it('a small photo is never enlarged', async () => {
    const result = await core.ingest.ingest(c.id, [photoFixture('exifr__issue-exifr-59.jpg')], { operator: 'tester' });
    const preview = result.items[0]!.artifacts.find((a) => a.role === 'preview')!;
    expect(await sizeOf(preview.sha256)).toEqual([150, 100]);
    expect(readFileSync(core.vault.pathOf(preview.sha256)).subarray(0, 2).toString('hex')).toBe('ffd8');
  });
});
