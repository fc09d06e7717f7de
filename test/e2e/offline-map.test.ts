import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseList } from '../support/app-in-chromium.js';
import { TEST_CHROMIUM_ARGS, testChromiumPath } from '../support/chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { fixturePath } from '../support/fixture-site.js';
import { FIXTURE_STREET_RGB, writeStreetMbtiles } from '../support/offline-map-fixture.js';
import { requireBuiltRenderer, saveScreen, unlabelledControls, watchPageErrors } from '../support/ui-screens.js';

/** Real Chromium drawing WebGL in software on a loaded 2-core machine: generous. */
const STEP_TIMEOUT_MS = 180_000;
const SCENE = { lat: 50.2996, lon: 14.8203, radiusM: 400 };
const PHOTOS = ['ui-photos/exifr__IMG_20180725_163423-tiny.jpg', 'ui-photos/exifr__png__png_with_exif_and_gps.png', 'ui-photos/exifr__issue-exifr-13.jpg'].map(fixturePath);

/** Share of a PNG's pixels that are the fixture's street yellow. */
async function colourShare(png: Buffer, rgb: readonly [number, number, number]): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let hits = 0;
  for (let i = 0; i < data.length; i += 3) {
    if (Math.abs(data[i]! - rgb[0]) < 12 && Math.abs(data[i + 1]! - rgb[1]) < 12 && Math.abs(data[i + 2]! - rgb[2]) < 12) hits += 1;
  }
  return hits / (info.width * info.height);
}
const streetShare = (png: Buffer) => colourShare(png, FIXTURE_STREET_RGB);
/** The Natural Earth outline's land colour (base-style.ts). */
const LAND_RGB = [0xf4, 0xf1, 0xea] as const;

/** Pixels of a PNG in the blue of the item clusters (item-layers.ts: solid or half-tone blue), far bluer than land, sea or the scene's red. */
async function clusterPixels(png: Buffer): Promise<number> {
  const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let hits = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i + 2]! > 150 && data[i + 2]! - data[i]! > 60) hits += 1;
  return hits;
}
/** Pixels of the scene's rings and radius (item-layers.ts: dark red lines). */
async function ringPixels(png: Buffer): Promise<number> {
  const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let hits = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i]! > 150 && data[i]! - data[i + 1]! > 60 && data[i]! - data[i + 2]! > 60) hits += 1;
  return hits;
}

const mapReady = (page: Page) => page.locator('[data-map="maplibre"][data-ready="true"]').waitFor({ timeout: 120_000 });

