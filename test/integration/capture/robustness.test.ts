import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureEvent, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { servedSha256, startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: FixtureSite;
let core: Core;
let result: CaptureRunResult;
const events: CaptureEvent[] = [];
const temp = makeTempDir();

const paths = [
  '/slow.html?ms=1200', '/slow.html?ms=9000', '/never.html', '/loop/a', '/download.bin', '/dialog.html', '/popup.html',
  '/status/404', '/status/500', '/login.html', '/cookie-wall.html', '/bot-check.html', '/feed.html', '/hls.html', '/rate-limited.html',
];

const page = (path: string): Item => {
  const item = result.items.find((i) => i.kind === 'page' && i.sourceUrl === site.url(path));
  if (!item) throw new Error(`no page item for ${path}; errors: ${JSON.stringify(result.errors)}`);
  return item;
};
const error = (path: string) => result.errors.find((e) => e.url === site.url(path))?.error;
const record = (blob: { sha256: string }) => JSON.parse(readFileSync(core.vault.pathOf(blob.sha256), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  site = await startFixtureSite();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'robustness' }, 'tester')).id;
  result = await new CaptureService(core).capture(caseId, paths.map((p) => site.url(p)), {
    operator: 'tester', allowPrivate: true, timeoutSeconds: 3, hostIntervalMs: 0, concurrency: 4, maxAttempts: 2, retryBaseMs: 200,
    limits: { settleMs: 1000, scroll: { maxHeightPx: 4000, maxTimeMs: 8000, stepWaitMs: 100 } },
    onEvent: (event) => events.push(event),
  });
}, 240_000);
afterAll(async () => {
  await core.close();
  await site.close();
  temp.remove();
});

describe('every URL ends captured or failed with a reason', () => {
  it('accounts for each URL once', () => {
    const pages = result.items.filter((i) => i.parentId === null).map((i) => i.sourceUrl);
    const failed = result.errors.map((e) => e.url);
    expect([...pages, ...failed].sort()).toEqual(paths.map((p) => site.url(p)).sort());
    for (const e of result.errors) expect(e.error.length).toBeGreaterThan(10);
  });

  it('reports progress: queued, started and done or failed for each URL', () => {
    for (const p of paths) {
      const url = site.url(p);
      const types = events.filter((e) => e.url === url).map((e) => e.type);
      expect(types[0]).toBe('queued');
      expect(types).toContain('started');
      expect(types.at(-1)).toMatch(/^(done|failed)$/);
    }
    expect(events.some((e) => e.type === 'artifact' && e.role === 'wacz')).toBe(true);
  });
});

describe('robustness cases', () => {
  it('a slow page within the timeout is captured normally', () => {
    expect(page('/slow.html?ms=1200')).toMatchObject({ flags: [], capture: { status: 200, loadState: 'load' } });
  });

  it('a server that does not answer within the timeout fails, after a retry, saying so', () => {
    expect(error('/slow.html?ms=9000')).toMatch(/no response within 3 s/);
    expect(events.some((e) => e.type === 'retrying' && e.url === site.url('/slow.html?ms=9000'))).toBe(true);
  });

  it('a page that never finishes loading is captured at the timeout and flagged', () => {
    const item = page('/never.html');
    expect(item.flags).toContain('timeout');
    expect(item.capture).toMatchObject({ loadState: 'timeout', status: 200 });
  });

  it('a redirect loop fails with a clear reason', () => {
    expect(error('/loop/a')).toMatch(/redirects in a loop/);
  });

  it('a download is kept as the file itself, named and flagged, with a capture record', () => {
    const item = result.items.find((i) => i.sourceUrl === site.url('/download.bin'))!;
    expect(item).toMatchObject({ kind: 'file', originalName: 'report.bin', flags: ['download'], sha256: servedSha256('files/report.bin') });
    expect(item.capture).toMatchObject({ requestedUrl: site.url('/download.bin'), download: { suggestedFilename: 'report.bin' } });
    expect(record(item.artifacts.find((a) => a.role === 'capture-record')!)).toMatchObject({ file: { sha256: item.sha256 } });
  });

  it('dialogs are dismissed and recorded; the page is captured', () => {
    expect(page('/dialog.html').capture?.dialogs).toEqual([{ type: 'alert', message: 'Subscribe to our newsletter!' }, { type: 'confirm', message: 'Are you sure?' }]);
  });

  it('pop-ups are closed and recorded; the page is captured', () => {
    expect(page('/popup.html').capture?.popups).toEqual([site.url('/article.html')]);
  });

  it.each([['/status/404', 404], ['/status/500', 500]])('%s is evidence too: captured with its status and flagged', (path, status) => {
    const item = page(path);
    expect(item.capture).toMatchObject({ status });
    expect(item.flags).toContain('http-error');
    expect(item.artifacts.map((a) => a.role)).toContain('screenshot-full');
  });

  it.each([['/login.html', 'login-wall'], ['/cookie-wall.html', 'cookie-wall'], ['/bot-check.html', 'bot-check']])('%s is flagged %s and still kept', (path, flag) => {
    const item = page(path);
    expect(item.flags).toContain(flag);
    expect(item.artifacts).toHaveLength(6);
  });

  it('an infinite feed stops at the height limit and records where', () => {
    const scroll = page('/feed.html').capture?.scroll as { stoppedBy: string; reachedPx: number; documentHeightPx: number };
    expect(scroll.stoppedBy).toBe('height-limit');
    expect(scroll.reachedPx).toBeGreaterThanOrEqual(4000);
    expect(site.hits.get('/feed.html')).toBe(1);
  });

  it('HLS is recorded as streaming media, not silently dropped', () => {
    const item = page('/hls.html');
    expect(item.flags).toContain('streaming-media');
    expect(item.capture?.streamingMedia).toContainEqual({ url: site.url('/media/stream.m3u8'), format: 'hls' });
    expect(result.items.filter((i) => i.parentId === item.id)).toEqual([]);
    expect(record(item)).toMatchObject({ media: { streaming: [{ url: site.url('/media/stream.m3u8'), format: 'hls' }] } });
  });

  it('a 429 Too Many Requests is retried after its Retry-After, then captured', () => {
    expect(page('/rate-limited.html').capture).toMatchObject({ status: 200 });
    expect(events.some((e) => e.type === 'retrying' && e.url === site.url('/rate-limited.html') && e.delayMs === 1000)).toBe(true);
  });
});
