import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import { verifyCase } from '../../../src/custody/verify-case.js';
import type { Item } from '../../../src/domain/item.js';
import { validateWacz } from '../../../src/wacz/wacz-validator.js';
import { readZip } from '../../../src/wacz/zip-reader.js';
import { launchTestBrowser } from '../../support/chromium.js';
import { servedSha256, startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: FixtureSite;
let core: Core;
let result: CaptureRunResult;
let caseId: number;
const temp = makeTempDir();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const blob = (sha: string) => readFileSync(core.vault.pathOf(sha));
const pageItem = (path: string): Item => {
  const item = result.items.find((i) => i.kind === 'page' && i.sourceUrl === site.url(path));
  if (!item) throw new Error(`no page item for ${path}: ${JSON.stringify(result.errors)}`);
  return item;
};
const artifact = (item: Item, role: string) => item.artifacts.find((a) => a.role === role)!;

beforeAll(async () => {
  site = await startFixtureSite();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  caseId = (await core.cases.create({ title: 'capture', timezone: 'Europe/London' }, 'tester')).id;
  result = await new CaptureService(core).capture(caseId, [site.url('/post.html'), site.url('/redirect/3'), site.url('/article.html?fits')], {
    operator: 'tester', allowPrivate: true, timeoutSeconds: 5, hostIntervalMs: 0, concurrency: 2,
  });
}, 120_000);
afterAll(async () => {
  await core.close();
  await site.close();
  temp.remove();
});

describe('capturing a post-shaped page', () => {
  it('records a page item with every artifact, each stored under its own sha256', () => {
    expect(result.errors).toEqual([]);
    const page = pageItem('/post.html');
    expect(page.artifacts.map((a) => a.role).sort()).toEqual(['capture-record', 'dom', 'mhtml', 'screenshot-full', 'screenshot-viewport', 'wacz']);
    for (const a of page.artifacts) {
      expect(a.derived).toBe(false);
      const bytes = blob(a.sha256);
      expect(sha256(bytes)).toBe(a.sha256);
      expect(bytes.length).toBe(a.size);
    }
    expect(blob(artifact(page, 'screenshot-full').sha256).subarray(1, 4).toString()).toBe('PNG');
    expect(blob(artifact(page, 'mhtml').sha256).toString()).toMatch(/Content-Type: multipart\/related/);
    expect(blob(artifact(page, 'dom').sha256).toString()).toMatch(/Loaded on scroll/);
    // The item's own hash is the capture record, which names every other artifact's hash.
    expect(page.sha256).toBe(artifact(page, 'capture-record').sha256);
  });

  it('writes a capture record with URL, status, server, times, browser, operator and artifact hashes', () => {
    const page = pageItem('/post.html');
    const record = JSON.parse(blob(page.sha256).toString()) as Record<string, unknown>;
    expect(record).toMatchObject({
      requestedUrl: site.url('/post.html'), finalUrl: site.url('/post.html'), status: 200, serverIp: '127.0.0.1', proxy: null, operator: 'tester',
      browser: { name: 'Chromium', version: expect.stringMatching(/^\d+\./) }, userAgent: expect.stringContaining('Chrome/'),
      viewport: { width: 1280, height: 800 }, tool: { name: 'Golden Hour', version: expect.any(String) }, loadState: 'load',
      scroll: { stoppedBy: 'end' },
    });
    expect(Date.parse(record.endedAt as string)).toBeGreaterThanOrEqual(Date.parse(record.startedAt as string));
    expect(record.responseHeaders).toContainEqual(['content-type', 'text/html; charset=utf-8']);
    const listed = (record.artifacts as { role: string; sha256: string }[]).map((a) => `${a.role}:${a.sha256}`);
    for (const a of page.artifacts.filter((x) => x.role !== 'capture-record')) expect(listed).toContain(`${a.role}:${a.sha256}`);
    expect(page.capture).toMatchObject({ requestedUrl: site.url('/post.html'), status: 200, serverIp: '127.0.0.1', tls: null });
  });

  it('writes a WACZ that our validator accepts, holding every request with the server IP and a warcinfo naming tool and operator', async () => {
    const wacz = blob(artifact(pageItem('/post.html'), 'wacz').sha256);
    const report = await validateWacz(wacz);
    expect(report).toMatchObject({ valid: true, waczVersion: '1.1.1', pages: 1, errors: [] });
    const files = await readZip(wacz);
    const warc = files.find((f) => f.path.startsWith('archive/'))!.data.toString('latin1');
    expect(warc.startsWith('WARC/1.1\r\nWARC-Filename:')).toBe(true);
    expect(warc).toMatch(/software: Golden Hour [\d.]+\r\noperator: tester/);
    for (const path of ['/post.html', '/media/yosemite.jpg', '/media/large.jpg', '/media/clip.mp4']) {
      expect(warc).toContain(`WARC-Target-URI: ${site.url(path)}`);
    }
    expect(warc).toContain('WARC-IP-Address: 127.0.0.1');
    const cdxj = files.find((f) => f.path === 'indexes/index.cdxj')!.data.toString();
    expect(cdxj).toContain(`"url":"${site.url('/post.html')}"`);
    expect(files.find((f) => f.path === 'pages/pages.jsonl')!.data.toString()).toContain(`"url":"${site.url('/post.html')}"`);
  });

  it('reads the post and makes its publication time the event time', () => {
    const page = pageItem('/post.html');
    expect(page.post).toEqual({
      platform: null, url: site.url('/post.html'), author: 'Alex Reporter', handle: '@harbourwatch', publishedAt: '2026-11-21T08:15:00.000Z',
      text: 'Water is over the kerb on Harbour Road, cars turning back.', mediaUrls: [site.url('/media/yosemite.jpg'), site.url('/media/clip.mp4')],
    });
    expect(page.eventTime).toMatchObject({ utc: '2026-11-21T08:15:00.000Z', source: 'post' });
    expect(page.flags).toEqual([]);
  });

  it('downloads the page media as child items: the largest srcset rendition, the video, photos with EXIF, hashes as served', () => {
    const page = pageItem('/post.html');
    const media = result.items.filter((i) => i.parentId === page.id);
    const byUrl = Object.fromEntries(media.map((m) => [m.sourceUrl, m]));
    expect(byUrl[site.url('/media/yosemite.jpg')]).toMatchObject({ kind: 'photo', mediaType: 'image/jpeg', sha256: servedSha256('media/yosemite.jpg') });
    expect(byUrl[site.url('/media/large.jpg')]).toMatchObject({ kind: 'photo', sha256: servedSha256('media/large.jpg') });
    expect(byUrl[site.url('/media/clip.mp4')]).toMatchObject({ kind: 'video', mediaType: 'video/mp4', sha256: servedSha256('media/clip.mp4') });
    // The 100w candidate of the srcset is not what we keep: the 527w one is.
    expect(byUrl[site.url('/media/small.jpg')]).toBeUndefined();
    for (const m of media) expect(sha256(blob(m.sha256))).toBe(m.sha256);
    const record = JSON.parse(blob(page.sha256).toString()) as { media: { downloaded: { sha256: string }[] } };
    expect(record.media.downloaded.map((d) => d.sha256).sort()).toEqual(media.map((m) => m.sha256).sort());
  });

  it('records the custody of every item, and the chain verifies', async () => {
    const page = pageItem('/post.html');
    const entries = await core.ledger.list(caseId, page.id);
    expect(entries[0]).toMatchObject({ action: 'item acquired' });
    expect(entries[0]!.details).toMatchObject({ method: 'web capture', url: site.url('/post.html') });
    const media = result.items.filter((i) => i.parentId === page.id);
    for (const m of media) {
      const actions = (await core.ledger.list(caseId, m.id)).map((entry) => entry.action);
      expect(actions[0]).toBe('item acquired');
    }
    const report = await verifyCase(core, caseId);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe('the full-page screenshot', () => {
  const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
  it('of a page longer than the viewport is shot after scrolling, taller than the viewport shot', () => {
    const page = pageItem('/post.html');
    const full = blob(artifact(page, 'screenshot-full').sha256);
    expect(pngSize(full).height).toBeGreaterThan(pngSize(blob(artifact(page, 'screenshot-viewport').sha256)).height);
    expect((JSON.parse(blob(page.sha256).toString()) as Record<string, unknown>).fullScreenshot).toBeUndefined();
  });

  it('of a page that fits the viewport is the viewport shot, and the record says why', () => {
    const page = pageItem('/article.html?fits');
    expect(artifact(page, 'screenshot-full').sha256).toBe(artifact(page, 'screenshot-viewport').sha256);
    expect(pngSize(blob(artifact(page, 'screenshot-full').sha256))).toEqual({ width: 1280, height: 800 });
    const record = JSON.parse(blob(page.sha256).toString()) as Record<string, unknown>;
    expect(record).toMatchObject({ scroll: { stoppedBy: 'end', steps: 0 }, fullScreenshot: { sameAsViewport: true, reason: 'the page fit the viewport and was not scrolled' } });
    expect(record.artifacts).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'screenshot-full' }), expect.objectContaining({ role: 'screenshot-viewport' })]));
  });
});

