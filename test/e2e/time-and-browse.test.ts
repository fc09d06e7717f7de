import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../support/chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { fixturePath } from '../support/fixture-site.js';
import { requireBuiltRenderer, saveScreen, watchPageErrors } from '../support/ui-screens.js';

/** Each step drives real Chromium: generous for a loaded 2-core machine. */
const STEP_TIMEOUT_MS = 180_000;

/** Taken 2018-07-25 16:34:23 camera-local time, no offset in the file. */
const BRIDGE_PHOTO = fixturePath('ui-photos/exifr__IMG_20180725_163423-tiny.jpg');

/** Time as the investigator thinks of it (issue 13 items 7 and 8), in real Chromium. */
describe('time as the investigator reads it', () => {
  let fixture: BrowserModeFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    fixture = await startBrowserMode(requireBuiltRenderer());
    browser = await launchTestBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = watchPageErrors(page);
    await page.goto(fixture.server.url);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  }, STEP_TIMEOUT_MS);

  it("fills the time zone from the scene's coordinates, not from this computer", async () => {
    await page.goto(`${fixture.origin}/#/cases/new`);
    await page.getByLabel('Title').fill('Zone from the scene');
    const zone = page.getByLabel('Time zone of the scene');
    await page.getByLabel('Latitude').fill('50,0875');
    await page.getByLabel('Longitude').fill('14,4213');
    await expect.poll(() => zone.inputValue()).toBe('Europe/Prague');
    expect(await page.getByTestId('zone-hint').textContent()).toContain("The scene's coordinates lie in Europe/Prague");
    // Moving the scene moves the suggestion with it.
    await page.getByLabel('Latitude').fill('50.4501');
    await page.getByLabel('Longitude').fill('30.5234');
    await expect.poll(() => zone.inputValue()).toBe('Europe/Kyiv');
    // A zone the investigator typed is theirs: a new scene only offers its own.
    await zone.fill('Europe/Warsaw');
    await page.getByLabel('Longitude').fill('30.5235');
    expect(await zone.inputValue()).toBe('Europe/Warsaw');
    await page.getByRole('button', { name: 'Use Europe/Kyiv' }).waitFor();
    await saveScreen(page, 'time-01-zone-suggested');
    await page.getByRole('button', { name: 'Use Europe/Kyiv' }).click();
    expect(await zone.inputValue()).toBe('Europe/Kyiv');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.waitForURL(/#\/case\/\d+\/capture/);
    const created = (await fixture.core.cases.list()).find((c) => c.title === 'Zone from the scene');
    expect(created?.timezone).toBe('Europe/Kyiv');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('shows event and capture time side by side, each in UTC, at the scene and from the incident', async () => {
    const c = await fixture.api.call('case.create', { title: 'Bridge 2018', incidentTime: '2018-07-25T16:30:00', timezone: 'Europe/Prague', window: { beforeMin: 60, afterMin: 60 } });
    await fixture.api.call('items.ingest', { caseId: c.id, paths: [BRIDGE_PHOTO] });
    const item = (await fixture.core.items.list(c.id))[0];
    await page.goto(`${fixture.origin}/#/case/${c.id}/evidence`);
    const row = page.locator(`.item-row[data-item-id="${item?.id}"]`);
    await row.waitFor();
    const [eventCell, capturedCell] = [row.locator('.item-time').nth(0), row.locator('.item-time.captured')];
    // Camera-local 16:34:23 in Prague (UTC+2 in July) is 14:34:23 UTC, four minutes after the incident.
    expect(await eventCell.textContent()).toContain('2018-07-25 14:34:23 UTC');
    expect(await eventCell.textContent()).toContain('2018-07-25 16:34:23 UTC+2');
    expect(await eventCell.locator('.from-incident').textContent()).toBe('+4 min');
    // Captured today: years after the incident, said in days and hours.
    const acquiredAt = item?.acquiredAt as string;
    expect(await capturedCell.textContent()).toContain(`${acquiredAt.slice(0, 19).replace('T', ' ')} UTC`);
    expect(await capturedCell.locator('.from-incident').textContent()).toMatch(/^\+\d+ d \d+ h$/);
    // A bound of the event-time filter is read at the scene and from the incident too.
    await page.getByLabel('From (UTC)').fill('2018-07-25T14:20:00');
    await expect.poll(() => page.locator('.bound-reading').first().textContent()).toBe('2018-07-25 16:20:00 UTC+2 · −10 min');
    await saveScreen(page, 'time-02-grid-local-and-from-incident');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('shows a dot\'s card on hover and keyboard focus, fills the captured band on first view and leaves margins on Fit all', async () => {
    const c = (await fixture.core.cases.list()).find((x) => x.title === 'Bridge 2018');
    const item = (await fixture.core.items.list(c?.id as number))[0];
    await page.goto(`${fixture.origin}/#/case/${c?.id}/timeline`);
    const canvas = page.getByTestId('timeline-canvas');
    await canvas.waitFor();
    // First view: the window around the incident and the capture, years later, both in view.
    await expect.poll(() => page.getByTestId('timeline-in-view').textContent()).toBe('In view: 1 of 1 event times, 1 of 1 captures');
    const dot = page.locator('.in-view li button').first();
    await page.locator('.in-view summary').filter({ hasText: 'List the items in view' }).click();
    const box = await canvas.boundingBox();
    const at = { x: Number(await dot.getAttribute('data-x')), y: Number(await dot.getAttribute('data-y')) };
    // Hovering the event dot: its card with thumbnail, title, times and source.
    await page.mouse.move((box?.x ?? 0) + at.x, (box?.y ?? 0) + at.y);
    const tip = page.getByTestId('timeline-tip');
    await tip.waitFor();
    await expect.poll(() => tip.textContent()).toContain('exifr__IMG_20180725_163423-tiny.jpg');
    const text = await tip.textContent();
    expect(text).toContain('2018-07-25 14:34:23 UTC · 2018-07-25 16:34:23 UTC+2 · +4 min');
    expect(text).toContain('GPS UTC');
    expect(text).toContain(`${(item?.acquiredAt as string).slice(0, 19).replace('T', ' ')} UTC`);
    await expect.poll(() => tip.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await saveScreen(page, 'time-03-timeline-hover');
    await page.mouse.move(5, 5);
    await expect.poll(() => tip.count()).toBe(0);
    // Keyboard only: focus the canvas, step to an item, open it with Enter.
    await canvas.focus();
    await page.keyboard.press('ArrowDown');
    await tip.waitFor();
    await expect.poll(() => tip.textContent()).toContain('exifr__IMG_20180725_163423-tiny.jpg');
    await saveScreen(page, 'time-04-timeline-keyboard');
    // The same card for the list under the canvas, focused by the keyboard.
    await dot.focus();
    await expect.poll(() => tip.textContent()).toContain('+4 min');
    await canvas.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/case/${c?.id}/item/${item?.id}`));
    await page.goBack();
    await canvas.waitFor();
    // The axis reads in the scene's local time or from the incident.
    await page.getByRole('button', { name: 'Golden-hour window' }).click();
    await page.getByLabel('Axis').selectOption('local');
    await expect.poll(() => page.getByTestId('timeline-span').textContent()).toBe('2018-07-25 15:00 – 2018-07-25 18:00:00 UTC+2 (scene local time)');
    await saveScreen(page, 'time-05-timeline-local-axis');
    await page.getByLabel('Axis').selectOption('incident');
    await expect.poll(() => page.getByTestId('timeline-span').textContent()).toContain('−1 h 30 min to +1 h 30 min from the incident');
    await saveScreen(page, 'time-06-timeline-incident-axis');
    // Fit all: the first and last times sit inside the edges, not on them.
    await page.getByRole('button', { name: 'Fit all' }).click();
    await expect.poll(() => page.getByTestId('timeline-in-view').textContent()).toBe('In view: 1 of 1 event times, 1 of 1 captures');
    const width = box?.width ?? 0;
    const x = Number(await dot.getAttribute('data-x'));
    expect(x).toBeGreaterThan(92 + 0.04 * (width - 92));
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