/** Issue 13 item 6: a real map, offline from a file the user points at, in real Chromium with WebGL. */
describe('the map with an offline MBTiles file', () => {
  let fixture: BrowserModeFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let mapsDir: string;
  let mbtiles: string;
  let caseId: number;

  beforeAll(async () => {
    mapsDir = mkdtempSync(join(tmpdir(), 'goldenhour-maps-'));
    mbtiles = join(mapsDir, 'scene-streets.mbtiles');
    expect(await writeStreetMbtiles(mbtiles, SCENE, 0.04, [12, 13, 14, 15])).toBeGreaterThan(100);
    fixture = await startBrowserMode(requireBuiltRenderer());
    const created = await fixture.api.call('case.create', { title: 'Bridge fire', scene: SCENE, incidentTime: '2018-07-25T14:30:00Z', timezone: 'Europe/Prague', window: { beforeMin: 30, afterMin: 60 } });
    caseId = created.id;
    await fixture.api.call('items.ingest', { caseId, paths: PHOTOS });
    ({ browser, page, errors } = await openCaseList(fixture));
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    rmSync(mapsDir, { recursive: true, force: true });
  }, STEP_TIMEOUT_MS);

  it('draws the Natural Earth outline from the app\'s own tiles when no map file is set', async () => {
    await page.goto(`${fixture.origin}/#/case/${caseId}/map`);
    await mapReady(page);
    expect(await page.getByTestId('map-credit').textContent()).toContain('Natural Earth');
    const canvas = page.getByTestId('map-canvas');
    // The scene (Prague) is inland: the land of the 1:110m outline's tiles fills most of the map.
    const ready = await canvas.screenshot();
    expect(await colourShare(ready, LAND_RGB)).toBeGreaterThan(0.3);
    // Ready means the whole view is drawn: the items' cluster at the scene and the scene's rings too.
    expect(await clusterPixels(ready)).toBeGreaterThan(150);
    expect(await ringPixels(ready)).toBeGreaterThan(150);
    // The 1:50m outline's tiles follow, and the land stays drawn.
    await page.locator('[data-map="maplibre"][data-outline="50m"]').waitFor({ timeout: 120_000 });
    expect(await colourShare(await canvas.screenshot(), LAND_RGB)).toBeGreaterThan(0.3);
    await saveScreen(page, 'map-00-outline');
    expect(errors).toEqual([]);
    await page.goto(`${fixture.origin}/#/`);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
  }, STEP_TIMEOUT_MS);

  it('is offline by default and refuses a file that is not a map, saying why', async () => {
    expect(await fixture.api.call('map.settings', {})).toMatchObject({ map: { online: false, styleUrl: '', searchUrl: '', offlineFile: '' }, offline: null });
    await page.getByText('Map settings (base map, offline map file, place search)').click();
    const file = page.getByLabel(/Offline map file on this machine/);
    await file.fill(join(mapsDir, 'missing.mbtiles'));
    await page.getByRole('button', { name: 'Save map settings' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(`There is no file at ${join(mapsDir, 'missing.mbtiles')}`);
    await file.fill(PHOTOS[0]!);
    await page.getByRole('button', { name: 'Save map settings' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(`Expected a PMTiles or MBTiles map file but ${PHOTOS[0]} is neither`);
    // Going online needs an address to go to: refused, and nothing saved.
    await file.fill('');
    await page.getByLabel(/Let the map go online/).check();
    await page.getByRole('button', { name: 'Save map settings' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Give a map style or tile address to use the map online');
    expect(await fixture.api.call('map.settings', {})).toMatchObject({ map: { online: false, offlineFile: '' } });
    await page.getByLabel(/Let the map go online/).uncheck();
    await file.fill(mbtiles);
    await page.getByRole('button', { name: 'Save map settings' }).click();
    await expect.poll(() => page.getByTestId('map-settings-status').textContent()).toContain('Offline map in use: Test streets, MBTiles, PNG picture tiles, zoom 12–15.');
    expect(await unlabelledControls(page)).toEqual([]);
    await saveScreen(page, 'map-01-settings');
    // The refusals above were answered 400 on purpose (the browser logs each); from here on, none.
    errors.length = 0;
  }, STEP_TIMEOUT_MS);

  it('draws the streets of the offline file under the scene and the items', async () => {
    await page.goto(`${fixture.origin}/#/case/${caseId}/map`);
    await mapReady(page);
    expect(await page.getByTestId('map-credit').textContent()).toContain('Test streets (offline MBTiles file)');
    const canvas = page.getByTestId('map-canvas');
    await saveScreen(page, 'map-02-offline-streets');
    // The fixture's yellow streets cover about a fifth of each tile: they are on screen, drawn by WebGL.
    expect(await streetShare(await canvas.screenshot())).toBeGreaterThan(0.08);
    expect(await unlabelledControls(page)).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('lists a cluster\'s items with thumbnail, time and kind, and opens one', async () => {
    const canvas = page.getByTestId('map-canvas');
    const box = await canvas.boundingBox();
    // The two photos taken at the scene form a cluster at its centre.
    await canvas.click({ position: { x: (box?.width ?? 0) / 2, y: (box?.height ?? 0) / 2 } });
    const list = page.getByRole('dialog', { name: 'Items here' });
    await list.locator('li').nth(1).waitFor();
    expect(await list.locator('li').count()).toBe(2);
    expect(await list.locator('li img').count()).toBe(2);
    await expect.poll(async () => (await list.locator('li img').evaluateAll((imgs) => imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0))).every(Boolean)).toBe(true);
    const texts = await list.locator('li').allTextContents();
    for (const text of texts) expect(text).toMatch(/^Item \d+ · photo.+ · (inside the window|outside the window|no time)$/);
    // The phone photo, taken at 16:34 local time four minutes after the incident, is inside the
    // window; its time is given in UTC and in the scene's local time (Europe/Prague), as in the grid.
    expect(texts.find((t) => t.includes('163423-tiny'))).toMatch(/2018-07-25 14:34:\d\d UTC · 2018-07-25 16:34:\d\d UTC\+2 · inside the window$/);
    await saveScreen(page, 'map-03-cluster-list');
    await list.getByRole('button', { name: /^Item \d+ · photo$/ }).first().click();
    await page.waitForURL(new RegExp(`#/case/${caseId}/item/\\d+$`));
  }, STEP_TIMEOUT_MS);

  it('zooms about the pointer with the wheel', async () => {
    await page.goto(`${fixture.origin}/#/case/${caseId}/map`);
    await mapReady(page);
    const canvas = page.getByTestId('map-canvas');
    const box = (await canvas.boundingBox())!;
    const before = await canvas.screenshot();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.3);
    await page.mouse.wheel(0, -600);
    await expect.poll(async () => Buffer.compare(await canvas.screenshot(), before), { timeout: 30_000 }).not.toBe(0);
    await page.waitForTimeout(800);
    await saveScreen(page, 'map-04-wheel-zoom');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('falls back to a labelled simple map where WebGL is not available', async () => {
    const noGl = await chromium.launch({ executablePath: testChromiumPath(), args: [...TEST_CHROMIUM_ARGS, '--disable-webgl', '--disable-3d-apis'], headless: true });
    try {
      const plain = await noGl.newPage({ viewport: { width: 1440, height: 900 } });
      const plainErrors = watchPageErrors(plain);
      await plain.goto(fixture.server.url);
      await plain.getByRole('heading', { name: 'Cases' }).waitFor();
      await plain.goto(`${fixture.origin}/#/case/${caseId}/map`);
      await expect.poll(() => plain.getByTestId('simple-map-notice').textContent(), { timeout: 60_000 }).toContain('Simple map: this browser has no WebGL, which the full map needs');
      expect(await plain.getByTestId('map-canvas').getAttribute('role')).toBe('img');
      await plain.waitForTimeout(500);
      await saveScreen(plain, 'map-05-no-webgl');
      expect(plainErrors).toEqual([]);
    } finally {
      await noGl.close();
    }
  }, STEP_TIMEOUT_MS);
});
