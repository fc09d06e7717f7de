import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { findMediaTool } from '../../../src/media/media-tools.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { archivedResponses, replayProblem } from '../../support/warc-records.js';

// A page linking one long video as a single file (not a stream): 207 MB of raw 720p video,
// served by Range from disk. The capture must fetch it without holding it whole in memory.
// Fetching by ranges costs Node a fixed amount (ranges in flight and not yet collected: 28-64
// MiB seen, the most on CI's machine), holding the file whole costs its size (126 MiB for a
// 124 MB file before ranges), so the file is large enough for the two to stay far apart.
const temp = makeTempDir();
const videoPath = join(temp.path, 'long.mkv');
let server: Server;
let origin: string;
let core: Core;
let result: CaptureRunResult;
let truncatedRun: CaptureRunResult;
let peakGrowth = 0;
let videoSize = 0;
let videoSha256 = '';

const PAGE = '<!doctype html><title>Long video</title><p>Harbour Road, 14:02</p><video src="/long.mkv" preload="none" controls></video>';
const UNDECLARED = '<!doctype html><title>Long video, no length</title><video src="/undeclared.mkv" preload="none"></video>';

/** Serves the video from disk by Range; /undeclared.mkv states no length anywhere (HEAD without Content-Length, `bytes a-b/*`). */
function startSite(): Promise<void> {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/page.html' || path === '/undeclared.html') {
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(path === '/page.html' ? PAGE : UNDECLARED);
    }
    if (path !== '/long.mkv' && path !== '/undeclared.mkv') return void res.writeHead(404).end();
    const declared = path === '/long.mkv';
    const base = { 'content-type': 'video/x-matroska', 'accept-ranges': 'bytes' };
    const asked = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (req.method === 'HEAD') return void res.writeHead(200, declared ? { ...base, 'content-length': videoSize } : base).end();
    if (!asked) {
      res.writeHead(200, { ...base, 'content-length': videoSize });
      return void createReadStream(videoPath).pipe(res);
    }
    const start = Number(asked[1]);
    const end = Math.min(asked[2] ? Number(asked[2]) : videoSize - 1, videoSize - 1);
    if (start >= videoSize) return void res.writeHead(416, { ...base, 'content-range': `bytes */${videoSize}` }).end();
    res.writeHead(206, { ...base, 'content-range': `bytes ${start}-${end}/${declared ? videoSize : '*'}`, 'content-length': end - start + 1 });
    createReadStream(videoPath, { start, end }).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve();
  }));
}

beforeAll(async () => {
  execFileSync(findMediaTool('ffmpeg')!.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=1280x720:rate=30', '-t', '5', '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', videoPath]);
  videoSize = statSync(videoPath).size;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(videoPath)) hash.update(chunk as Buffer);
  videoSha256 = hash.digest('hex');
  await startSite();
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'long video', timezone: 'Europe/London' }, 'tester')).id;
  const service = new CaptureService(core);
  const options = { operator: 'tester', allowPrivate: true, timeoutSeconds: 30, hostIntervalMs: 0 };
  // Warm up (browser launch, first capture's allocations) so the growth measured is the video's.
  await service.capture(caseId, [`${origin}/undeclared.html?warm-up`], { ...options, limits: { media: { maxItemBytes: 1024 * 1024 } } });
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    // Its own per-file limit: the default (200 MiB) is barely above this file's size.
    result = await service.capture(caseId, [`${origin}/page.html`], { ...options, limits: { media: { maxItemBytes: 256 * 1024 * 1024 } } });
  } finally {
    clearInterval(sampler);
  }
  peakGrowth = Math.max(peak, process.memoryUsage().rss) - before;
  truncatedRun = await service.capture(caseId, [`${origin}/undeclared.html`], { ...options, limits: { media: { maxItemBytes: 20 * 1024 * 1024 } } });
}, 300_000);
afterAll(async () => {
  await core?.close();
  await new Promise((resolve) => server?.close(resolve));
  temp.remove();
});

const pageOf = (run: CaptureRunResult): Item => {
  const item = run.items.find((i) => i.kind === 'page');
  if (!item) throw new Error(`no page item: ${JSON.stringify(run.errors)}`);
  return item;
};
const blob = (sha: string) => readFileSync(core.vault.pathOf(sha));

describe('a page linking a long video as a single file', () => {
  it('stores the whole video as a child item, hashed as served, without the capture holding it in memory', () => {
    expect(result.errors).toEqual([]);
    const video = result.items.find((i) => i.parentId === pageOf(result).id);
    console.log(`large-video: ${videoSize} bytes, peak RSS growth ${(peakGrowth / 1024 / 1024).toFixed(1)} MiB`);
    expect(video).toMatchObject({ kind: 'video', mediaType: 'video/matroska', sha256: videoSha256, size: videoSize, sourceUrl: `${origin}/long.mkv` });
    expect(statSync(core.vault.pathOf(videoSha256)).size).toBe(videoSize);
    // Fetched by 8 MiB ranges, each written before the next: the process grows by a fraction of the file.
    expect(peakGrowth).toBeLessThan(videoSize / 2);
  });

  it('records every byte of it in the page\'s WACZ, so the archive replays it', async () => {
    const page = pageOf(result);
    const wacz = blob(page.artifacts.find((a) => a.role === 'wacz')!.sha256);
    const record = JSON.parse(blob(page.sha256).toString()) as { media: { downloaded: { url: string; sha256: string; source: string }[] } };
    expect(record.media.downloaded).toEqual([expect.objectContaining({ url: `${origin}/long.mkv`, sha256: videoSha256, source: 'fetched' })]);
    expect(replayProblem(await archivedResponses(wacz), `${origin}/long.mkv`, readFileSync(videoPath))).toBeNull();
  });

  it('stops at the per-file limit when the server never says how long the file is: skipped with the reason, the fetched part in the WACZ flagged truncated', () => {
    expect(truncatedRun.errors).toEqual([]);
    const page = pageOf(truncatedRun);
    expect(truncatedRun.items.filter((i) => i.parentId === page.id)).toEqual([]);
    const record = JSON.parse(blob(page.sha256).toString()) as { media: { skipped: { url: string; reason: string }[] } };
    expect(record.media.skipped).toEqual([{ url: `${origin}/undeclared.mkv`, reason: `more than ${20 * 1024 * 1024} bytes, over the per-file limit of ${20 * 1024 * 1024}` }]);
    const warc = blob(page.artifacts.find((a) => a.role === 'wacz')!.sha256);
    expect(warc.includes(Buffer.from('WARC-Truncated: length'))).toBe(true);
  });
});
