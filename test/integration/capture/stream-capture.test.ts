import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { parseHlsPlaylist } from '../../../src/capture/streams/hls-playlist.js';
import { parseSidx } from '../../../src/capture/streams/dash-plan.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { findMediaTool } from '../../../src/media/media-tools.js';
import { validateWacz } from '../../../src/wacz/wacz-validator.js';
import { makeStreams, mp4Boxes, startStreamSite, type StreamSite } from '../../support/stream-site.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { archivedResponses, replayProblem, type ArchivedResponse } from '../../support/warc-records.js';

const SOURCE = { durationS: 6, frames: 150 };
const PAGES = {
  plain: '/hls.html?src=/s/plain/index.m3u8',
  master: '/hls.html?src=/s/master/master.m3u8',
  aes: '/hls.html?src=/s/aes/index.m3u8&load=manifest',
  byterange: '/hls.html?src=/s/byterange/index.m3u8',
  dash: '/dash.html?src=/s/dash/manifest.mpd',
  dashBase: '/dash.html?src=/s/dash-base/manifest.mpd',
  mediaSource: '/mse.html',
};

let site: StreamSite;
let core: Core;
let result: CaptureRunResult;
const temp = makeTempDir();
const streams = join(temp.path, 'streams');

beforeAll(async () => {
  makeStreams(streams);
  site = await startStreamSite(streams);
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'streams', timezone: 'Europe/London' }, 'tester')).id;
  result = await new CaptureService(core).capture(caseId, Object.values(PAGES).map((p) => site.url(p)), {
    operator: 'tester', allowPrivate: true, timeoutSeconds: 15, hostIntervalMs: 0, concurrency: 2,
  });
}, 300_000);
afterAll(async () => {
  await core?.close();
  await site?.close();
  temp.remove();
});

const page = (path: string): Item => {
  const item = result.items.find((i) => i.kind === 'page' && i.sourceUrl === site.url(path));
  if (!item) throw new Error(`no page item for ${path}: ${JSON.stringify(result.errors)}`);
  return item;
};
const videosOf = (path: string) => result.items.filter((i) => i.parentId === page(path).id && i.flags.includes('stream'));

