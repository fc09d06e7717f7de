/**
 * `npm run bench:capture`: pages per minute with the full artifact set (screenshots, DOM,
 * MHTML, WACZ, capture record, post, media downloaded and analysed), against a plain
 * `chromium --headless --screenshot` run per URL on the same pages, the two alternating in one
 * run so their ratio holds however loaded the machine is. Two sites, both served by this
 * process on 127.0.0.1 (one host, so per-host spacing applies as it does to `goldenhour
 * capture`): the fixture site's six page shapes, or `--site single-host`, pages of text and one
 * photo each (a list of links to one platform's posts). `--trace` prints where the time goes,
 * phase by phase. Prints figures; not a test. Options: `npm run bench:capture -- --help`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
import sharp from 'sharp';
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
    site: { type: 'choice', choices: ['fixture', 'single-host'], default: 'fixture', help: 'fixture: the fixture site\'s six page shapes; single-host: pages of text and one 1600x1200 photo each' },
    pages: { type: 'count', default: 30, help: 'pages captured in each run' },
    concurrency: { type: 'count', default: 2, help: 'pages captured at once (2 is goldenhour capture\'s default)' },
    'host-interval': { type: 'count', default: 500, min: 0, help: 'ms between page loads on one host (500 is goldenhour capture\'s spacing; every page here is on one host)' },
    runs: { type: 'count', default: 2, help: 'runs of each side, alternating with the baseline; medians reported (with --video: runs of each)' },
    trace: { type: 'flag', help: 'print the mean time per page of each capture phase' },
    keep: { type: 'flag', help: 'leave the temp dir' },
    video: { type: 'flag', help: 'instead: a page with a 720p HLS video against ffmpeg -c copy of the stream (bench/capture-video.ts)' },
    'video-seconds': { type: 'count', default: 60, help: 'with --video: the video\'s length in seconds' },
  });
  const root = mkdtempSync(join(tmpdir(), 'goldenhour-bench-capture-'));
  if (options.video) {
    try {
      return await benchVideo(root, options.runs, options['video-seconds']);
    } finally {
      if (!options.keep) rmSync(root, { recursive: true, force: true });
    }
  }
  const singleHost = options.site === 'single-host';
  const photos = singleHost ? await makePhotos(options.pages) : [];
  const server = await serveSite(photos);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Distinct URLs (a query per copy) so each is a new capture, cycling through the page shapes.
  const urls = Array.from({ length: options.pages }, (_, i) => (singleHost ? `${origin}/single/${i}.html` : `${origin}/${PAGES[i % PAGES.length]}?copy=${i}`));
  const load = () => loadavg().map((l) => l.toFixed(1)).join(', ');
  try {
    const browser = findChromium();
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; browser ${browser.executablePath} (${browser.source}); load average ${load()}`);
    console.log(singleHost
      ? `${urls.length} pages of one host (127.0.0.1), each text and one ${(photos.reduce((n, p) => n + p.length, 0) / photos.length / 1024).toFixed(0)} KB 1600x1200 JPEG of its own`
      : `${urls.length} pages of ${PAGES.length} shapes from the fixture site on 127.0.0.1`);
    console.log(`Concurrency ${options.concurrency}, ${options['host-interval']} ms between page loads on the host; ${options.runs} runs of each side, alternating\n`);
    const ours: number[] = [];
    const theirs: number[] = [];
    const phases = new Map<string, number>();
    for (let run = 1; run <= options.runs; run += 1) {
      // Alternating which side goes first, so neither always has the machine's quieter moment.
      const sides = run % 2 === 1 ? ['baseline', 'ours'] : ['ours', 'baseline'];
      for (const side of sides) {
        if (side === 'baseline') {
          const cpu = cpuSeconds();
          const seconds = await benchBaseline(browser.executablePath, urls, join(root, `baseline-${run}`));
          theirs.push((urls.length / seconds) * 60);
          console.log(`run ${run}, baseline (chromium --headless --screenshot, one process per URL, screenshot only): ${urls.length} pages in ${seconds.toFixed(1)} s = ${((urls.length / seconds) * 60).toFixed(1)} pages/min; ${cpuPerPage(cpu, urls.length)}; load ${load()}`);
        } else {
          const cpu = cpuSeconds();
          const figures = await benchCapture(join(root, `run-${run}`), urls, options.concurrency, options['host-interval'], (phase, ms) => phases.set(phase, (phases.get(phase) ?? 0) + ms));
          const rate = (figures.pages / figures.seconds) * 60;
          ours.push(rate);
          console.log(`run ${run}, Golden Hour capture: ${figures.pages} pages (${figures.media} media items, ${figures.errors} failed) in ${figures.seconds.toFixed(1)} s = ${rate.toFixed(1)} pages/min; peak RSS (Node + Chromium) ${figures.peakRssMB.toFixed(0)} MB; ${cpuPerPage(cpu, urls.length)}; load ${load()}`);
        }
      }
    }
    const ratios = ours.map((rate, i) => rate / theirs[i]!);
    console.log(`\nMedian: Golden Hour ${median(ours).toFixed(1)} pages/min, baseline ${median(theirs).toFixed(1)} pages/min: ${median(ratios).toFixed(2)}x the baseline (per run: ${ratios.map((r) => `${r.toFixed(2)}x`).join(', ')}); target >= 1.5x: ${median(ratios) >= 1.5 ? 'met' : 'NOT met'}`);
    if (options.trace) printTrace(phases, urls.length * options.runs);
  } finally {
    server.close();
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Mean milliseconds per page in each phase, in the order a page goes through them. Pages are
 * captured concurrently, so the phases of one page add up to its own time, not the run's.
 */
