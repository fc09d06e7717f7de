/**
 * `npm run bench:capture`: pages per minute with the full artifact set (screenshots, DOM,
 * MHTML, WACZ, capture record, post, media downloaded and analysed) on the fixture site served
 * on 127.0.0.1, at concurrency 1, 2 and 4, with the peak RSS of Node plus its browser; beside a
 * plain `chromium --headless --screenshot` run per URL on the same pages. Prints figures; not a
 * test. Options: `npm run bench:capture -- --help`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { findChromium } from '../src/capture/browser-discovery.js';
import { CAPTURE_BROWSER_ARGS } from '../src/capture/browser-launch.js';
import { CaptureService } from '../src/capture/capture-service.js';
import { openCore } from '../src/core.js';
import { packageRoot } from '../src/version.js';
import { benchVideo } from './capture-video.js';
import { readBenchOptions } from './options.js';
import { startRssSampler } from './rss-sampler.js';

const SITE = join(packageRoot, 'test', 'fixtures', 'site');
const PAGES = ['post.html', 'article.html', 'platforms/telegram-post.html', 'platforms/mastodon-status.html', 'platforms/reddit-post.html', 'platforms/bluesky-post.html'];
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.jpg': 'image/jpeg', '.mp4': 'video/mp4' };

void main();

async function main(): Promise<void> {
  const options = readBenchOptions('bench:capture', {
    pages: { type: 'count', default: 24, help: 'pages captured at each concurrency' },
    keep: { type: 'flag', help: 'leave the temp dir' },
    video: { type: 'flag', help: 'instead: a page with a 60 s 720p HLS video against ffmpeg -c copy of the stream (bench/capture-video.ts)' },
    runs: { type: 'count', default: 2, help: 'with --video: runs of each' },
  });
  const count = options.pages;
  const root = mkdtempSync(join(tmpdir(), 'goldenhour-bench-capture-'));
  if (options.video) {
    try {
      return await benchVideo(root, options.runs);
    } finally {
      if (!options.keep) rmSync(root, { recursive: true, force: true });
    }
  }
  const server = await serveSite();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Distinct URLs (a query per copy) so each is a new capture, cycling through the page shapes.
  const urls = Array.from({ length: count }, (_, i) => `${origin}/${PAGES[i % PAGES.length]}?copy=${i}`);
  try {
    const browser = findChromium();
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; browser ${browser.executablePath} (${browser.source})`);
    console.log(`${count} pages of ${PAGES.length} shapes from the fixture site on 127.0.0.1\n`);
    for (const concurrency of [1, 2, 4]) {
      const figures = await benchCapture(join(root, `c${concurrency}`), urls, concurrency);
      const rate = (figures.pages / figures.seconds) * 60;
      console.log(`Golden Hour capture, concurrency ${concurrency}: ${figures.pages} pages (${figures.media} media items, ${figures.errors} failed) in ${figures.seconds.toFixed(1)} s = ${rate.toFixed(1)} pages/min; peak RSS (Node + Chromium) ${figures.peakRssMB.toFixed(0)} MB; target >= 60 pages/min: ${rate >= 60 ? 'met' : 'NOT met'}`);
    }
    const baseline = await benchBaseline(browser.executablePath, urls, join(root, 'baseline'));
    console.log(`\nBaseline (chromium --headless --screenshot, one process per URL, screenshot only): ${urls.length} pages in ${baseline.toFixed(1)} s = ${((urls.length / baseline) * 60).toFixed(1)} pages/min`);
  } finally {
    server.close();
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

async function benchCapture(dataDir: string, urls: string[], concurrency: number) {
  const core = openCore({ dataDir, operator: 'bench' });
  const sampler = startRssSampler();
  try {
    const caseId = (await core.cases.create({ title: `bench c${concurrency}` }, 'bench')).id;
    const started = process.hrtime.bigint();
    const result = await new CaptureService(core).capture(caseId, urls, { operator: 'bench', allowPrivate: true, concurrency, hostIntervalMs: 0, timeoutSeconds: 15 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const pages = result.items.filter((i) => i.kind === 'page').length;
    return { pages, media: result.items.length - pages, errors: result.errors.length, seconds, peakRssMB: sampler.stop() };
  } finally {
    await core.close();
  }
}

/** One `chromium --headless --screenshot` process per URL, one after another (asynchronously: the fixture site is served by this process). */
async function benchBaseline(executable: string, urls: string[], dir: string): Promise<number> {
  const started = process.hrtime.bigint();
  const sandbox = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
  for (const [i, url] of urls.entries()) {
    const child = spawn(executable, [...CAPTURE_BROWSER_ARGS, ...sandbox, '--headless', `--user-data-dir=${dir}/profile-${i}`, `--screenshot=${dir}/shot-${i}.png`, '--window-size=1280,800', url], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await new Promise((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function serveSite(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(SITE, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(SITE)) return void res.writeHead(403).end();
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'content-length': body.length }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>Not found</title>');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
