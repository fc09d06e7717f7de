import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { findYtDlp, YTDLP_MISSING_NOTE } from '../../../src/capture/streams/yt-dlp.js';
import { openCore, type Core } from '../../../src/core.js';
import { fixturePath } from '../../support/fixture-site.js';
import { startTestProxy } from '../../support/http-proxy.js';
import { makeStreams, STREAM_CLIP, startStreamSite, type StreamSite } from '../../support/stream-site.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { sha256File } from '../../support/media.js';

// Debian's yt-dlp package (apt-get install yt-dlp); found like the capture finds it, ignoring the suite's "off".
const installed = findYtDlp({ PATH: process.env.PATH });
if (!installed || installed === 'off') console.warn('yt-dlp is not installed (apt-get install yt-dlp): the test with yt-dlp on PATH is skipped');

let site: StreamSite;
let core: Core;
const temp = makeTempDir();
const saved = { PATH: process.env.PATH, GOLDENHOUR_YTDLP: process.env.GOLDENHOUR_YTDLP };

beforeAll(async () => {
  makeStreams(join(temp.path, 'streams'));
  site = await startStreamSite(join(temp.path, 'streams'));
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
}, 120_000);
afterAll(async () => {
  Object.assign(process.env, saved);
  await core?.close();
  await site?.close();
  temp.remove();
});

/** A PATH of one folder holding only what is linked into it. */
function pathWith(name: string, links: Record<string, string>): string {
  const dir = join(temp.path, name);
  mkdirSync(dir);
  for (const [link, target] of Object.entries(links)) symlinkSync(target, join(dir, link));
  return dir;
}

async function capture(title: string, paths: string[]) {
  const caseId = (await core.cases.create({ title, timezone: 'Europe/London' }, 'tester')).id;
  return new CaptureService(core).capture(caseId, paths.map((p) => site.url(p)), { operator: 'tester', allowPrivate: true, timeoutSeconds: 15, hostIntervalMs: 0 });
}

describe.skipIf(!installed || installed === 'off')('with yt-dlp on PATH', () => {
  it('runs it on the post with the capture cookies: its file is a child flagged yt-dlp, version and command line recorded, durations compared', async () => {
    const tool = installed as { path: string };
    delete process.env.GOLDENHOUR_YTDLP;
    // Its own folder first on PATH; the rest of PATH stays (yt-dlp is a Python script run through env).
    process.env.PATH = [pathWith('with', { 'yt-dlp': tool.path }), saved.PATH].join(delimiter);
    const result = await capture('with yt-dlp', ['/video.html']);
    expect(result.errors).toEqual([]);
    const page = result.items.find((i) => i.kind === 'page')!;
    const fromYtDlp = result.items.filter((i) => i.parentId === page.id && i.flags.includes('yt-dlp'));
    expect(fromYtDlp).toHaveLength(1);
    const video = fromYtDlp[0]!;
    // A plain <video src>: yt-dlp's generic extractor downloads the very file.
    expect(video).toMatchObject({ kind: 'video', mediaType: 'video/mp4', sha256: sha256File(STREAM_CLIP), sourceUrl: site.url('/video.html') });
    const version = execFileSync(tool.path, ['--version']).toString().trim();
    const origin = video.capture!.stream as { via: string; version: string; command: string[]; durationS: number; pageDurationS: number; differenceS: number };
    expect(origin).toMatchObject({ via: 'yt-dlp', version, pageDurationS: expect.closeTo(6, 1), durationS: expect.closeTo(6, 1) });
    expect(origin.differenceS).toBeLessThanOrEqual(1);
    expect(video.flags).not.toContain('duration-mismatch');
    expect(origin.command).toEqual(expect.arrayContaining(['yt-dlp', '--no-config', '--cookies', 'yt-dlp-cookies.txt', site.url('/video.html')]));
    const record = JSON.parse(readFileSync(core.vault.pathOf(page.sha256), 'utf8')) as { ytDlp: { version: string; command: string[] } };
    expect(record.ytDlp).toMatchObject({ version, command: origin.command });
    // yt-dlp's own request for the clip carried the cookie the page set, and the browser's user agent.
    const browserUa = page.capture!.userAgent as string;
    expect(site.requests).toContainEqual({ path: '/s/clip.mp4', cookie: 'viewer=1', userAgent: browserUa });
    expect(result.notes).not.toContain(YTDLP_MISSING_NOTE);
  }, 180_000);
});

