import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseList } from '../support/app-in-chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { startTestProxy, type TestProxy } from '../support/http-proxy.js';
import { requireBuiltRenderer, saveScreen, unlabelledControls } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 240_000;

/**
 * The capture screen's "Capture its N recent posts" on a captured profile's row, in real
 * Chromium against browser mode with the real core, capturing the fixture X profile (served as
 * http://x.com/harbourwatch by the test proxy) and then the posts it lists.
 */
describe('capturing a profile\'s recent posts from the capture screen', () => {
  let fixture: BrowserModeFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let site: FixtureSite;
  let proxy: TestProxy;

  beforeAll(async () => {
    site = await startFixtureSite();
    proxy = await startTestProxy(site.origin);
    fixture = await startBrowserMode(requireBuiltRenderer());
    await fixture.core.cases.create({ title: 'Harbour flood', timezone: 'Europe/London' }, 'tester');
    ({ browser, page, errors } = await openCaseList(fixture, { width: 1400, height: 900 }));
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await proxy?.close();
    await site?.close();
  }, STEP_TIMEOUT_MS);

  it('offers the button on the profile\'s row, captures as many posts as the setting says, each recorded as followed', async () => {
    await page.goto(`${fixture.origin}/#/case/1/capture`);
    await page.getByRole('heading', { name: 'Capture pages' }).waitFor();
    await page.getByLabel('Addresses to capture, one per line').fill('http://x.com/harbourwatch');
    await page.getByLabel(/^Proxy/).fill(proxy.url);
    await page.getByRole('button', { name: 'Capture', exact: true }).click();
    await page.getByTestId('capture-outcome').filter({ hasText: '1 page captured' }).waitFor({ timeout: 180_000 });
    // The profile lists five posts (the pinned one once): with no setting, the button offers them all.
    const button = page.getByTestId('follow-posts-button');
    await expect.poll(() => button.textContent(), { timeout: 30_000 }).toBe('Capture its 5 recent posts');
    // The setting bounds it.
    await page.getByLabel(/Also capture the recent posts of each profile page/).fill('2');
    await expect.poll(() => button.textContent()).toBe('Capture its 2 recent posts');
    await saveScreen(page, 'follow-posts-1-profile-captured');
    expect(await unlabelledControls(page)).toEqual([]);

    await button.click();
    await page.getByTestId('capture-outcome').filter({ hasText: '2 pages captured' }).waitFor({ timeout: 180_000 });
    const queue = page.getByTestId('capture-queue');
    await expect.poll(() => queue.locator('tr[data-state="captured"]').count()).toBe(3);
    await expect.poll(async () => (await queue.textContent()) ?? '').toContain('followed from item 1');
    await saveScreen(page, 'follow-posts-2-posts-captured');

    const items = (await fixture.core.items.list(1)).filter((item) => item.parentId === null);
    const followed = items.filter((item) => item.sourceUrl !== 'http://x.com/harbourwatch');
    expect(followed.map((item) => item.sourceUrl).sort()).toEqual(['http://x.com/harbourwatch/status/3', 'http://x.com/harbourwatch/status/5']);
    for (const item of followed) expect(item.capture).toMatchObject({ followedFrom: { itemId: 1, url: 'http://x.com/harbourwatch' } });
    // The posts' own rows offer nothing; the profile's row says what is queued and offers only the posts left.
    await expect.poll(() => button.count()).toBe(1);
    const status = page.getByTestId('follow-posts-status');
    await expect.poll(() => status.textContent()).toBe('2 of its 5 recent posts queued (2 captured)');
    await expect.poll(() => button.textContent()).toBe('Capture 2 more of its recent posts');
    expect(site.hits.get('/harbourwatch/status/3')).toBe(1);
    expect(site.hits.get('/harbourwatch/status/5')).toBe(1);
    expect(site.hits.get('/harbourwatch/status/4')).toBeUndefined();
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('offers the posts not yet queued the next time, never those queued or captured already', async () => {
    const button = page.getByTestId('follow-posts-button');
    await button.click();
    await page.getByTestId('capture-outcome').filter({ hasText: '2 pages captured' }).waitFor({ timeout: 180_000 });
    await expect.poll(() => page.getByTestId('capture-queue').locator('tr[data-state="captured"]').count()).toBe(5);
    await expect.poll(() => page.getByTestId('follow-posts-status').textContent()).toBe('4 of its 5 recent posts queued (4 captured)');
    await expect.poll(() => button.textContent()).toBe('Capture 1 more of its recent posts');
    await saveScreen(page, 'follow-posts-3-more-offered');
    const followed = (await fixture.core.items.list(1)).filter((item) => item.parentId === null && item.sourceUrl !== 'http://x.com/harbourwatch');
    expect(followed.map((item) => item.sourceUrl).sort()).toEqual([2, 3, 4, 5].map((n) => `http://x.com/harbourwatch/status/${n}`));
    for (const n of [2, 3, 4, 5]) expect(site.hits.get(`/harbourwatch/status/${n}`)).toBe(1);
    expect(site.hits.get('/cityfloodteam/status/9')).toBeUndefined();
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