interface Probe { format: { duration: string }; streams: { codec_type: string; codec_name: string; width?: number; nb_read_frames?: string }[] }
function probe(item: Item): Probe {
  const ffprobe = findMediaTool('ffprobe')!.path;
  return JSON.parse(execFileSync(ffprobe, ['-v', 'error', '-count_frames', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,nb_read_frames', '-of', 'json', core.vault.pathOf(item.sha256)]).toString()) as Probe;
}

const responsesCache = new Map<string, ArchivedResponse[]>();
async function responses(path: string): Promise<ArchivedResponse[]> {
  if (!responsesCache.has(path)) {
    const wacz = page(path).artifacts.find((a) => a.role === 'wacz')!;
    responsesCache.set(path, await archivedResponses(readFileSync(core.vault.pathOf(wacz.sha256))));
  }
  return responsesCache.get(path)!;
}

/** Every segment a media playlist lists, as (file, range) to find in the archive. */
function hlsSegments(playlist: string): { file: string; end?: number }[] {
  const media = parseHlsPlaylist(readFileSync(join(streams, playlist), 'utf8'), site.url(`/s/${playlist}`));
  if (media.kind !== 'media') throw new Error(`${playlist} is not a media playlist`);
  return [...new Set(media.segments.map((s) => new URL(s.url).pathname.slice(3)))].map((file) => ({ file }));
}

async function expectReplays(path: string, files: { file: string; end?: number }[]) {
  const archived = await responses(path);
  for (const { file, end } of files) {
    expect(replayProblem(archived, site.url(`/s/${file}`), readFileSync(join(streams, file)), end)).toBeNull();
  }
}

describe('videos saved from streams', () => {
  it('captures every page without error and keeps one stream video per page', () => {
    expect(result.errors).toEqual([]);
    for (const path of Object.values(PAGES)) {
      expect(videosOf(path), path).toHaveLength(1);
      expect(page(path).flags).toContain('streaming-media');
    }
  });

  it.each(Object.entries(PAGES))('%s: the video lasts as long as the source, with every frame and an audio track', (_name, path) => {
    const [video] = videosOf(path);
    expect(video).toMatchObject({ kind: 'video', mediaType: 'video/mp4', parentId: page(path).id });
    const probed = probe(video!);
    expect(Math.abs(Number(probed.format.duration) - SOURCE.durationS)).toBeLessThanOrEqual(0.5);
    const v = probed.streams.find((s) => s.codec_type === 'video')!;
    expect(v).toMatchObject({ codec_name: 'h264', width: 640 });
    expect(Number(v.nb_read_frames)).toBe(SOURCE.frames);
    expect(probed.streams.filter((s) => s.codec_type === 'audio').map((s) => s.codec_name)).toEqual(['aac']);
    // Analysed like an imported video: duration and poster.
    expect(video!.metadata).toMatchObject({ durationS: expect.closeTo(SOURCE.durationS, 0) });
    expect(video!.artifacts.some((a) => a.role === 'poster')).toBe(true);
  });

  it('says where each video came from: manifest, rendition, tracks and the ffmpeg command (stream copy)', () => {
    const [master] = videosOf(PAGES.master);
    expect(master!.sourceUrl).toBe(site.url('/s/master/master.m3u8'));
    const origin = master!.capture!.stream as { via: string; tracks: { role: string; rendition: Record<string, unknown> }[]; ffmpeg: string[] };
    expect(origin.via).toBe('hls');
    expect(origin.tracks.map((t) => t.role)).toEqual(['video', 'audio']);
    expect(origin.tracks[0]!.rendition).toMatchObject({ playlist: site.url('/s/master/hi/index.m3u8'), bandwidth: 400000, resolution: { width: 640, height: 360 }, of: 2 });
    expect(origin.tracks[1]!.rendition).toMatchObject({ playlist: site.url('/s/master/audio/index.m3u8'), language: 'en' });
    expect(origin.ffmpeg).toContain('copy');
    expect(origin.ffmpeg.join(' ')).not.toMatch(/libx264|-c:v (?!copy)/);
    const [fromPlayer] = videosOf(PAGES.mediaSource);
    expect(fromPlayer!.capture!.stream).toMatchObject({ via: 'media-source', tracks: [{ role: 'video', mimeType: expect.stringContaining('avc1') }, { role: 'audio' }] });
    const record = JSON.parse(readFileSync(core.vault.pathOf(page(PAGES.dash).sha256), 'utf8')) as { media: { videos: { sha256: string; via: string }[] } };
    expect(record.media.videos).toEqual([expect.objectContaining({ sha256: videosOf(PAGES.dash)[0]!.sha256, via: 'dash' })]);
  });

  it('keeps the manifest and every segment in the page WARC, so the archive replays the stream', async () => {
    for (const path of Object.values(PAGES)) {
      expect((await validateWacz(readFileSync(core.vault.pathOf(page(path).artifacts.find((a) => a.role === 'wacz')!.sha256)))).errors).toEqual([]);
    }
    await expectReplays(PAGES.plain, [{ file: 'plain/index.m3u8' }, ...hlsSegments('plain/index.m3u8')]);
    await expectReplays(PAGES.master, [{ file: 'master/master.m3u8' }, { file: 'master/hi/index.m3u8' }, ...hlsSegments('master/hi/index.m3u8'), ...hlsSegments('master/audio/index.m3u8')]);
    await expectReplays(PAGES.aes, [{ file: 'aes/key.bin' }, ...hlsSegments('aes/index.m3u8')]);
    await expectReplays(PAGES.byterange, hlsSegments('byterange/index.m3u8'));
    const dashFiles = ['init-stream0.mp4', 'init-stream1.mp4', 'chunk-stream0-00001.mp4', 'chunk-stream0-00003.mp4', 'chunk-stream1-00003.mp4'];
    await expectReplays(PAGES.dash, [{ file: 'dash/manifest.mpd' }, ...dashFiles.map((f) => ({ file: `dash/${f}` }))]);
    for (const name of ['video.mp4', 'audio.mp4']) {
      const file = readFileSync(join(streams, 'dash-base', name));
      const sidx = mp4Boxes(file).find((b) => b.type === 'sidx')!;
      const last = parseSidx(file.subarray(sidx.offset, sidx.offset + sidx.size), sidx.offset).at(-1)!;
      await expectReplays(PAGES.dashBase, [{ file: `dash-base/${name}`, end: last.range.end }]);
      await expectReplays(PAGES.mediaSource, [{ file: `mse/${name}` }]);
    }
  });

  it('fetches what the player had not, in the page context: the AES-128 key (given only with the page cookie) and every segment', () => {
    const [video] = videosOf(PAGES.aes);
    expect(video!.flags).not.toContain('truncated');
    const origin = video!.capture!.stream as { tracks: { segments: number; segmentsFromPage: number }[] };
    // The player read the playlist only: every segment and the key were fetched for the capture.
    expect(origin.tracks).toEqual([expect.objectContaining({ segments: 3, segmentsFromPage: 0 })]);
    expect(site.hits.get('/s/aes/key.bin')).toBe(1);
    expect(site.hits.get('/s/aes/index0.ts')).toBe(1);
  });
});
