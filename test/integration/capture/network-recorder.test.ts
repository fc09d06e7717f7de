import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/capture/network-recorder.js';
import { launchTestBrowser } from '../../support/chromium.js';

// What the page's own last requests leave in the WARC when recording stops while they are under
// way (a player fetching its next byte range as the capture ends): the response is waited for
// and kept whole, or, if it is not done in time, recorded as cut short and never changed after.
const FILE = Buffer.from(Array.from({ length: 250_000 }, (_, i) => (i * 7919) % 251));
const RANGE = { start: 126_524, end: 213_191 };

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      const ms = Number(url.searchParams.get('ms'));
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>player</title><script>
        window.got = fetch('/file.bin?ms=${ms}', { headers: { range: 'bytes=${RANGE.start}-${RANGE.end}' } }).then((r) => r.arrayBuffer()).then((b) => b.byteLength);
      </script>`);
    }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (url.pathname !== '/file.bin' || !m) return void res.writeHead(404).end();
    const [start, end] = [Number(m[1]), Number(m[2])];
    const body = FILE.subarray(start, end + 1);
    res.writeHead(206, { 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${FILE.length}`, 'content-length': body.length, 'cache-control': 'no-store' });
    // Headers and half the range now, the rest later: the response is under way.
    res.write(body.subarray(0, body.length >> 1));
    setTimeout(() => res.end(body.subarray(body.length >> 1)), Number(url.searchParams.get('ms')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchTestBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function stopWhileUnderWay(ms: number, graceMs: number) {
  const page: Page = await browser.newPage();
  const recorder = new NetworkRecorder(page, { maxBodyBytes: 10_000_000 });
  const responded = page.waitForResponse((r) => r.url().includes('/file.bin'));
  await page.goto(`${origin}/?ms=${ms}`);
  await responded;
  const exchanges = await recorder.stop(graceMs);
  const ranged = () => exchanges.find((e) => e.url.includes('/file.bin'))!;
  const atStop = { ...ranged() };
  return { page, ranged, atStop };
}

describe('stopping the network recorder while a ranged response is under way', () => {
  it('waits for the response to finish and keeps its body whole', async () => {
    const { page, ranged } = await stopWhileUnderWay(600, 10_000);
    expect(ranged().response?.status).toBe(206);
    expect(ranged().truncated).toBeNull();
    expect(ranged().body?.equals(FILE.subarray(RANGE.start, RANGE.end + 1))).toBe(true);
    await page.close();
  });

  it('past its grace records the response as cut short, and nothing changes it afterwards', async () => {
    const { page, ranged, atStop } = await stopWhileUnderWay(1500, 100);
    expect(atStop).toMatchObject({ truncated: 'time', body: null });
    // The page's fetch completes, then the page closes: the recorded exchange stays as it was.
    expect(await page.evaluate('window.got')).toBe(RANGE.end - RANGE.start + 1);
    await page.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ranged()).toEqual(atStop);
  });
});
