import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { MediaAnalyser } from '../../../src/media/media-analyser.js';
import { findMediaTool, missingToolMessage } from '../../../src/media/media-tools.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { makeVideo } from '../../support/media.js';

// Videos generated here with ffmpeg, tagged as iPhones and Android phones tag them.
let core: Core;
let temp: ReturnType<typeof makeTempDir>;
let items: Map<string, Item>;

beforeAll(async () => {
  temp = makeTempDir('goldenhour-media-video-');
  const apple = makeVideo(join(temp.path, 'iphone.mov'), {
    'com.apple.quicktime.creationdate': '2024-05-01T14:03:22+0200',
    'com.apple.quicktime.location.ISO6709': '+51.5007-000.1246+012.000/',
    'com.apple.quicktime.make': 'Apple',
    'com.apple.quicktime.model': 'iPhone 12',
    creation_time: '2024-05-01T12:03:25Z',
  }, { appleKeys: true, seconds: 4 });
  const android = makeVideo(join(temp.path, 'android.mp4'), { location: '+48.8584+002.2945/', creation_time: '2024-05-01T12:05:00Z' });
  const rotated = makeVideo(join(temp.path, 'rotated.mp4'), {}, { videoStream: { rotate: '90' } });
  const bare = makeVideo(join(temp.path, 'bare.mp4'), {}, { source: 'smptebars=duration=2:size=320x240:rate=10' });
  const matroska = makeVideo(join(temp.path, 'clip.mkv'), { creation_time: '2024-05-01T12:07:00Z' });
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  const c = await core.cases.create({ title: 'videos', timezone: 'Europe/London', scene: { lat: 51.5007, lon: -0.1246, radiusM: 200 } }, 'tester');
  const result = await core.ingest.ingest(c.id, [apple, android, rotated, bare, matroska], { operator: 'tester' });
  expect(result.errors).toEqual([]);
  items = new Map((await core.items.list(c.id)).map((item) => [item.originalName ?? '', item]));
}, 120_000);

afterAll(async () => {
  await core.close();
  temp.remove();
});

const get = (name: string) => items.get(name)!;

describe('videos', () => {
  it('Apple: creationdate with its offset is the event time; ISO 6709 place with altitude', async () => {
    const item = get('iphone.mov');
    expect(item.kind).toBe('video');
    expect(item.eventTime).toMatchObject({ utc: '2024-05-01T12:03:22.000Z', source: 'exif-offset', confidence: 'high' });
    expect(item.eventTime?.raw).toMatchObject({ 'com.apple.quicktime.creationdate': '2024-05-01T14:03:22+0200', creation_time: '2024-05-01T12:03:25Z' });
    expect(item.location).toEqual({ lat: 51.5007, lon: -0.1246, altitudeM: 12, accuracyM: null, source: 'quicktime-iso6709' });
    expect(item.metadata).toMatchObject({ make: 'Apple', model: 'iPhone 12', videoCodec: 'mpeg4', width: 320, height: 240, frameRate: 10, durationS: 4 });
    expect(item.metadata).toMatchObject({ extractor: { name: 'ffprobe' }, frameExtractor: { name: 'ffmpeg' } });
  });

  it('Android: location from the ©xyz atom; the container time is only a container time', async () => {
    const item = get('android.mp4');
    expect(item.eventTime).toMatchObject({ utc: '2024-05-01T12:05:00.000Z', source: 'container', confidence: 'low' });
    expect(item.location).toMatchObject({ lat: 48.8584, lon: 2.2945, source: 'mp4-xyz' });
  });

  it('a poster, a thumbnail and a keyframe strip, all derived, each keyframe perceptually hashed', async () => {
    const item = get('iphone.mov');
    const roles = item.artifacts.map((a) => a.role);
    expect(roles.filter((r) => r === 'poster')).toHaveLength(1);
    expect(roles.filter((r) => r === 'thumbnail')).toHaveLength(1);
    expect(roles.filter((r) => r === 'keyframe').length).toBeGreaterThanOrEqual(2);
    expect(item.artifacts.every((a) => a.derived && a.mediaType === 'image/jpeg')).toBe(true);
    const hashes = (item.metadata?.perceptualHash as { frames: { atS: number; hash: string }[] }).frames;
    expect(hashes.map((f) => f.atS)).toEqual([0.5, 1.5, 2.5, 3.5]);
    const poster = item.artifacts.find((a) => a.role === 'poster')!;
    expect(await sharp(core.vault.pathOf(poster.sha256)).metadata()).toMatchObject({ width: 320, height: 240, format: 'jpeg' });
  });

  it('a rotation tag is read, and the poster is upright', async () => {
    const item = get('rotated.mp4');
    expect(item.metadata?.rotationDeg).toBe(90);
    const poster = item.artifacts.find((a) => a.role === 'poster')!;
    expect(await sharp(core.vault.pathOf(poster.sha256)).metadata()).toMatchObject({ width: 240, height: 320 });
  });

  it('Matroska: container time and frames too', async () => {
    const item = get('clip.mkv');
    expect(item.kind).toBe('video');
    expect(item.eventTime).toMatchObject({ utc: '2024-05-01T12:07:00.000Z', source: 'container' });
    expect(item.artifacts.some((a) => a.role === 'poster')).toBe(true);
  });

  it('a video with no time or place tags: no time, flagged, no location', async () => {
    const item = get('bare.mp4');
    expect(item.eventTime).toMatchObject({ source: 'none', utc: null });
    expect(item.flags).toContain('no-time');
    expect(item.location).toBeNull();
  });

  it('without ffprobe or ffmpeg: a clear note saying how to get them, and the item is kept', async () => {
    const c = await core.cases.create({ title: 'no tools' }, 'tester');
    const analyser = new MediaAnalyser(core.vault, { ffprobe: null, ffmpeg: null });
    const video = get('android.mp4');
    const analysis = await analyser.analyse({ ...video, caseId: c.id, artifacts: [], flags: [] }, core.vault.pathOf(video.sha256), c);
    expect(analysis?.notes?.join(' ')).toContain(missingToolMessage('ffprobe'));
    expect(missingToolMessage('ffprobe')).toMatch(/ffprobe not found: .*GOLDENHOUR_FFPROBE/);
    expect(analysis?.patch.addArtifacts).toEqual([]);
  });

  it('finds ffprobe from the npm package, and honours GOLDENHOUR_FFPROBE (missing path: none)', async () => {
    expect(findMediaTool('ffprobe')?.from).toBe('npm package');
    expect(findMediaTool('ffprobe', { GOLDENHOUR_FFPROBE: join(temp.path, 'nowhere') })).toBeNull();
    const real = findMediaTool('ffprobe')!.path;
    expect(findMediaTool('ffprobe', { GOLDENHOUR_FFPROBE: real })).toEqual({ path: real, from: 'environment' });
  });
});
