import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { launchTestBrowser } from '../../support/chromium.js';
import { makeTempDir } from '../../support/temp-dir.js';

const OUTPUT = join(process.cwd(), 'test-output', 'bundle');

describe('report.html in real Chromium', () => {
  const temp = makeTempDir('gh-bundle-report-');
  let browser: Browser;
  let fixture: BundleCase;
  let reportPath = '';
  let kmlPath = '';

  beforeAll(async () => {
    const core = openTestCore(join(temp.path, 'data'));
    fixture = await makeBundleCase(core);
    const bundle = join(temp.path, 'bundle.zip');
    await exportBundle(core, { caseId: fixture.case.id, outPath: bundle, selection: {}, operator: 'dc.jones' });
    await core.close();
    const unzipped = join(temp.path, 'unzipped');
    mkdirSync(unzipped);
    // Only the report, alone: it must work even when a reader opens it straight from the zip.
    execFileSync('unzip', ['-q', bundle, 'report.html', '-d', unzipped]);
    reportPath = join(unzipped, 'report.html');
    execFileSync('unzip', ['-q', bundle, 'locations.kml', '-d', join(temp.path, 'kml')]);
    kmlPath = join(temp.path, 'kml', 'locations.kml');
    browser = await launchTestBrowser();
    mkdirSync(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    temp.remove();
  });

  it('opens offline with no requests, no console errors, thumbnails, the case and every item; screenshot and PDF', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const url = pathToFileURL(reportPath).href;
    await page.goto(url, { waitUntil: 'load' });

    expect(requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Harbour Road collision <test>');
    for (const id of [fixture.photo.id, fixture.farPhoto.id, fixture.page.id, fixture.pageImage.id, fixture.withdrawn.id, fixture.untimed.id]) {
      expect(await page.locator(`#item-${id}`).isVisible(), `item ${id}`).toBe(true);
    }
    expect(await page.locator(`#item-${fixture.withdrawn.id} .withdrawn-banner`).innerText()).toContain('Stock photo, not from the scene');
    expect(await page.locator(`#item-${fixture.photo.id}`).innerText()).toContain(fixture.photo.sha256);
    const pageCard = await page.locator(`#item-${fixture.page.id}`).innerText();
    for (const role of ['original', 'screenshot-full', 'screenshot-viewport', 'dom']) expect(pageCard).toContain(role);
    expect(await page.locator(`#item-${fixture.photo.id}`).innerText()).toContain('thumbnail (derived working copy)');
    // Hostile post text is shown as text, never run.
    expect(await page.locator(`#item-${fixture.page.id}`).innerText()).toContain('<img src=x onerror=alert(1)>');
    const loadedImages = await page.locator('img').evaluateAll((images) =>
      images.filter((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0).length);
    expect(loadedImages).toBeGreaterThanOrEqual(4);
    expect(await page.locator('svg[aria-label="Map of items relative to the scene"] circle.dot').count()).toBe(2);
    expect(await page.locator('svg[aria-label="Timeline of items around the incident"] circle').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('pre').innerText()).toContain('sha256sum -c SHA256SUMS');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(readFileSync(reportPath, 'utf8')).not.toMatch(/<script|https?:\/\/[^"'\s<]*\.(js|css)\b/);

    const screenshotPath = join(OUTPUT, 'report.png');
    await page.screenshot({ path: screenshotPath, fullPage: false });
    const stats = await sharp(screenshotPath).stats();
    // Not blank: the channels vary (text, charts, thumbnails) rather than one flat colour.
    expect(Math.max(...stats.channels.map((c) => c.stdev))).toBeGreaterThan(20);
    await page.screenshot({ path: join(OUTPUT, 'report-full.png'), fullPage: true });

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(OUTPUT, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    await context.close();
  });

  it('locations.kml is well-formed KML 2.2 with the scene, its radius and the placed items', async () => {
    const page = await browser.newPage();
    const kml = readFileSync(kmlPath, 'utf8');
    const parsed = await page.evaluate((text) => {
      // Typed by hand: the tests' tsconfig has no DOM library.
      type Doc = { getElementsByTagName(n: string): { length: number }; getElementsByTagNameNS(ns: string, n: string): { length: number }; documentElement: { namespaceURI: string | null } };
      const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(t: string, type: string): Doc } }).DOMParser;
      const doc = new Parser().parseFromString(text, 'application/xml');
      const ns = 'http://www.opengis.net/kml/2.2';
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        root: doc.documentElement.namespaceURI,
        placemarks: doc.getElementsByTagNameNS(ns, 'Placemark').length,
        polygons: doc.getElementsByTagNameNS(ns, 'Polygon').length,
      };
    }, kml);
    expect(parsed).toEqual({ errors: 0, root: 'http://www.opengis.net/kml/2.2', placemarks: 4, polygons: 1 });
    await page.close();
  });
});
