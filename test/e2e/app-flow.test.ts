import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../support/chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { fixturePath, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { requireBuiltRenderer, saveScreen as saveScreenshot, unlabelledControls, watchPageErrors } from '../support/ui-screens.js';

/** Each step drives real Chromium, captures and exports: generous for a loaded 2-core CI machine. */
const FLOW_STEP_TIMEOUT_MS = 180_000;

const PHOTOS = [
  'ui-photos/exifr__IMG_20180725_163423-tiny.jpg',
  'ui-photos/exifr__png__png_with_exif_and_gps.png',
  'ui-photos/exifr__issue-exifr-13.jpg',
  'ui-photos/exifr__issue-fast-exif-2.jpg',
].map(fixturePath);

/**
 * The whole flow as an investigator does it, in real Chromium against browser mode with the
 * real core: case, import, grid, detail (grade, note, tag), timeline, map, export, review.
 */
/** Saves the screen for a person to look at, and checks every control on it has a name. */
async function saveScreen(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  expect(await unlabelledControls(page), `unlabelled controls on ${name}`).toEqual([]);
}

describe('the app in browser mode', () => {
  let fixture: BrowserModeFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let site: FixtureSite;
  /** Items in the case as the core has them (pages bring their embedded media as items too). */
  const total = async () => (await fixture.core.items.list(1, { includeWithdrawn: true })).length;

  beforeAll(async () => {
    site = await startFixtureSite();
    fixture = await startBrowserMode(requireBuiltRenderer());
    browser = await launchTestBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    errors = watchPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await site?.close();
  }, FLOW_STEP_TIMEOUT_MS);

  it('has a label check that notices an unlabelled control', async () => {
    const scratch = await browser.newPage();
    await scratch.setContent('<label>Named <input id="a"></label><input id="b"><button></button><button>Go</button>');
    expect(await unlabelledControls(scratch)).toEqual(['<input id="b">', '<button></button>']);
    await scratch.close();
  }, FLOW_STEP_TIMEOUT_MS);

  it('refuses to work without the token', async () => {
    const bare = await browser.newPage();
    await bare.goto(`${fixture.origin}/`);
    await expect(bare.getByRole('alert').textContent()).resolves.toContain('no valid token');
    await bare.close();
  }, FLOW_STEP_TIMEOUT_MS);

  it('creates a case with its scene, time zone and window', async () => {
    await page.goto(fixture.server.url);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    await saveScreen(page, '01-cases-empty');
    await page.getByRole('link', { name: 'New case' }).click();
    await page.getByLabel('Title').fill('Railway bridge fire');
    await page.getByLabel('Reference (optional)').fill('OP-7');
    // The scene can be clicked on the map: a click fills latitude and longitude.
    const picker = page.getByRole('img', { name: /Scene picker map/ });
    await picker.click({ position: { x: 300, y: 120 } });
    await expect.poll(async () => Number(await page.getByLabel('Latitude').inputValue())).not.toBe(0);
    expect(await page.getByLabel('Longitude').inputValue()).toMatch(/^-?\d+\.\d{6}$/);
    await page.getByLabel('Latitude').fill('50.2996');
    await page.getByLabel('Longitude').fill('14.8203');
    await page.getByLabel('Radius (m)').fill('400');
    await page.getByLabel('Local time at the scene').fill('2018-07-25T16:30:00');
    await page.getByLabel('Time zone of the scene').fill('Europe/Prague');
    await page.getByLabel('Minutes before').fill('30');
    await saveScreen(page, '02-new-case');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.waitForURL(/#\/case\/\d+\/capture/);
    const cases = await fixture.core.cases.list();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ title: 'Railway bridge fire', timezone: 'Europe/Prague', incidentTime: '2018-07-25T14:30:00.000Z', scene: { lat: 50.2996, lon: 14.8203, radiusM: 400 } });
  }, FLOW_STEP_TIMEOUT_MS);

  it('captures pages with live progress, flags a login wall and reports a failure with its reason', async () => {
    await page.getByRole('heading', { name: 'Capture pages' }).waitFor();
    const unreachable = 'http://127.0.0.1:9/nothing-listens-here';
    await page.getByLabel('Addresses to capture, one per line').fill([site.url('/article.html'), site.url('/login.html'), unreachable].join('\n'));
    await page.getByLabel('Allow addresses on this machine or the local network').check();
    await page.getByRole('button', { name: 'Capture', exact: true }).click();
    const queue = page.getByTestId('capture-queue');
    await queue.waitFor();
    await saveScreen(page, '03a-capture-running');
    await page.getByTestId('capture-outcome').filter({ hasText: '2 pages captured' }).waitFor({ timeout: 120_000 });
    // A run with a failure is not reported in green, and the failed line is listed with its reason.
    expect(await page.getByTestId('capture-outcome').getAttribute('class')).toBe('error');
    expect(await page.getByTestId('capture-outcome').textContent()).toContain(`${unreachable}: `);
    expect(await page.getByTestId('capture-outcome').textContent()).not.toMatch(/ERR_|net::/);
    await expect.poll(() => queue.locator('tr[data-state="captured"]').count()).toBe(2);
    await expect.poll(() => queue.locator('tr[data-state="failed"]').count()).toBe(1);
    await expect.poll(() => queue.textContent()).toContain('login wall');
    await saveScreen(page, '03b-capture-done');
    await page.reload();
    await expect.poll(() => page.getByTestId('capture-queue').textContent()).toContain('login wall');
    await queue.getByRole('link', { name: 'item 2' }).click();
    await page.getByRole('img', { name: /Full-page screenshot of/ }).waitFor();
    await saveScreen(page, '03c-captured-page');
  }, FLOW_STEP_TIMEOUT_MS);

  it('browses in the case browser and captures the current page from the app', async () => {
    // No display here: the test opens the case browser headless through the API; the app then drives it.
    await fixture.api.call('browse.open', { caseId: 1, headless: true, allowPrivate: true });
    await page.getByRole('link', { name: 'Browse' }).click();
    await page.getByLabel('Go to address').fill(site.url('/post.html'));
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect.poll(() => page.getByTestId('browse-current').textContent()).toBe(site.url('/post.html'));
    await page.keyboard.press('Control+Shift+S');
    await expect.poll(() => page.locator('.capture-notes').textContent(), { timeout: 60_000 }).toContain('Captured');
    // One visit: the capture's own tab is not the investigator's visit.
    await expect.poll(() => page.getByTestId('browse-visits').textContent()).toContain(site.url('/post.html'));
    expect(await page.getByTestId('browse-visits').locator('tbody tr').count()).toBe(1);
    await saveScreen(page, '03e-browse');
    await fixture.api.call('browse.close', { caseId: 1 });
  }, FLOW_STEP_TIMEOUT_MS);

  it('imports photos by upload and shows them in the grid', async () => {
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('Choose files…').setInputFiles(PHOTOS);
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('4 added');
    await saveScreen(page, '03d-import');
    // Drag and drop: a file dropped on the zone is uploaded and imported the same way.
    const png = readFileSync(PHOTOS[1]!).toString('base64');
    // (Page-side code; this file is checked without the DOM's types, hence the loose typing.)
    /* eslint-disable @typescript-eslint/no-explicit-any */
    await page.getByText('Drop photos, videos, files or folders here').evaluate((zone: any, data: string) => {
      const page = globalThis as any;
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new page.DataTransfer();
      transfer.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      zone.parentElement?.dispatchEvent(new page.DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, png);
    /* eslint-enable @typescript-eslint/no-explicit-any */
    await expect.poll(() => result.textContent()).toContain('1 added');
    expect((await fixture.core.items.list(1)).some((i) => i.originalName === 'dropped.png')).toBe(true);
    await page.getByRole('link', { name: 'See the evidence' }).click();
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toContain(`${await total()} of ${await total()} items`);
    await page.locator('.thumb img').first().waitFor();
    await saveScreen(page, '04-evidence');
    await page.getByLabel('Search').fill('tiny');
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toContain(`1 of ${await total()} items`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toContain(`${await total()} of ${await total()} items`);
    await page.getByLabel('Sort by').selectOption('distance');
    await expect.poll(() => page.locator('.item-row .item-name').first().textContent()).toMatch(/163423-tiny|png_with_exif/);
    await page.getByRole('button', { name: 'Check custody' }).click();
    await page.getByText(/^Intact: \d+ ledger entries/).waitFor({ timeout: 30_000 });
  }, FLOW_STEP_TIMEOUT_MS);

  it('grades, notes and tags an item, each recorded in its custody history', async () => {
    await page.getByRole('link', { name: /163423-tiny/ }).click();
    await page.getByRole('heading', { name: /163423-tiny/ }).waitFor();
    await page.getByLabel('Source evaluation').selectOption('2');
    await page.getByLabel('Intelligence assessment').selectOption('B');
    await page.getByLabel('Handling code').selectOption('P');
    await page.getByRole('button', { name: 'Save grading' }).click();
    await page.getByText('Graded 2BP — recorded in the custody ledger.').waitFor();
    await page.getByLabel('Notes', { exact: true }).fill('Smoke visible over the bridge; phone GPS.');
    await page.getByRole('button', { name: 'Save notes' }).click();
    await page.getByText('Notes saved — recorded in the custody ledger.').waitFor();
    await page.getByLabel('Tags, separated by commas').fill('bridge, smoke');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await page.getByText('Tags saved — recorded in the custody ledger.').waitFor();
    // The history reloads just after the status line says so: wait for it rather than race it.
    const custody = page.getByTestId('custody-table');
    for (const action of ['grading changed', 'note changed', 'tags changed']) await expect.poll(() => custody.textContent()).toContain(action);
    await page.getByRole('button', { name: 'Find look-alikes in the case' }).click();
    await page.locator('[data-testid=look-alikes], .look-alikes p.muted').first().waitFor();
    await saveScreen(page, '05-item-detail');
    // A video plays in the app from the vault (the captured post brought one); a page shows its screenshot.
    const video = (await fixture.core.items.list(1)).find((i) => i.kind === 'video');
    expect(video).toBeDefined();
    await page.goto(`${fixture.origin}/#/case/1/item/${video?.id}`);
    const player = page.getByLabel('Video preview');
    await player.waitFor();
    await expect.poll(() => player.evaluate((el) => (el as unknown as { readyState: number }).readyState)).toBeGreaterThan(0);
    await saveScreen(page, '05b-video-item');
    await page.goBack();
    const item = (await fixture.core.items.list(1)).find((i) => i.originalName?.includes('tiny'));
    expect(item).toMatchObject({ grading: { source: '2', intelligence: 'B', handling: 'P' }, notes: 'Smoke visible over the bridge; phone GPS.', tags: ['bridge', 'smoke'] });
  }, FLOW_STEP_TIMEOUT_MS);

  it('shows the items on the timeline and the map', async () => {
    await page.getByRole('link', { name: 'Timeline' }).click();
    await expect.poll(() => page.getByTestId('timeline-count').textContent()).toContain(`${await total()} items`);
    await page.getByTestId('timeline-canvas').focus();
    await page.keyboard.press('-');
    await saveScreen(page, '06-timeline');
    // Click through on the canvas itself, at a dot the page lists (with its position) under it.
    await page.getByText(/List the items in view/).click();
    const dot = page.locator('.in-view button').first();
    const at = { x: Number(await dot.getAttribute('data-x')), y: Number(await dot.getAttribute('data-y')) };
    await page.getByTestId('timeline-canvas').click({ position: at });
    await page.waitForURL(/#\/case\/1\/item\/\d+$/);
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByTestId('timeline-canvas').waitFor();
    await page.getByRole('link', { name: 'Map' }).click();
    await expect.poll(() => page.getByTestId('map-count').textContent()).toMatch(/[1-9] items placed/);
    // MapLibre (WebGL in software here) has drawn the base map and the items.
    await page.locator('[data-map="maplibre"][data-ready="true"]').waitFor({ timeout: 120_000 });
    await saveScreen(page, '07-map');
    // Click through: the photos at the scene form a small cluster; clicking it lists them.
    const map = page.getByTestId('map-canvas');
    const box = await map.boundingBox();
    await map.click({ position: { x: (box?.width ?? 0) / 2, y: (box?.height ?? 0) / 2 } });
    await page.getByRole('dialog', { name: 'Items here' }).waitFor();
    await saveScreen(page, '07b-map-cluster');
    await page.getByRole('dialog', { name: 'Items here' }).getByRole('button', { name: /^Item \d+ · photo$/ }).first().click();
    await page.waitForURL(/#\/case\/1\/item\/\d+$/);
    await page.getByRole('heading', { name: /exifr__/ }).waitFor();
  }, FLOW_STEP_TIMEOUT_MS);

  it('exports a sealed bundle and opens it for review, verified', async () => {
    await page.getByRole('link', { name: 'Export' }).click();
    await page.getByRole('button', { name: `Export ${await total()} items` }).click();
    const result = page.getByTestId('export-result');
    await result.getByText('Sealed and verified').waitFor({ timeout: 60_000 });
    const bundlePath = (await page.getByTestId('bundle-path').textContent()) ?? '';
    expect(bundlePath).toContain(join(fixture.dataDir, 'exports'));
    expect(await page.getByTestId('bundle-sha256').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await saveScreen(page, '08-export');

    await page.getByRole('link', { name: 'Review a bundle' }).click();
    await page.getByLabel('Choose a bundle…').setInputFiles(bundlePath);
    await page.getByTestId('verdict').getByText('Intact: every file matches its seal').waitFor({ timeout: 60_000 });
    await page.getByLabel('Search').fill('163423-tiny');
    await expect.poll(() => page.getByTestId('review-count').textContent()).toMatch(/^1 of \d+ items$/);
    await page.locator('.item-row').first().click();
    await page.getByRole('heading', { name: /163423-tiny/ }).waitFor();
    await saveScreen(page, '09-review');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await saveScreen(page, '10-review-timeline');
    await page.getByRole('tab', { name: 'Map' }).click();
    await page.locator('[data-map="maplibre"][data-ready="true"]').waitFor({ timeout: 120_000 });
    await saveScreen(page, '11-review-map');
    // The whole ledger says which item each entry is about ("case" for the case's own entries).
    await page.getByRole('tab', { name: 'Custody' }).click();
    const custody = page.getByTestId('custody-table');
    await expect.poll(() => custody.locator('thead').textContent()).toContain('Item');
    expect(await custody.locator('tbody tr').first().textContent()).toMatch(/case created/);
    expect(await custody.locator('tbody tr').first().locator('td').nth(3).textContent()).toBe('case');
    expect(await custody.locator('tbody tr', { hasText: /163423-tiny/ }).count()).toBeGreaterThan(0);
    await saveScreen(page, '12-review-custody');
    expect(errors).toEqual([]);
  });
});
