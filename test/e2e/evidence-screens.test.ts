import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../support/chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { fixturePath, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { requireBuiltRenderer, saveScreen, watchPageErrors } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 240_000;

// Page-side code; test files are checked without the DOM's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const setHash = (page: Page, hash: string) => page.evaluate((to) => { (globalThis as any).location.hash = to; }, hash);

/**
 * Issue 13 items 12 and 14 in real Chromium: a captured post reads as a card with its media, a
 * wall is a banner saying what the capture lacks, the page's own hashes sit beside the capture
 * record's, and analysis notes are words at the top of the item.
 */
describe('item detail reads as evidence, not raw JSON', () => {
  let fixture: BrowserModeFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let site: FixtureSite;
  let caseId: number;

  beforeAll(async () => {
    site = await startFixtureSite();
    fixture = await startBrowserMode(requireBuiltRenderer());
    browser = await launchTestBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = watchPageErrors(page);
    await page.goto(fixture.server.url);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    caseId = (await fixture.api.call('case.create', { title: 'Harbour Road', incidentTime: '2026-11-21T08:00:00Z', timezone: 'Europe/London', window: { beforeMin: 60, afterMin: 120 } })).id;
    await fixture.api.call('capture.enqueue', { caseId, urls: [site.url('/post.html'), site.url('/login.html')] });
    const run = await fixture.api.call('capture.run', { caseId, allowPrivate: true, timeoutSeconds: 20 });
    expect(run.errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await site?.close();
  }, STEP_TIMEOUT_MS);

  /** In-app navigation, as a link would do it (the page keeps the token it was opened with). */
  const open = (hash: string) => setHash(page, hash);

  const pageItem = async (path: string) => {
    const items = await fixture.core.items.list(caseId);
    const found = items.find((i) => i.kind === 'page' && i.sourceUrl === site.url(path));
    if (!found) throw new Error(`no page item for ${path}`);
    return found;
  };

  it('shows the post as a card with its media, and the page hashes beside the capture record', async () => {
    const post = await pageItem('/post.html');
    const children = await fixture.core.items.list(caseId, { parentId: post.id });
    expect(children.length).toBeGreaterThan(0);
    await open(`#/case/${caseId}/item/${post.id}`);
    const card = page.getByTestId('post-card');
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('Alex Reporter');
    expect(text).toContain('@harbourwatch');
    expect(text).toContain('Water is over the kerb on Harbour Road');
    // Published 08:15 UTC, shown in the scene's zone too (London is UTC+0 in November).
    expect(text).toContain('2026-11-21 08:15:00 UTC');
    expect(text).toContain('Europe/London');
    // Every media item of the post is linked from the card.
    const links = card.getByRole('list', { name: 'Media captured from the post' }).getByRole('link');
    expect(await links.count()).toBe(children.length);
    expect(await links.first().getAttribute('href')).toBe(`#/case/${caseId}/item/${children[0]!.id}`);
    // The page's own hashes are next to the capture record's, each the stored artifact's.
    const hashes = await page.getByTestId('page-hashes').textContent();
    expect(hashes).toContain(`Capture record${post.sha256}`);
    for (const role of ['screenshot-full', 'wacz']) {
      const artifact = post.artifacts.find((a) => a.role === role);
      expect(artifact, role).toBeDefined();
      expect(hashes).toContain(artifact!.sha256);
    }
    expect(await page.getByTestId('wall-login-wall').count()).toBe(0);
    await saveScreen(page, 'item-01-post-card');
    // A media link opens the child item.
    await links.first().click();
    await page.waitForURL(new RegExp(`/item/${children[0]!.id}$`));
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it("names each captured page in the capture queue's outcome column and links to it", async () => {
    const post = await pageItem('/post.html');
    await open(`#/case/${caseId}/capture`);
    const queue = page.getByTestId('capture-queue');
    await queue.waitFor();
    const link = queue.getByRole('link', { name: /Flooding on Harbour Road — Example News \(item \d+\)/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`#/case/${caseId}/item/${post.id}`);
    await saveScreen(page, 'item-00-capture-outcome');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('warns that a login wall hides the post', async () => {
    const login = await pageItem('/login.html');
    expect(login.flags).toContain('login-wall');
    await open(`#/case/${caseId}/item/${login.id}`);
    const banner = page.getByTestId('wall-login-wall');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/The page asked to log in\. The capture holds the login page, not necessarily the post/);
    await saveScreen(page, 'item-02-login-wall');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('says what analysis found in words at the top of a photo', async () => {
    // A Prague phone photo (camera local 16:34, GPS 14:34 UTC) in a case set to New York's zone.
    const elsewhere = await fixture.api.call('case.create', { title: 'Wrong zone', incidentTime: '2018-07-25T14:30:00Z', timezone: 'America/New_York', window: { beforeMin: 60, afterMin: 60 } });
    const result = await fixture.api.call('items.ingest', { caseId: elsewhere.id, paths: [fixturePath('ui-photos/exifr__IMG_20180725_163423-tiny.jpg')] });
    const photo = result.items[0]!;
    await open(`#/case/${elsewhere.id}/item/${photo.id}`);
    const notes = page.getByTestId('analysis-notes');
    await notes.waitFor();
    const words = await notes.textContent();
    expect(words).toContain('What analysis found');
    expect(words).toMatch(/Camera local time implies UTC\+02:00, not the case zone's -04:00: taken elsewhere, or the camera was set to another zone\./);
    expect(words).not.toMatch(/--[a-z]/);
    await saveScreen(page, 'item-03-analysis-notes');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('ends the import progress when the import ends, so the next import can start', async () => {
    const target = await fixture.api.call('case.create', { title: 'Two imports', window: { beforeMin: 60, afterMin: 60 } });
    await open(`#/case/${target.id}/import`);
    const box = page.getByLabel('Or paths on this machine (files or folders, one per line)');
    const button = page.getByRole('button', { name: 'Import paths' });
    for (const photo of ['ui-photos/exifr__issue-exifr-13.jpg', 'ui-photos/exifr__issue-fast-exif-2.jpg']) {
      await box.fill(fixturePath(photo));
      await button.click();
      await expect.poll(() => page.getByTestId('import-result').textContent()).toMatch(/^1 added, 0 already present, 0 failed\./);
      // Late progress events must not bring the bar back once the result is shown.
      await page.waitForTimeout(1000);
      expect(await page.locator('progress').count()).toBe(0);
      expect(await page.getByText(/^Importing:/).count()).toBe(0);
    }
    expect(await fixture.core.items.list(target.id)).toHaveLength(2);
    await saveScreen(page, 'item-04-import-done');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
