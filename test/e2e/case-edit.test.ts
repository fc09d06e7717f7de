import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInChromium, type AppInChromium } from '../support/app-in-chromium.js';
import type { BrowserModeFixture } from '../support/browser-mode.js';
import { fixturePath } from '../support/fixture-site.js';
import { saveScreen, unlabelledControls } from '../support/ui-screens.js';

/** Each step drives real Chromium: generous for a loaded 2-core machine. */
const STEP_TIMEOUT_MS = 180_000;

/** A real camera photo with DateTimeOriginal 2017:05:06 15:24:07 and no offset or GPS time. */
const LOCAL_ONLY_PHOTO = fixturePath('ui-photos/exifr__issue-fast-exif-2.jpg');

/** Issue 13 item 3: a case changed after it was created, in real Chromium. */
describe('the Edit case screen', () => {
  let fixture: BrowserModeFixture;
  let app: AppInChromium;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    app = await openAppInChromium();
    ({ fixture, page, errors } = app);
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
  }, STEP_TIMEOUT_MS);

  it('a new time zone re-places a camera-local time, says so, and custody still verifies', async () => {
    const c = await fixture.api.call('case.create', { title: 'Square, no zone yet', reference: 'OP-7', scene: { lat: 50.0875, lon: 14.4213, radiusM: 300 }, incidentTime: '2017-05-06T13:00:00Z' });
    await fixture.api.call('items.ingest', { caseId: c.id, paths: [LOCAL_ONLY_PHOTO] });
    const [item] = await fixture.core.items.list(c.id);
    expect(item?.eventTime).toMatchObject({ utc: null, source: 'none' });

    await page.goto(`${fixture.origin}/#/case/${c.id}/evidence`);
    await page.getByRole('navigation', { name: 'Case' }).getByRole('link', { name: 'Edit case' }).click();
    await page.waitForURL(new RegExp(`#/case/${c.id}/edit$`));
    await page.getByRole('heading', { name: 'Edit case: Square, no zone yet' }).waitFor();
    // Every field shows the case as it is.
    expect(await page.getByLabel('Title').inputValue()).toBe('Square, no zone yet');
    expect(await page.getByLabel('Reference (optional)').inputValue()).toBe('OP-7');
    expect(await page.getByLabel('Latitude').inputValue()).toBe('50.0875');
    expect(await page.getByLabel('Radius (m)').inputValue()).toBe('300');
    expect(await page.getByLabel('Time zone of the scene').inputValue()).toBe('');
    expect(await page.getByLabel('Minutes before').inputValue()).toBe('60');
    expect(await unlabelledControls(page)).toEqual([]);

    await page.getByLabel('Time zone of the scene').fill('Europe/Prague');
    await page.getByLabel('Radius (m)').fill('450');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const saved = page.getByTestId('case-saved');
    await expect.poll(() => saved.textContent()).toContain('2 changes recorded in the custody ledger: scene, time zone');
    expect(await saved.textContent()).toContain(`Item ${item!.id}: camera time 2017-05-06 15:24:07.630 is now 2017-05-06 13:24:07 UTC (was not placed)`);
    // The form now shows the case as saved.
    await expect.poll(() => page.getByLabel('Time zone of the scene').inputValue()).toBe('Europe/Prague');
    expect(await page.getByLabel('Radius (m)').inputValue()).toBe('450');
    await saveScreen(page, 'case-edit-01-zone-re-placed');

    const after = await fixture.core.items.get(item!.id);
    expect(after.eventTime).toMatchObject({ utc: '2017-05-06T13:24:07.630Z', source: 'exif-local', raw: { zone: 'Europe/Prague', DateTimeOriginal: '2017:05:06 15:24:07' } });
    const entries = await fixture.core.ledger.list(c.id);
    expect(entries.filter((e) => e.action === 'item time re-placed')).toMatchObject([{ itemId: item!.id, details: { from: { utc: null }, to: { utc: '2017-05-06T13:24:07.630Z' } } }]);
    expect((await fixture.api.call('custody.verify', { caseId: c.id })).ok).toBe(true);

    // The item shows its new time; the evidence grid no longer flags it as having none.
    await saved.getByRole('link', { name: `Item ${item!.id}` }).click();
    await page.waitForURL(new RegExp(`#/case/${c.id}/item/${item!.id}$`));
    await expect.poll(() => page.locator('main').textContent()).toContain('2017-05-06 13:24:07 UTC');
    await saveScreen(page, 'case-edit-02-item-placed');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('closes a case read-only, says so on its screens, and reopens it', async () => {
    const c = await fixture.api.call('case.create', { title: 'To be closed', timezone: 'Europe/London' });
    await page.goto(`${fixture.origin}/#/case/${c.id}/edit`);
    await page.getByRole('heading', { name: 'Close the case' }).waitFor();
    // No reason, no closing: the ledger needs one.
    await page.getByRole('button', { name: 'Close case' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Say why the case is closed');
    await page.getByLabel('Reason for closing').fill('file sent to the prosecutor');
    await page.getByRole('button', { name: 'Close case' }).click();
    const banner = page.getByTestId('closed-case');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('This case is closed and read-only');
    expect(await banner.textContent()).toContain('file sent to the prosecutor');
    // The banner and the form each read the case: wait for the form's reading too.
    await expect.poll(() => page.getByLabel('Title').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await saveScreen(page, 'case-edit-03-closed');
    expect((await fixture.core.cases.get(c.id)).closed).toMatchObject({ reason: 'file sent to the prosecutor' });

    // Every screen of the case says it is closed.
    for (const screen of ['evidence', 'import', 'capture']) {
      await page.goto(`${fixture.origin}/#/case/${c.id}/${screen}`);
      await page.getByTestId('closed-case').waitFor();
    }
    await saveScreen(page, 'case-edit-04-closed-capture-screen');

    await page.getByTestId('closed-case').getByRole('link', { name: 'reopen it' }).click();
    await page.getByLabel('Reason for reopening').fill('new witness footage');
    await page.getByRole('button', { name: 'Reopen case' }).click();
    await expect.poll(() => page.getByTestId('closed-case').count()).toBe(0);
    await expect.poll(() => page.getByLabel('Title').isDisabled()).toBe(false);
    expect((await fixture.core.cases.get(c.id)).closed).toBeNull();
    expect((await fixture.core.ledger.list(c.id)).map((e) => e.action)).toEqual(['case created', 'case closed', 'case reopened']);
    await saveScreen(page, 'case-edit-05-reopened');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
