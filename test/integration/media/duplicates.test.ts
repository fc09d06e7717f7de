import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api/api.js';
import { openCore, type Core } from '../../../src/core.js';
import { findMediaTool } from '../../../src/media/media-tools.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { photoFixture } from '../../support/media.js';

// The same real photo re-posted as platforms do (EXIF stripped, resized, recompressed, lightly
// cropped) and turned into a video, beside other real photos that must not join its cluster.
let core: Core;
let temp: ReturnType<typeof makeTempDir>;
let caseId: number;
const ids = new Map<string, number>();

beforeAll(async () => {
  temp = makeTempDir('goldenhour-media-dup-');
  const original = photoFixture('exifr__IMG_20180725_163423-tiny.jpg');
  const dir = join(temp.path, 'in');
  const { mkdirSync, copyFileSync } = await import('node:fs');
  mkdirSync(dir);
  copyFileSync(original, join(dir, 'original.jpg'));
  // sharp drops EXIF unless asked to keep it: each copy is "stripped" as platforms strip.
  writeFileSync(join(dir, 'resized-recompressed.jpg'), await sharp(original).rotate().resize(480).jpeg({ quality: 55 }).toBuffer());
  const { width = 0, height = 0 } = await sharp(original).metadata();
  const crop = { left: Math.round(width * 0.04), top: Math.round(height * 0.04), width: Math.round(width * 0.92), height: Math.round(height * 0.92) };
  writeFileSync(join(dir, 'cropped.webp'), await sharp(original).rotate().extract(crop).resize(800).webp({ quality: 70 }).toBuffer());
  const ffmpeg = findMediaTool('ffmpeg')!;
  execFileSync(ffmpeg.path, ['-v', 'error', '-y', '-loop', '1', '-i', original, '-t', '2', '-r', '5', '-vf', 'scale=640:-2', '-c:v', 'mpeg4', join(dir, 'as-video.mp4')]);
  for (const other of ['exifr__issue-fast-exif-2.jpg', 'exifr__iptc-agency-photographer-example.jpg', 'exifr__issue-exifr-59.jpg', 'exifr__issue-exifr-13.jpg']) {
    copyFileSync(photoFixture(other), join(dir, other));
  }
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  caseId = (await core.cases.create({ title: 'duplicates' }, 'tester')).id;
  const result = await core.ingest.ingest(caseId, [dir], { operator: 'tester' });
  expect(result.errors).toEqual([]);
  for (const item of result.items) ids.set(item.originalName ?? '', item.id);
}, 120_000);

afterAll(async () => {
  await core.close();
  temp.remove();
});

describe('near-duplicates', () => {
  it('clusters the re-posted copies and the video made from the photo, and nothing else', async () => {
    const result = await createApi(core).call('media.duplicates', { caseId });
    expect(result.algorithm).toBe('dct-phash-64');
    expect(result.maxDistance).toBe(10);
    expect(result.clusters).toHaveLength(1);
    const members = result.clusters[0]!.members;
    expect(members.map((m) => m.itemId).sort((a, b) => a - b)).toEqual(
      ['original.jpg', 'resized-recompressed.jpg', 'cropped.webp', 'as-video.mp4'].map((n) => ids.get(n)!).sort((a, b) => a - b),
    );
    expect(members[0]!.distance).toBe(0);
    for (const member of members) expect(member.distance).toBeLessThanOrEqual(10);
    // Files are ingested in name order, so the video (as-video.mp4) leads the cluster and the photos
    // are matched against its frames.
    expect(members[0]!.kind).toBe('video');
    expect(members.find((m) => m.itemId === ids.get('original.jpg'))?.matched).toMatch(/(keyframe|poster).* ~ \d+:photo$/);
  });

  it('a tighter distance splits off the lightly cropped copy', async () => {
    const result = await createApi(core).call('media.duplicates', { caseId, maxDistance: 0 });
    const clustered = result.clusters.flatMap((c) => c.members.map((m) => m.itemId));
    expect(clustered).not.toContain(ids.get('cropped.webp'));
  });

  it('refuses a distance outside 0-32', async () => {
    const answer = await createApi(core).invoke('media.duplicates', { caseId, maxDistance: 99 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