describe.skipIf(!installed || installed === 'off')('yt-dlp on a platform\'s post', () => {
  it('is not run on a Mastodon post that shows no video, the record saying why, and is run on one that shows a video', async () => {
    const tool = installed as { path: string };
    delete process.env.GOLDENHOUR_YTDLP;
    process.env.PATH = [pathWith('posts', { 'yt-dlp': tool.path }), saved.PATH].join(delimiter);
    const status = readFileSync(fixturePath('site/platforms/mastodon-status.html'), 'utf8');
    writeFileSync(join(temp.path, 'streams', 'toot-text.html'), status);
    // Mastodon's page data naming a video attachment, with no player in the page: only a sign.
    writeFileSync(join(temp.path, 'streams', 'toot-video.html'), status.replace('</body>', '<script type="application/json" id="initial-state">{"media_attachments":[{"type":"video"}]}</script></body>'));
    const result = await capture('posts and yt-dlp', ['/s/toot-text.html', '/s/toot-video.html']);
    expect(result.errors).toEqual([]);
    const record = (path: string) => {
      const page = result.items.find((i) => i.kind === 'page' && i.sourceUrl === site.url(path))!;
      expect(page.post?.platform).toBe('mastodon');
      return JSON.parse(readFileSync(core.vault.pathOf(page.sha256), 'utf8')) as { ytDlp: Record<string, unknown> | null };
    };
    expect(record('/s/toot-text.html').ytDlp).toEqual({ skipped: 'not run: this mastodon post shows no video (no video element, player, video address or request on the page or in its frames)' });
    expect(record('/s/toot-video.html').ytDlp).toMatchObject({ version: expect.any(String), command: expect.arrayContaining([site.url('/s/toot-video.html')]) });
  }, 180_000);
});

describe.skipIf(!installed || installed === 'off')('yt-dlp held to the private-address rule', () => {
  it('through --proxy, with private addresses refused, cannot reach the loopback address a public page names: refused, recorded, nothing fetched', async () => {
    const tool = installed as { path: string };
    delete process.env.GOLDENHOUR_YTDLP;
    process.env.PATH = [pathWith('guarded', { 'yt-dlp': tool.path }), saved.PATH].join(delimiter);
    // A public page (through the proxy every host ends at the stream site) with two videos: one of
    // its own, one on this machine's loopback address. yt-dlp's generic extractor takes both.
    const loopbackClip = `${site.origin}/s/clip.mp4`;
    copyFileSync(STREAM_CLIP, join(temp.path, 'streams', 'public-clip.mp4'));
    writeFileSync(join(temp.path, 'streams', 'loopback-video.html'), `<!doctype html><title>Quay</title>
      <video src="${loopbackClip}" controls></video><video src="/s/public-clip.mp4" controls></video>`);
    const proxy = await startTestProxy(site.origin);
    try {
      const caseId = (await core.cases.create({ title: 'guarded yt-dlp', timezone: 'Europe/London' }, 'tester')).id;
      const before = site.hits.get('/s/clip.mp4') ?? 0;
      const result = await new CaptureService(core).capture(caseId, ['http://quay.example/s/loopback-video.html'], { operator: 'tester', proxy: proxy.url, timeoutSeconds: 15, hostIntervalMs: 0 });
      expect(result.errors).toEqual([]);
      const page = result.items.find((i) => i.kind === 'page')!;
      // Neither the browser nor yt-dlp fetched the loopback clip, directly or through the proxy.
      expect(site.hits.get('/s/clip.mp4') ?? 0).toBe(before);
      expect((page.capture as { refusedRequests: { url: string }[] }).refusedRequests).toContainEqual({ url: loopbackClip, reason: expect.stringMatching(/^loopback or private-network address/) });
      const record = JSON.parse(readFileSync(core.vault.pathOf(page.sha256), 'utf8')) as { ytDlp: { command: string[]; privateAddressGuard?: { upstream: string | null } } };
      // yt-dlp ran through the guard on loopback, which sent the public page on to the investigator's proxy.
      expect(record.ytDlp.privateAddressGuard).toEqual({ upstream: proxy.url });
      expect(record.ytDlp.command.join(' ')).toMatch(/--proxy http:\/\/127\.0\.0\.1:\d+ /);
      expect(site.hits.get('/s/public-clip.mp4')).toBeGreaterThan(0);
      expect(proxy.requestedHosts.every((host) => host.startsWith('quay.example'))).toBe(true);
    } finally {
      await proxy.close();
    }
  }, 180_000);
});

describe('without yt-dlp', () => {
  it('says so once in the notes and captures as before', async () => {
    delete process.env.GOLDENHOUR_YTDLP;
    process.env.PATH = pathWith('without', {});
    const result = await capture('without yt-dlp', ['/video.html', '/video.html?again=1']);
    expect(result.errors).toEqual([]);
    expect(result.items.filter((i) => i.kind === 'page')).toHaveLength(2);
    expect(result.items.filter((i) => i.flags.includes('yt-dlp'))).toEqual([]);
    // The page's own video is kept all the same.
    expect(result.items.filter((i) => i.kind === 'video' && i.sha256 === sha256File(STREAM_CLIP))).toHaveLength(2);
    expect(result.notes.filter((n) => n === YTDLP_MISSING_NOTE)).toHaveLength(1);
  }, 180_000);
});
