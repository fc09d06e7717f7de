import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import { makeStreams, startStreamSite, type StreamSite } from '../../support/stream-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

// A capture abandoned at its time limit while a stream is still being saved: the stream's fetches
// do not need the page, so they go on after the page is closed. What they saved (a temporary folder
// with the video and the page's WARC) must not stay on disk. The capture's temporary folders are
// made under TMPDIR, pointed here at a folder of this test's own.
const temp = makeTempDir();
const scratch = join(temp.path, 'tmp');
mkdirSync(scratch);
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = scratch;

let site: StreamSite;
let core: Core;
let result: CaptureRunResult;

beforeAll(async () => {
  makeStreams(join(temp.path, 'streams'));
  site = await startStreamSite(join(temp.path, 'streams'));
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'abandoned capture', timezone: 'Europe/London' }, 'tester')).id;
  // The stalled stream's second segment never answers; the capture gives up on the page long before
  // the stream gives up on the segment.
  result = await new CaptureService(core).capture(caseId, [site.url('/hls.html?src=/s/stall/index.m3u8')], {
    operator: 'tester', allowPrivate: true, hostIntervalMs: 0, maxAttempts: 1,
    limits: { totalTimeoutMs: 4_000, video: { timeoutMs: 1_000, segmentTimeoutMs: 15_000 } },
  });
}, 120_000);
afterAll(async () => {
  await core?.close();
  await site?.close();
  process.env.TMPDIR = savedTmp;
  temp.remove();
});

describe('a capture abandoned at its time limit', () => {
  it('fails in words and leaves no temporary files behind once the stream it was saving ends', async () => {
    expect(result.items).toEqual([]);
    expect(result.errors.map((e) => e.error).join('\n')).toMatch(/capture took longer than 5 s and was abandoned/);
    // It was abandoned while saving the stream: the segment that never answers had been asked for.
    expect(site.hits.get('/s/stall/index1.ts')).toBeGreaterThan(0);
    const left = () => readdirSync(scratch).filter((name) => name.startsWith('goldenhour-streams-'));
    // The stalled segment gives up after 15 s; its folder goes when it does.
    await expect.poll(left, { timeout: 45_000, interval: 500 }).toEqual([]);
  }, 60_000);
});
