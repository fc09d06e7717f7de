import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseList } from '../support/app-in-chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { fixturePath, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { requireBuiltRenderer, saveScreen, unlabelledControls } from '../support/ui-screens.js';

/** Each step drives real Chromium (and sometimes captures): generous for a loaded 2-core machine. */
const STEP_TIMEOUT_MS = 180_000;

const PHOTOS = ['ui-photos/exifr__IMG_20180725_163423-tiny.jpg', 'ui-photos/exifr__issue-exifr-13.jpg'].map(fixturePath);

// Page-side code; test files are checked without the DOM's types.
/* eslint-disable @typescript-eslint/no-explicit-any */
const focused = (page: Page) => page.evaluate(() => {
  const active = (globalThis as any).document.activeElement;
  return { id: String(active?.id ?? ''), text: String(active?.textContent ?? ''), inMain: Boolean(active?.closest('main')) };
});
const setHash = (page: Page, hash: string) => page.evaluate((to) => { (globalThis as any).location.hash = to; }, hash);
/* eslint-enable @typescript-eslint/no-explicit-any */

/** What a new investigator tripped over in the first hour (issue 13, "Broken"), in real Chromium. */
/**
 * Whether the timeline's shown range ("2024-01-02 01:10 – 2027-01-31 13:15 UTC") holds the
 * incident and, when `startsAfter` is given, starts after it (so it cannot be that other case's).
 */
function rangeFits(text: string | null, incident: string, startsAfter?: string): boolean {
  const match = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) – (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC/.exec(text ?? '');
  if (!match) return false;
  const start = Date.parse(`${match[1]!.replace(' ', 'T')}:00Z`);
  const end = Date.parse(`${match[2]!.replace(' ', 'T')}:59Z`);
  return start <= Date.parse(incident) && Date.parse(incident) <= end && (startsAfter === undefined || start > Date.parse(startsAfter));
}

