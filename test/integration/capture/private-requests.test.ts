import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemView } from '../../../src/items/item-view.js';
import { runCliJson } from '../../support/cli.js';
import { startTestProxy, type TestProxy } from '../../support/http-proxy.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * A public page (reached through the investigator's proxy) that tries to make the browser reach
 * this machine: a loopback iframe, image and fetch, spelt in the forms that slip past a naive
 * check, and an image that redirects to loopback. None of them may reach the loopback server.
 */
const temp = makeTempDir();
const dataDir = join(temp.path, 'data');
const env = { GOLDENHOUR_OPERATOR: 'proxy-tester' };
let loopback: Server;
let pageServer: Server;
let proxy: TestProxy;
const loopbackHits: string[] = [];
/** A real photo, served as the media the page names. */
const photo = readFileSync(join(import.meta.dirname, '../../fixtures/photos/exifr__IMG_20180725_163423-tiny.jpg'));
let loopbackPort = 0;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  loopback = createServer((req, res) => {
    loopbackHits.push(req.url ?? '');
    if (req.url?.endsWith('.jpg')) res.setHeader('content-type', 'image/jpeg').end(photo);
    else res.end('secret from this machine');
  });
  const port = await listen(loopback);
  loopbackPort = port;
  pageServer = createServer((req, res) => {
    if (req.url === '/redirect-image') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/via-redirect` }).end();
      return;
    }
    // Frames sent on to this machine by a redirect: one of the page's own site, one of another site (a frame in its own process).
    if (req.url === '/redirect-frame' || req.url === '/redirect-other-frame') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}${req.url.replace('redirect', 'via-redirect')}` }).end();
      return;
    }
    // Media downloads sent on to this machine, or to the cloud metadata address, by a redirect.
    const redirects: Record<string, string> = {
      '/redirect-media.jpg': `http://127.0.0.1:${port}/media-via-redirect.jpg`,
      '/redirect-metadata-media.jpg': 'http://169.254.169.254/latest/meta-data/photo.jpg',
    };
    const to = redirects[req.url ?? ''];
    if (to) {
      res.writeHead(302, { location: to }).end();
      return;
    }
    if (req.url?.endsWith('.jpg')) {
      // Through the test proxy every host ends here: a media fetch that reached it names the host it asked the proxy for.
      res.setHeader('content-type', 'image/jpeg').end(photo);
      return;
    }
    if (req.url === '/media-post') {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>Quay</title>
        <meta property="og:title" content="Quay wall">
        <meta property="og:image" content="http://127.0.0.1:${port}/og-direct.jpg">
        <meta property="og:image" content="http://harbour.example/redirect-media.jpg">
        <meta property="og:image" content="http://harbour.example/redirect-metadata-media.jpg">
        <p>Quay wall</p>`);
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><title>Harbour</title><p>Flooded road</p>
      <iframe src="http://127.0.0.1:${port}/frame"></iframe>
      <img src="http://[::ffff:7f00:1]:${port}/image">
      <img src="http://localhost.:${port}/dot-image">
      <img src="/redirect-image">
      <iframe src="/redirect-frame"></iframe>
      <iframe src="http://other.example/redirect-other-frame"></iframe>
      <script>fetch('http://[::127.0.0.1]:${port}/fetch').catch(() => undefined)</script>`);
  });
  await listen(pageServer);
  proxy = await startTestProxy(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`);
  expect((await runCliJson<{ id: number }>(['case', 'create', '--title', 'Proxy'], { dataDir, env })).json.id).toBe(1);
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([loopback, pageServer].map((s) => new Promise((resolve) => s.close(resolve))));
  temp.remove();
});

describe('capture through --proxy: the page cannot reach private addresses, and the browser\'s own traffic stays off the proxy', { timeout: 120_000 }, () => {
  it('refuses the page\'s loopback iframe, images, fetch and redirect, records them, and keeps the page', async () => {
    const result = await runCliJson<{ items: ItemView[]; errors: unknown[] }>(['capture', '1', 'http://harbour.example/post', '--proxy', proxy.url, '--timeout', '10'], { dataDir, env });
    expect(result.json.errors).toEqual([]);
    const page = result.json.items.find((i) => i.kind === 'page')!;
    expect(page.flags).toContain('private-requests-refused');
    const refused = (page.capture as { refusedRequests: { url: string; reason: string }[] }).refusedRequests;
    for (const path of ['/frame', '/image', '/dot-image', '/fetch', '/via-redirect', '/via-redirect-frame', '/via-redirect-other-frame']) {
      expect(refused).toContainEqual({ url: expect.stringMatching(new RegExp(`^http://[^/]+${path}$`)), reason: expect.stringMatching(/^loopback or private-network address/) });
    }
    expect(refused.find((r) => r.url.endsWith('/via-redirect'))?.reason).toBe('loopback or private-network address (redirected from http://harbour.example/redirect-image)');
    expect(refused.find((r) => r.url.endsWith('/via-redirect-other-frame'))?.reason).toBe('loopback or private-network address (redirected from http://other.example/redirect-other-frame)');
    expect(loopbackHits).toEqual([]);
    // Only the page's own traffic went through the investigator's proxy: none of Chromium's background requests.
    expect(proxy.requestedHosts.filter((host) => !/^(harbour|other)\.example/.test(host))).toEqual([]);
  });
});

