import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { findMediaTool } from '../../../src/media/media-tools.js';
import { makeStreams, startStreamSite, type StreamSite } from '../../support/stream-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

const PAGES = { live: '/hls.html?src=/s/live/index.m3u8', stall: '/hls.html?src=/s/stall/index.m3u8' };

let site: StreamSite;
let core: Core;
let result: CaptureRunResult;
const temp = makeTempDir();

beforeAll(async () => {
  makeStreams(join(temp.path, 'streams'));
  site = await startStreamSite(join(temp.path, 'streams'));
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'stream limits', timezone: 'Europe/London' }, 'tester')).id;
  result = await new CaptureService(core).capture(caseId, Object.values(PAGES).map((p) => site.url(p)), {
    operator: 'tester', allowPrivate: true, timeoutSeconds: 15, hostIntervalMs: 0, concurrency: 2,
    limits: { video: { maxSeconds: 8, segmentTimeoutMs: 3000 } },
  });
}, 300_000);
afterAll(async () => {
  await core?.close();
  await site?.close();
  temp.remove();
});

const videoOf = (path: string): Item => {
  const page = result.items.find((i) => i.kind === 'page' && i.sourceUrl === site.url(path));
  if (!page) throw new Error(`no page item for ${path}: ${JSON.stringify(result.errors)}`);
  const video = result.items.find((i) => i.parentId === page.id && i.flags.includes('stream'));
  if (!video) throw new Error(`no stream video under ${path}`);
  return video;
};
const durationS = (item: Item) => Number(execFileSync(findMediaTool('ffprobe')!.path, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', core.vault.pathOf(item.sha256)]).toString());

describe('stream limits, live and stalled streams', () => {
  it('records a growing live playlist up to --max-video-seconds, following it as it grows, flagged live and truncated', () => {
    const video = videoOf(PAGES.live);
    expect(video.flags).toEqual(expect.arrayContaining(['stream', 'live', 'truncated']));
    const origin = video.capture!.stream as { live: boolean; truncated: { reason: string; detail: string }; tracks: { segments: number }[] };
    expect(origin).toMatchObject({ live: true, truncated: { reason: 'max-video-seconds', detail: expect.stringContaining('limit being 8 s') } });
    expect(origin.tracks[0]!.segments).toBe(4);
    // The playlist lists three segments at a time: the fourth came from reloading it.
    expect(site.hits.get('/s/live/index.m3u8')).toBeGreaterThan(1);
    expect(Math.abs(durationS(video) - 8)).toBeLessThanOrEqual(0.5);
  });

  it('keeps what a stalled stream gave before it stopped answering, flagged truncated with the reason', () => {
    const video = videoOf(PAGES.stall);
    expect(video.flags).toEqual(expect.arrayContaining(['stream', 'truncated']));
    expect(video.flags).not.toContain('live');
    expect(video.capture!.stream).toMatchObject({ truncated: { reason: 'stalled', detail: expect.stringMatching(/index1\.ts.*after 1 segments, 2\.0 s/) } });
    // The reason is the failure's first line: never the request's headers, whose cookies are the investigator's session.
    expect(JSON.stringify(video.capture)).not.toContain('viewer=1');
    expect(Math.abs(durationS(video) - 2)).toBeLessThanOrEqual(0.5);
  });
});
