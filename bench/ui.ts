/**
 * `npm run bench:ui`: time to first render of a case with 50,000 items in the evidence grid, the
 * timeline and the map, in real Chromium against browser mode. The case is seeded through
 * ItemRepository.insert (real rows and custody entries, in one transaction; bench/seed-case.ts). Prints figures;
 * not a test. Options: `npm run bench:ui -- --help`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createApi } from '../src/api/api.js';
import { findChromium } from '../src/capture/browser-discovery.js';
import { openCore } from '../src/core.js';
import { startBrowserServer } from '../src/server/http-server.js';
import { packageRoot } from '../src/version.js';
import { readBenchOptions } from './options.js';
import { seedCase } from './seed-case.js';

/** Reloads the page on a screen and waits until it has drawn what the investigator needs. */
/** What a screen shows when it is ready, checked in the page (typed loosely: no DOM types here). */
type Ready = (arg: { count: string }) => boolean;

/** Milliseconds from the start of the page's navigation until the screen is drawn (Navigation Timing). */
async function timeScreen(page: Page, hash: string, ready: Ready, count: string): Promise<number> {
  // In-page code is given as text: this file is checked without the DOM's types.
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  await page.reload({ waitUntil: 'commit' });
  await page.waitForFunction(ready, { count }, { timeout: 60_000, polling: 'raf' });
  // One more frame, so what was built is on screen; performance.now() counts from navigation start.
  return Number(await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))'));
}

async function main(): Promise<void> {
  const options = readBenchOptions('bench:ui', {
    items: { type: 'count', default: 50_000, help: 'items in the generated case' },
    runs: { type: 'count', default: 3, help: 'first renders of each view; medians are reported' },
    keep: { type: 'flag', help: 'leave the temp dir' },
  });
  const count = options.items;
  const runs = options.runs;
  const root = mkdtempSync(join(tmpdir(), 'goldenhour-bench-ui-'));
  const core = openCore({ dataDir: root, operator: 'bench' });
  const browser = await chromium.launch({
    executablePath: process.env.GOLDENHOUR_CHROMIUM ?? findChromium().executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const server = await startBrowserServer({ api: createApi(core), core, rendererDir: join(packageRoot, 'dist', 'renderer'), port: 0 });
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${browser.version()}`);
    const { caseId, seconds: seeding } = await seedCase(core, count);
    console.log(`Seeded ${count.toLocaleString('en')} items (with their custody entries) in ${seeding.toFixed(1)} s`);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.waitForSelector('h1');
    /* eslint-disable @typescript-eslint/no-explicit-any -- page-side predicates, run in Chromium (self-contained: they are sent as source) */
    const screens: [string, string, Ready][] = [
      ['Evidence grid', `#/case/${caseId}/evidence`, ({ count: n }) => {
        const d = (globalThis as any).document;
        return d.querySelectorAll('.item-row').length > 5 && (d.querySelector('[data-testid=evidence-count]')?.textContent ?? '').startsWith(`${n} of`);
      }],
      ['Timeline', `#/case/${caseId}/timeline`, ({ count: n }) => {
        const d = (globalThis as any).document;
        return (d.querySelector('[data-testid=timeline-count]')?.textContent ?? '').startsWith(`${n} items`) && d.querySelector('canvas')?.width > 0;
      }],
      // MapLibre: the items clustered and the 1:110m outline drawn, the map idle with them.
      ['Map', `#/case/${caseId}/map`, ({ count: n }) => {
        const d = (globalThis as any).document;
        return (d.querySelector('[data-testid=map-count]')?.textContent ?? '').includes('items placed') && Boolean(d.querySelector('[data-map=maplibre][data-ready=true]')) && n !== '';
      }],
    ];
    // The same-run baseline for the map: the previous map (2D canvas, points binned per screen
    // cell), which the app still shows where WebGL is missing; a browser without WebGL gets it.
    const simpleMap: Ready = () => {
      const d = (globalThis as any).document;
      return (d.querySelector('[data-testid=map-count]')?.textContent ?? '').includes('items placed') && Boolean(d.querySelector('[data-testid=simple-map-notice]')) && d.querySelector('canvas')?.width > 0;
    };
    // The 1:50m outline, filled in after the first view: until it is drawn too.
    const detailed: Ready = () => Boolean((globalThis as any).document.querySelector('[data-map=maplibre][data-ready=true][data-outline="50m"]'));
    screens.push(['Map + 1:50m', `#/case/${caseId}/map`, detailed]);
    /* eslint-enable @typescript-eslint/no-explicit-any */
    for (const [name, hash, ready] of screens) {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) times.push(await timeScreen(page, hash, ready, count.toLocaleString('en')));
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`${name.padEnd(14)} first render: median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s (runs in order: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s; the first run of the grid reads the case cold)`);
    }
    const noWebgl = await chromium.launch({
      executablePath: process.env.GOLDENHOUR_CHROMIUM ?? findChromium().executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-webgl', '--disable-3d-apis', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const plain = await noWebgl.newPage({ viewport: { width: 1400, height: 900 } });
      await plain.goto(server.url);
      await plain.waitForSelector('h1');
      const times: number[] = [];
      for (let run = 0; run < runs; run++) times.push(await timeScreen(plain, `#/case/${caseId}/map`, simpleMap, count.toLocaleString('en')));
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`${'Map (simple)'.padEnd(14)} first render: median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s (runs in order: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s; the previous 2D map, as shown without WebGL: the same-run baseline)`);
    } finally {
      await noWebgl.close();
    }
    // Scrolling the grid to its middle: how long until the rows there are drawn.
    const scrollStarted = Date.now();
    await page.evaluate(`window.location.hash = '#/case/${caseId}/evidence'`);
    await page.waitForSelector('.item-row');
    await page.evaluate("const list = document.querySelector('.virtual-list'); if (list) list.scrollTop = list.scrollHeight / 2");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- page-side predicate
    await page.waitForFunction(() => Number((globalThis as any).document.querySelector('.virtual-list li')?.getAttribute('aria-posinset') ?? 0) > 1000, undefined, { polling: 'raf' });
    console.log(`Grid scroll to the middle (incl. screen switch): ${((Date.now() - scrollStarted) / 1000).toFixed(2)} s; rows in the page: ${await page.locator('.virtual-list li').count()}`);
  } finally {
    await browser.close();
    await server.close();
    await core.close();
    if (!options.keep) rmSync(root, { recursive: true, force: true });
    else console.log(`Kept ${root}`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