describe('media fetched outside the page is held to the same rule', { timeout: 180_000 }, () => {
  type Captured = { items: ItemView[]; errors: unknown[] };
  const refusedOf = (page: ItemView) => (page.capture as { refusedRequests?: { url: string; reason: string }[] }).refusedRequests ?? [];

  it('refuses media downloads that a public page names at, or redirects to, loopback or 169.254.169.254, and records them', async () => {
    loopbackHits.length = 0;
    proxy.requestedHosts.length = 0;
    const result = await runCliJson<Captured>(['capture', '1', 'http://harbour.example/media-post', '--proxy', proxy.url, '--timeout', '10'], { dataDir, env });
    expect(result.json.errors).toEqual([]);
    const page = result.json.items.find((i) => i.kind === 'page')!;
    const refused = refusedOf(page);
    expect(refused).toContainEqual({ url: `http://127.0.0.1:${loopbackPort}/og-direct.jpg`, reason: 'loopback or private-network address' });
    expect(refused).toContainEqual({ url: `http://127.0.0.1:${loopbackPort}/media-via-redirect.jpg`, reason: 'loopback or private-network address (redirected from http://harbour.example/redirect-media.jpg)' });
    expect(refused).toContainEqual({ url: 'http://169.254.169.254/latest/meta-data/photo.jpg', reason: 'loopback or private-network address (redirected from http://harbour.example/redirect-metadata-media.jpg)' });
    // Nothing reached this machine, directly or through the proxy, and no photo was kept from a private address.
    expect(loopbackHits).toEqual([]);
    expect(proxy.requestedHosts.filter((host) => /^(127\.|169\.254\.|\[)/.test(host))).toEqual([]);
    expect(result.json.items.filter((i) => i.kind === 'photo')).toEqual([]);
  });

  it('with private addresses allowed, the same page\'s media reach the loopback server', async () => {
    loopbackHits.length = 0;
    const result = await runCliJson<Captured>(['capture', '1', `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/media-post`, '--allow-private', '--timeout', '10'], { dataDir, env });
    expect(result.json.errors).toEqual([]);
    const page = result.json.items.find((i) => i.kind === 'page')!;
    expect(refusedOf(page)).toEqual([]);
    expect(loopbackHits).toEqual(expect.arrayContaining(['/og-direct.jpg']));
    expect(result.json.items.filter((i) => i.kind === 'photo').length).toBeGreaterThanOrEqual(1);
  });
});