describe('media limits', () => {
  it('stops at the per-page count and says what was left out and why', async () => {
    const limited = await new CaptureService(core).capture(caseId, [site.url('/post.html?limited=1')], {
      operator: 'tester', allowPrivate: true, timeoutSeconds: 5, hostIntervalMs: 0, limits: { media: { maxCount: 1 } },
    });
    const page = limited.items.find((i) => i.kind === 'page')!;
    expect(limited.items.filter((i) => i.parentId === page.id)).toHaveLength(1);
    const record = JSON.parse(blob(page.sha256).toString()) as { media: { skipped: { url: string; reason: string }[] } };
    expect(record.media.skipped.length).toBeGreaterThanOrEqual(2);
    for (const s of record.media.skipped) expect(s.reason).toBe('over the limit of 1 media per page');
    expect(page.capture).toMatchObject({ mediaSkipped: record.media.skipped.length });
  });
});

describe('a redirect chain', () => {
  it('keeps every hop with its status and where it pointed, and the final URL', () => {
    const page = pageItem('/redirect/3');
    expect(page.capture).toMatchObject({
      finalUrl: site.url('/article.html'), status: 200,
      redirects: [
        { url: site.url('/redirect/3'), status: 302, location: '/redirect/2' },
        { url: site.url('/redirect/2'), status: 302, location: '/redirect/1' },
        { url: site.url('/redirect/1'), status: 301, location: '/article.html' },
      ],
    });
    expect(page.post).toMatchObject({ author: 'Sam Writer', publishedAt: '2026-11-21T11:00:00.000Z' });
  });
});