describe('the app under pressure', () => {
  let fixture: BrowserModeFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let site: FixtureSite;

  beforeAll(async () => {
    site = await startFixtureSite();
    fixture = await startBrowserMode(requireBuiltRenderer());
    ({ browser, page, errors } = await openCaseList(fixture));
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await site?.close();
  }, STEP_TIMEOUT_MS);

  it('reads a scene typed with decimal commas, refuses an unreadable one and moves the map to it', async () => {
    await page.goto(`${fixture.origin}/#/cases/new`);
    await page.getByLabel('Title').fill('Decimal commas');
    const map = page.getByRole('img', { name: /Scene picker map/ });
    await map.waitFor();
    const world = await map.screenshot();
    // An unreadable latitude stops the form with a message naming it; no case is created.
    await page.getByLabel('Latitude').fill('50,08,75');
    await page.getByLabel('Longitude').fill('14,4213');
    await page.getByRole('button', { name: 'Create case' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Expected the latitude in decimal degrees (e.g. 50.0875 or 50,0875) but received "50,08,75"');
    await saveScreen(page, 'pressure-01-scene-refused');
    expect(await fixture.core.cases.list()).toHaveLength(0);
    // Decimal commas are read; the map moves to the typed place.
    await page.getByLabel('Latitude').fill('50,0875');
    await expect.poll(async () => Buffer.compare(await map.screenshot(), world)).not.toBe(0);
    expect(await page.getByLabel('Latitude').getAttribute('aria-invalid')).toBe('false');
    await saveScreen(page, 'pressure-02-scene-commas');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.waitForURL(/#\/case\/1\/capture/);
    expect((await fixture.core.cases.get(1)).scene).toMatchObject({ lat: 50.0875, lon: 14.4213 });
    // A pasted pair fills both fields.
    await page.goto(`${fixture.origin}/#/cases/new`);
    await page.getByLabel('Latitude').fill('50,0875; 14,4213');
    expect(await page.getByLabel('Latitude').inputValue()).toBe('50,0875');
    expect(await page.getByLabel('Longitude').inputValue()).toBe('14,4213');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('survives switching cases by address and Back on every screen, each screen showing its own case', async () => {
    const a = await fixture.api.call('case.create', { title: 'Bridge 2018', incidentTime: '2018-07-25T16:30:00', timezone: 'Europe/Prague', window: { beforeMin: 60, afterMin: 60 } });
    const b = await fixture.api.call('case.create', { title: 'Harbour 2024', incidentTime: '2024-03-02T09:00:00Z', timezone: 'UTC', window: { beforeMin: 30, afterMin: 30 } });
    await fixture.api.call('items.ingest', { caseId: a.id, paths: PHOTOS });
    await fixture.api.call('items.ingest', { caseId: b.id, paths: [PHOTOS[1] as string] });
    const firstItem = new Map([[a.id, (await fixture.core.items.list(a.id))[0]?.id as number], [b.id, (await fixture.core.items.list(b.id))[0]?.id as number]]);
    const itemOf = (caseId: number) => firstItem.get(caseId);
    const screens = ['evidence', 'timeline', 'map', 'capture', 'browse', 'import', 'export', 'changes', 'item'];
    const address = (caseId: number, screen: string) => `${fixture.origin}/#/case/${caseId}/${screen === 'item' ? `item/${itemOf(caseId)}` : screen}`;
    for (const screen of screens) {
      await page.goto(address(a.id, screen));
      await page.locator('main h1').first().waitFor();
      // Address typed: the other case's same screen.
      await setHash(page, new URL(address(b.id, screen)).hash);
      await expect.poll(() => page.locator('.case-nav, header').first().textContent()).toContain('Harbour 2024');
      await page.locator('main h1').first().waitFor();
      expect(await page.locator('main h1').first().textContent(), screen).not.toMatch(/could not be shown/);
      if (screen === 'timeline') {
        // The time range is the new case's, around its incident (and its captures, filled on first
        // view), not the last case's, which began in 2018.
        await expect.poll(async () => rangeFits(await page.locator('.timeline').textContent(), '2024-03-02T09:00:00Z', '2018-07-25T14:30:00Z')).toBe(true);
        await saveScreen(page, 'pressure-03-timeline-switched');
      }
      await page.goBack();
      await expect.poll(() => page.locator('.case-nav, header').first().textContent()).toContain('Bridge 2018');
      if (screen === 'timeline') await expect.poll(async () => rangeFits(await page.locator('.timeline').textContent(), '2018-07-25T14:30:00Z')).toBe(true);
      expect(errors, `page errors after switching on ${screen}`).toEqual([]);
    }
  }, STEP_TIMEOUT_MS * 2);

  it('skips to the main content without leaving the screen', async () => {
    await page.goto(`${fixture.origin}/#/case/1/evidence`);
    // From the top of the page, as after loading it.
    await page.reload();
    await page.getByRole('heading', { name: 'Evidence' }).waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await focused(page)).text).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toBe('main');
    expect(new URL(page.url()).hash).toBe('#/case/1/evidence');
    await page.keyboard.press('Tab');
    // The next stop is inside the screen, not the header.
    expect((await focused(page)).inMain).toBe(true);
  }, STEP_TIMEOUT_MS);

  it('captures a local address only with the setting on, saying so in words and never with a CLI flag', async () => {
    await page.goto(`${fixture.origin}/#/case/1/capture`);
    await page.getByRole('heading', { name: 'Capture pages' }).waitFor();
    const url = site.url('/article.html');
    await page.getByLabel('Addresses to capture, one per line').fill(`${url}\nnot an address`);
    await page.getByRole('button', { name: 'Capture', exact: true }).click();
    // Lines not captured are listed back with their reasons, and stay in the box to be corrected.
    const outcome = page.getByTestId('capture-outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 60_000 }).toContain('2 not captured');
    expect(await outcome.getAttribute('class')).toBe('error');
    expect(await outcome.textContent()).toContain('not an address:');
    expect(await page.getByLabel('Addresses to capture, one per line').inputValue()).toContain('not an address');
    const screenText = () => page.locator('main').textContent();
    await expect.poll(screenText, { timeout: 60_000 }).toContain('is a loopback or private-network address; tick “Allow addresses on this machine or the local network” to capture it');
    expect(await screenText()).not.toMatch(/--[a-z]/);
    await saveScreen(page, 'pressure-04-capture-private-off');
    await page.getByText('Limits (time per page, scrolling, comment threads, media)').click();
    await page.getByLabel('Seconds to wait for a page').fill('20');
    await page.getByLabel('Media files per page at most').fill('5');
    await page.getByLabel('Allow addresses on this machine or the local network').check();
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Retry 1 failed' }).click();
    await expect.poll(() => page.getByTestId('capture-queue').locator('tr[data-state="captured"]').count(), { timeout: 120_000 }).toBe(1);
    await expect.poll(() => outcome.textContent()).toMatch(/^Retried: 1 page captured( \(with \d+ media items?\))?\.$/);
    expect(await outcome.getAttribute('class')).toBe('status');
    await saveScreen(page, 'pressure-05-capture-private-on');
    expect((await fixture.core.items.list(1)).some((item) => item.sourceUrl === url)).toBe(true);
  }, STEP_TIMEOUT_MS);

  it('opens Browse with its own settings and captures a local address when they allow it', async () => {
    // No display here: the test makes the window headless on its way to the server; the rest is the app's own request.
    await page.route('**/api/browse.open', (route) => route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), headless: true }) }));
    await page.goto(`${fixture.origin}/#/case/1/browse`);
    await page.getByRole('heading', { name: 'Browse and capture' }).waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await saveScreen(page, 'pressure-06-browse-settings');
    const post = site.url('/post.html');
    const capturedNote = page.locator('.capture-notes');
    // Off: the page opens, but capturing it is refused in words.
    await page.getByRole('button', { name: 'Open the case browser' }).click();
    await page.getByLabel('Go to address').fill(post);
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect.poll(() => page.getByTestId('browse-current').textContent()).toBe(post);
    await page.getByRole('button', { name: /Capture this page/ }).click();
    await expect.poll(() => page.locator('main').textContent(), { timeout: 60_000 }).toContain('tick “Allow addresses on this machine or the local network”');
    expect(await page.locator('main').textContent()).not.toMatch(/--[a-z]/);
    await page.getByRole('button', { name: 'Close the browser' }).click();
    // On: the same page is captured.
    await page.getByLabel('Allow addresses on this machine or the local network').check();
    await page.getByRole('button', { name: 'Open the case browser' }).click();
    await page.getByLabel('Go to address').fill(post);
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect.poll(() => page.getByTestId('browse-current').textContent()).toBe(post);
    await page.getByRole('button', { name: /Capture this page/ }).click();
    await expect.poll(() => capturedNote.textContent(), { timeout: 90_000 }).toMatch(/Captured .*item \d+/);
    await saveScreen(page, 'pressure-07-browse-captured');
    expect((await fixture.core.items.list(1)).some((item) => item.sourceUrl === post)).toBe(true);
    await page.getByRole('button', { name: 'Close the browser' }).click();
    await page.unroute('**/api/browse.open');
  }, STEP_TIMEOUT_MS);
});
