import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemView } from '../../../src/items/item-view.js';
import { runCli, runCliJson } from '../../support/cli.js';
import { servedSha256, startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { startTestProxy, type TestProxy } from '../../support/http-proxy.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: FixtureSite;
let tlsSite: FixtureSite;
let proxy: TestProxy;
const temp = makeTempDir();
const dataDir = join(temp.path, 'data');
const env = { GOLDENHOUR_OPERATOR: 'cli-tester' };

interface CaptureJson {
  items: ItemView[];
  errors: { url: string; error: string }[];
}

beforeAll(async () => {
  site = await startFixtureSite();
  tlsSite = await startFixtureSite({ tls: true });
  proxy = await startTestProxy(site.origin);
  const created = await runCliJson<{ id: number }>(['case', 'create', '--title', 'CLI capture'], { dataDir, env });
  expect(created.json.id).toBe(1);
});
afterAll(async () => {
  await Promise.all([site.close(), tlsSite.close(), proxy.close()]);
  temp.remove();
});

describe('goldenhour capture: bad input', () => {
  it.each([
    ['file:///etc/passwd', /file: addresses are not captured/],
    ['chrome://settings', /chrome: addresses are not captured/],
    ['javascript:alert(1)', /javascript: addresses are not captured/],
    ['data:text/html,hello', /data: addresses are not captured/],
    ['http//missing-colon', /Expected a web address starting with http:\/\/ or https:\/\//],
  ])('refuses %s with exit 2 and a clear message', async (url, message) => {
    const result = await runCli(['capture', '1', url], { dataDir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses loopback addresses unless --allow-private', async () => {
    const result = await runCli(['capture', '1', site.url('/article.html')], { dataDir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/127\.0\.0\.1 is a loopback or private-network address; pass --allow-private/);
  });

  it.each([
    [['--concurrency', '0'], /Expected a whole number from 1 to 16 for --concurrency but received "0"/],
    [['--timeout', 'soon'], /Expected a number from above 0 to 600 for --timeout but received "soon"/],
    [['--proxy', 'ftp://proxy:21'], /--proxy with scheme http, https or socks5/],
    [['--urls-file', '/no/such/file'], /Cannot read --urls-file "\/no\/such\/file"/],
    [['--max-media', '-1'], /Expected a whole number from 1 to 1000 for --max-media but received "-1"/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await runCli(['capture', '1', 'https://example.com/', ...args], { dataDir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('names the missing URLs when given none', async () => {
    const fresh = join(temp.path, 'empty');
    await runCli(['case', 'create', '--title', 'empty'], { dataDir: fresh, env });
    const result = await runCli(['capture', '1'], { dataDir: fresh, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Expected at least one URL/);
  });
});

describe('goldenhour capture --json', () => {
  it('captures URLs from arguments and --urls-file, prints items and errors, exits 1 when some failed', async () => {
    const file = join(temp.path, 'urls.txt');
    writeFileSync(file, `# links from the briefing\n${site.url('/article.html')}\n\n${site.url('/loop/a')}\n`);
    const result = await runCliJson<CaptureJson>(['capture', '1', site.url('/post.html'), 'notaurl', '--urls-file', file, '--allow-private', '--timeout', '5'], { dataDir, env });
    expect(result.code).toBe(1);
    expect(result.json.errors.map((e) => e.url).sort()).toEqual([site.url('/loop/a'), 'notaurl'].sort());
    const pages = result.json.items.filter((i) => i.kind === 'page');
    expect(pages.map((p) => p.sourceUrl).sort()).toEqual([site.url('/article.html'), site.url('/post.html')].sort());
    const post = pages.find((p) => p.sourceUrl === site.url('/post.html'))!;
    expect(post.acquiredBy).toBe('cli-tester');
    expect(post.artifacts.map((a) => a.role).sort()).toEqual(['capture-record', 'dom', 'mhtml', 'screenshot-full', 'screenshot-viewport', 'wacz']);
    expect(post.capture).toMatchObject({ requestedUrl: site.url('/post.html'), finalUrl: site.url('/post.html'), redirects: [], status: 200, serverIp: '127.0.0.1', proxy: null });
    expect(result.json.items.filter((i) => i.parentId === post.id).length).toBeGreaterThanOrEqual(3);
  });

  it('shows page items with capture, post and artifacts in `items --json`, and the custody verifies', async () => {
    const items = await runCliJson<ItemView[]>(['items', '1'], { dataDir, env });
    const page = items.json.find((i) => i.kind === 'page' && i.sourceUrl === site.url('/post.html'))!;
    expect(page.post?.author).toBe('Alex Reporter');
    for (const key of ['requestedUrl', 'finalUrl', 'redirects', 'status', 'serverIp', 'tls', 'startedAt', 'endedAt', 'browser', 'userAgent', 'proxy']) expect(page.capture).toHaveProperty(key);
    const verify = await runCli(['custody', '1', '--verify'], { dataDir, env });
    expect(verify.code).toBe(0);
  });

  it('reports a URL captured before instead of capturing it twice', async () => {
    const again = await runCliJson<CaptureJson & { alreadyCaptured: { url: string; itemId: number }[] }>(['capture', '1', site.url('/article.html'), '--allow-private'], { dataDir, env });
    expect(again.code).toBe(0);
    expect(again.json.items).toEqual([]);
    expect(again.json.alreadyCaptured).toEqual([{ url: site.url('/article.html'), itemId: expect.any(Number) }]);
  });

  it('takes scroll and media limits from flags', async () => {
    const result = await runCliJson<CaptureJson>(['capture', '1', site.url('/feed.html'), site.url('/post.html?no-media'), '--allow-private', '--timeout', '5',
      '--max-scroll-height', '2500', '--max-scroll-seconds', '20', '--max-media', '0'], { dataDir, env });
    expect(result.code).toBe(0);
    const feed = result.json.items.find((i) => i.sourceUrl === site.url('/feed.html'))!;
    expect(feed.capture?.scroll).toMatchObject({ stoppedBy: 'height-limit' });
    const post = result.json.items.find((i) => i.sourceUrl === site.url('/post.html?no-media'))!;
    expect(result.json.items.filter((i) => i.parentId === post.id)).toEqual([]);
    expect(post.capture).toMatchObject({ mediaSkipped: 4 }); // yosemite, large (srcset), the lazy photo and the clip
  });

  it('does not ignore certificate errors', async () => {
    const result = await runCliJson<CaptureJson>(['capture', '1', tlsSite.url('/article.html'), '--allow-private', '--timeout', '5'], { dataDir, env });
    expect(result.code).toBe(1);
    expect(result.json.errors[0]?.error).toMatch(/failed its TLS certificate check \(ERR_CERT_[A-Z_]+\); certificate errors are not ignored/);
  });

  it('sends all browser traffic through --proxy, which resolves names itself, and records the proxy', async () => {
    // x.com is resolved by nobody but the proxy, which serves the fixture site for any host.
    const result = await runCliJson<CaptureJson>(['capture', '1', 'http://x.com/harbourwatch/status/1', '--proxy', proxy.url, '--timeout', '5'], { dataDir, env });
    expect(result.json.errors).toEqual([]);
    const page = result.json.items.find((i) => i.kind === 'page')!;
    expect(page.capture).toMatchObject({ proxy: proxy.url, finalUrl: 'http://x.com/harbourwatch/status/1', status: 200 });
    expect(page.post).toMatchObject({
      platform: 'x', author: 'Harbour Watch', handle: '@harbourwatch', publishedAt: '2026-11-21T08:15:00.000Z',
      text: 'Water over the kerb on Harbour Road, cars turning back.', mediaUrls: ['http://pbs.twimg.com/media/GhArbour1?format=jpg&name=small'],
    });
    expect(page.eventTime).toMatchObject({ utc: '2026-11-21T08:15:00.000Z', source: 'post' });
    expect(proxy.requestedHosts).toEqual(expect.arrayContaining(['x.com', 'pbs.twimg.com', 'pbs.twimg.com:80']));
    // The page showed name=small; the photo kept is the original upload (name=orig).
    const photo = result.json.items.find((i) => i.parentId === page.id)!;
    expect(photo).toMatchObject({ kind: 'photo', sourceUrl: 'http://pbs.twimg.com/media/GhArbour1?format=jpg&name=orig', sha256: servedSha256('media/large.jpg') });
  });

  it('does not keep a page that redirected to a private address without --allow-private', async () => {
    const result = await runCliJson<CaptureJson>(['capture', '1', 'http://public.example/to-loopback', '--proxy', proxy.url, '--timeout', '5'], { dataDir, env });
    expect(result.code).toBe(1);
    expect(result.json.errors[0]?.error).toMatch(/redirected to http:\/\/127\.0\.0\.1:\d+\/article\.html: Refusing .* loopback or private-network address/);
  });
});
