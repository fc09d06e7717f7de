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

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  loopback = createServer((req, res) => {
    loopbackHits.push(req.url ?? '');
    res.end('secret from this machine');
  });
  const port = await listen(loopback);
  pageServer = createServer((req, res) => {
    if (req.url === '/redirect-image') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/via-redirect` }).end();
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><title>Harbour</title><p>Flooded road</p>
      <iframe src="http://127.0.0.1:${port}/frame"></iframe>
      <img src="http://[::ffff:7f00:1]:${port}/image">
      <img src="http://localhost.:${port}/dot-image">
      <img src="/redirect-image">
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
    for (const path of ['/frame', '/image', '/dot-image', '/fetch', '/via-redirect']) {
      expect(refused).toContainEqual({ url: expect.stringMatching(new RegExp(`^http://[^/]+${path}$`)), reason: expect.stringMatching(/^loopback or private-network address/) });
    }
    expect(refused.find((r) => r.url.endsWith('/via-redirect'))?.reason).toBe('loopback or private-network address (redirected from http://harbour.example/redirect-image)');
    expect(loopbackHits).toEqual([]);
    // Only the page's own traffic went through the investigator's proxy: none of Chromium's background requests.
    expect(proxy.requestedHosts.filter((host) => !/^harbour\.example/.test(host))).toEqual([]);
  });
});