function printTrace(phases: Map<string, number>, pages: number): void {
  const order = ['host-spacing', 'new-context', 'new-page', 'set-up', 'navigate', 'load', 'settle', 'expand', 'screenshot-viewport', 'scroll', 'expand-after-scroll', 'settle-after-scroll', 'screenshot-full', 'read-page', 'network-record', 'post', 'media-fetch', 'streams', 'close-page', 'close-context', 'waiting-to-finish', 'yt-dlp', 'wacz', 'store'];
  const known = [...order, ...[...phases.keys()].filter((p) => !order.includes(p))];
  console.log('\nWhere a page\'s time goes (mean ms per page; the browser\'s part runs to close-context; then the page waits for its worker\'s last page to be stored, and is finished and stored while the next page loads; "store" counts from the start of finishing, so includes yt-dlp and wacz):');
  for (const phase of known) {
    const total = phases.get(phase);
    if (total !== undefined) console.log(`  ${phase.padEnd(20)} ${(total / pages).toFixed(0).padStart(6)} ms`);
  }
}

/**
 * CPU seconds of this process (Node) and of its children that have exited (the browser is
 * closed before it is read; tools such as yt-dlp and ffmpeg have exited), from /proc.
 */
function cpuSeconds(): { node: number; children: number } {
  if (process.platform !== 'linux') return { node: 0, children: 0 };
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // utime, stime, cutime, cstime are fields 14-17 of the line (11-14 after the command name).
  const [utime, stime, cutime, cstime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 15).map(Number) as [number, number, number, number];
  return { node: (utime + stime) / 100, children: (cutime + cstime) / 100 };
}

function cpuPerPage(since: { node: number; children: number }, pages: number): string {
  const now = cpuSeconds();
  const node = (now.node - since.node) / pages;
  const children = (now.children - since.children) / pages;
  return `CPU ${(node + children).toFixed(2)} s per page (Node ${node.toFixed(2)}, browser and tools ${children.toFixed(2)})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function benchCapture(dataDir: string, urls: string[], concurrency: number, hostIntervalMs: number, trace: (phase: string, ms: number) => void) {
  const core = openCore({ dataDir, operator: 'bench' });
  const sampler = startRssSampler();
  try {
    const caseId = (await core.cases.create({ title: `bench c${concurrency}` }, 'bench')).id;
    const started = process.hrtime.bigint();
    const result = await new CaptureService(core).capture(caseId, urls, { operator: 'bench', allowPrivate: true, concurrency, hostIntervalMs, timeoutSeconds: 15, trace: (_url, phase, ms) => trace(phase, ms) });
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

/** A JPEG of its own for each single-host page: 1600x1200, a gradient under sensor-like noise, quality 85. */
async function makePhotos(count: number): Promise<Buffer[]> {
  const width = 1600;
  const height = 1200;
  const photos: Buffer[] = [];
  for (let n = 0; n < count; n += 1) {
    const raw = Buffer.alloc(width * height * 3);
    let seed = 2463534242 + n * 7919;
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        const noise = (seed & 31) - 16;
        const i = (y * width + x) * 3;
        raw[i] = Math.max(0, Math.min(255, ((x + n * 40) % width) * 200 / width + 30 + noise));
        raw[i + 1] = Math.max(0, Math.min(255, (y * 180) / height + 40 + noise));
        raw[i + 2] = Math.max(0, Math.min(255, 120 + ((x + y) % 256) / 4 + noise));
      }
    }
    photos.push(await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer());
  }
  return photos;
}

/** A post-like page of one host: a heading, a few paragraphs and one photo, named in OpenGraph as platforms do. */
function singleHostPage(n: number): string {
  const text = `Report ${n}: water over the road by the harbour wall, cars turning back, people moving to the upper floors. `;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post ${n} - harbour.example</title>
<meta property="og:title" content="Post ${n}"><meta property="og:type" content="article"><meta property="og:image" content="/single/${n}.jpg">
<style>body{font-family:sans-serif;margin:0 auto;max-width:720px}img{width:100%;height:auto}</style></head>
<body><article><header><b>Harbour Watch</b> · <time datetime="2026-11-21T08:${String(n % 60).padStart(2, '0')}:00Z">21 Nov</time></header>
${Array.from({ length: 6 }, () => `<p>${text.repeat(4)}</p>`).join('\n')}
<img src="/single/${n}.jpg" alt="photo ${n}" width="1600" height="1200">
</article></body></html>`;
}

function serveSite(photos: Buffer[]): Promise<Server> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const single = /^\/single\/(\d+)\.(html|jpg)$/.exec(pathname);
    if (single && Number(single[1]) < photos.length) {
      const n = Number(single[1]);
      const body = single[2] === 'jpg' ? photos[n]! : Buffer.from(singleHostPage(n));
      return void res.writeHead(200, { 'content-type': types[`.${single[2]}`]!, 'content-length': body.length }).end(body);
    }
    const path = normalize(join(SITE, pathname));
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
