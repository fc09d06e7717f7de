import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import { findMediaTool, runTool } from '../../../src/media/media-tools.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: FixtureSite;
let core: Core;
let recorded: CaptureRunResult;
let plain: CaptureRunResult;
const temp = makeTempDir();

beforeAll(async () => {
  site = await startFixtureSite();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'recording', timezone: 'Europe/London' }, 'tester')).id;
  const service = new CaptureService(core);
  const options = { operator: 'tester', allowPrivate: true, timeoutSeconds: 10, hostIntervalMs: 0, maxAttempts: 1 };
  recorded = await service.capture(caseId, [site.url('/comments/youtube-watch.html')], { ...options, limits: { recordScreen: true } });
  plain = await service.capture(caseId, [site.url('/feed.html')], options);
}, 180_000);
afterAll(async () => {
  await core.close();
  await site.close();
  temp.remove();
});

describe('screen recording (--record-video)', () => {
  it('keeps a WebM of the page as the browser showed it, stored with its hash and named in the capture record', async () => {
    expect(recorded.errors).toEqual([]);
    const page = recorded.items.find((i) => i.kind === 'page')!;
    const video = page.artifacts.find((a) => a.role === 'screen-recording');
    expect(video).toMatchObject({ mediaType: 'video/webm', derived: false });
    const bytes = readFileSync(core.vault.pathOf(video!.sha256));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(video!.sha256);
    expect(bytes.length).toBe(video!.size);
    const record = JSON.parse(readFileSync(core.vault.pathOf(page.sha256), 'utf8'));
    expect(record.artifacts).toContainEqual({ role: 'screen-recording', sha256: video!.sha256, size: video!.size, mediaType: 'video/webm' });
    expect(record.screenRecording).toMatchObject({ frames: expect.any(Number), command: expect.arrayContaining(['libvpx']) });
    // A real VP8 WebM at the viewport's size, as long as the recording says.
    const probe = JSON.parse((await runTool(findMediaTool('ffprobe')!.path, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', core.vault.pathOf(video!.sha256)])).toString());
    expect(probe.format.format_name).toMatch(/webm/);
    expect(probe.streams[0]).toMatchObject({ codec_name: 'vp8', width: 1280, height: 800 });
    expect(Number(probe.format.duration)).toBeGreaterThan(0.5);
    expect(Math.abs(Number(probe.format.duration) * 1000 - record.screenRecording.durationMs)).toBeLessThan(1000);
  });

  it('is off by default', () => {
    const page = plain.items.find((i) => i.kind === 'page')!;
    expect(page.artifacts.map((a) => a.role)).not.toContain('screen-recording');
    expect(page.capture!.screenRecording).toBeUndefined();
  });
});
