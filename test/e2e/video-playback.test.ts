import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../support/chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { makeStreams, startStreamSite, type StreamSite } from '../support/stream-site.js';
import { makeTempDir } from '../support/temp-dir.js';
import { requireBuiltRenderer, saveScreen, watchPageErrors } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 300_000;

// Page-side code; test files are checked without the DOM's types.
/* eslint-disable @typescript-eslint/no-explicit-any */
const setHash = (page: Page, hash: string) => page.evaluate((to) => { (globalThis as any).location.hash = to; }, hash);

/** Waits until the <video> has loaded enough to play and reports its duration and size, or the media error. */
const videoState = (page: Page, selector: string) => page.locator(selector).evaluate((element: any) => new Promise<{ duration: number; width: number; error: number | null }>((resolve) => {
  const report = () => resolve({ duration: element.duration, width: element.videoWidth, error: element.error ? element.error.code : null });
  if (element.readyState >= 2) return report();
  element.addEventListener('loadeddata', report, { once: true });
  element.addEventListener('error', report, { once: true });
  element.load();
}));
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Issue 11 item 7 in real Chromium: a page whose player streamed HLS (master playlist, separate
 * audio) is captured, and its item detail plays the saved video from the vault and says which
 * stream and rendition it came from; the video's own detail says so too.
 */
describe('captured videos play in the item detail and say where they came from', () => {
  const temp = makeTempDir();
  let fixture: BrowserModeFixture;
  let site: StreamSite;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let caseId: number;

  beforeAll(async () => {
    makeStreams(join(temp.path, 'streams'));
    site = await startStreamSite(join(temp.path, 'streams'));
    fixture = await startBrowserMode(requireBuiltRenderer());
    browser = await launchTestBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    errors = watchPageErrors(page);
    await page.goto(fixture.server.url);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    caseId = (await fixture.api.call('case.create', { title: 'Harbour Road video', timezone: 'Europe/London', window: { beforeMin: 60, afterMin: 120 } })).id;
    await fixture.api.call('capture.enqueue', { caseId, urls: [site.url('/hls.html?src=/s/master/master.m3u8')] });
    const run = await fixture.api.call('capture.run', { caseId, allowPrivate: true, timeoutSeconds: 20 });
    expect(run.errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await site?.close();
    temp.remove();
  }, STEP_TIMEOUT_MS);

  it('plays the stream saved from the page under the page, with its stream and rendition named', async () => {
    const items = await fixture.core.items.list(caseId);
    const pageItem = items.find((i) => i.kind === 'page')!;
    const video = items.find((i) => i.kind === 'video' && i.parentId === pageItem.id && i.flags.includes('stream'));
    expect(video, JSON.stringify(items.map((i) => [i.kind, i.flags]))).toBeDefined();
    await setHash(page, `#/case/${caseId}/item/${pageItem.id}`);
    const section = page.getByTestId('captured-videos');
    await section.waitFor();
    const entry = page.getByTestId(`captured-video-${video!.id}`);
    // The whole video comes first; the segments the page fetched (kept as items too) after it, named as segments.
    expect(await section.locator('li').first().getAttribute('data-testid')).toBe(`captured-video-${video!.id}`);
    const segments = items.filter((i) => i.parentId === pageItem.id && i.mediaType === 'video/mp2t');
    for (const segment of segments) expect(await page.getByTestId(`captured-video-${segment.id}`).locator('.video-origin').textContent()).toMatch(/^A segment of a stream, kept as the page fetched it/);
    // The player is fed by the blob API (hash checked before serving), and really plays: 6 s at 640 px.
    expect(await entry.locator('video').getAttribute('src')).toMatch(new RegExp(`^api/blob/${video!.sha256}\\?token=`));
    const state = await videoState(page, `[data-testid="captured-video-${video!.id}"] video`);
    expect(state.error).toBeNull();
    expect(Math.abs(state.duration - 6)).toBeLessThan(0.5);
    expect(state.width).toBe(640);
    const origin = await entry.locator('.video-origin').textContent();
    expect(origin).toContain(`Saved from the page's HLS stream ${site.url('/s/master/master.m3u8')}`);
    expect(origin).toMatch(/rendition 640×360, [\d.]+ [kM]b\/s, one of 2 renditions; separate audio/);
    expect(origin).toContain('without re-encoding');
    await entry.scrollIntoViewIfNeeded();
    await saveScreen(page, 'video-01-page-videos');
    // The video's own detail plays it and says the same.
    await entry.getByRole('link', { name: `video ${video!.id}` }).click();
    await page.waitForURL(new RegExp(`/item/${video!.id}$`));
    await page.getByTestId('video-origin').waitFor();
    expect(await page.getByTestId('video-origin').textContent()).toBe(origin);
    const own = await videoState(page, 'video.preview');
    expect(own.error).toBeNull();
    expect(Math.abs(own.duration - 6)).toBeLessThan(0.5);
    await saveScreen(page, 'video-02-video-detail');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('shows a page\'s videos under it in the evidence grid, whatever the sort', async () => {
    const items = await fixture.core.items.list(caseId);
    const pageItem = items.find((i) => i.kind === 'page')!;
    const children = items.filter((i) => i.parentId === pageItem.id).map((i) => i.id);
    expect(children.length).toBeGreaterThan(0);
    await setHash(page, `#/case/${caseId}/evidence`);
    await page.getByTestId('evidence-count').filter({ hasText: /items/ }).waitFor();
    for (const sort of ['acquired', 'event']) {
      await page.getByLabel('Sort by').selectOption(sort);
      const order = await page.locator('.item-row').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-item-id'))));
      const at = order.indexOf(pageItem.id);
      expect(order.slice(at + 1, at + 1 + children.length).sort((a, b) => a - b), sort).toEqual([...children].sort((a, b) => a - b));
    }
    const videoRow = page.locator(`.item-row[data-item-id="${children[0]}"]`);
    expect(await videoRow.textContent()).toContain(`from #${pageItem.id}`);
    await saveScreen(page, 'video-03-grid');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