describe('capturing inside an existing browser context (the desktop app\'s browse-and-capture)', () => {
  it('captures the URL in that context, with its cookies, and records it in the queue', async () => {
    const browser = await launchTestBrowser();
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'session', value: 'logged-in', url: site.origin }]);
      const stored = await new CaptureService(core).captureInContext(context, caseId, site.url('/article.html'), { operator: 'tester', allowPrivate: true, timeoutSeconds: 5 });
      expect(stored.page).toMatchObject({ kind: 'page', sourceUrl: site.url('/article.html') });
      const wacz = await readZip(blob(artifact(stored.page, 'wacz').sha256));
      expect(wacz.find((f) => f.path.startsWith('archive/'))!.data.toString()).toMatch(/cookie: session=logged-in/i);
      expect((await new CaptureService(core).queue.list(caseId)).find((e) => e.url === site.url('/article.html'))).toMatchObject({ state: 'captured', itemId: stored.page.id });
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('records TLS details (protocol, subject, issuer, validity) of an HTTPS page the context trusts', async () => {
    // Stands for a certificate the system trusts (e.g. an investigator's intercepting proxy): the
    // test context is told to trust our self-signed one; Golden Hour's own contexts never are.
    const tlsSite = await startFixtureSite({ tls: true });
    const browser = await launchTestBrowser();
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const stored = await new CaptureService(core).captureInContext(context, caseId, tlsSite.url('/article.html'), { operator: 'tester', allowPrivate: true, timeoutSeconds: 5 });
      expect(stored.page.capture).toMatchObject({
        finalUrl: tlsSite.url('/article.html'),
        tls: { protocol: expect.stringMatching(/^TLS/), subject: '127.0.0.1', issuer: '127.0.0.1', validFrom: expect.stringMatching(/^\d{4}-/), validTo: expect.stringMatching(/^2\d{3}-/) },
      });
      await context.close();
    } finally {
      await browser.close();
      await tlsSite.close();
    }
  });
});
