import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/api.js';
import type { Core } from '../../src/core.js';
import { startBrowserServer, type BrowserServer } from '../../src/server/http-server.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../support/bundle-case.js';
import { launchTestBrowser } from '../support/chromium.js';
import { rawZip, rewriteZip } from '../support/raw-zip.js';
import { makeTempDir } from '../support/temp-dir.js';
import { requireBuiltRenderer, saveScreen as saveScreenshot, unlabelledControls, watchPageErrors } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 180_000;
/** Small enough that the test can send a file over it; the real default is 16 GB. */
const UPLOAD_LIMIT = 8 * 1024 * 1024;

async function saveScreen(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  expect(await unlabelledControls(page), `unlabelled controls on ${name}`).toEqual([]);
}

/**
 * Review of a bundle as a recipient does it in browser mode, in real Chromium: the bundle is
 * chosen with the page's file picker (uploaded to the local server), a copy with one evidence
 * file rewritten and another removed has those items marked in the grid and their panels, and
 * files a recipient can be sent by mistake (not a zip, not a bundle, cut short, too large) are
 * refused in words.
 */
describe('review of a sealed bundle in browser mode', () => {
  const temp = makeTempDir('gh-review-e2e-');
  const intact = join(temp.path, 'Harbour Road.zip');
  const tampered = join(temp.path, 'Harbour Road (tampered).zip');
  let core: Core;
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let fixture: BundleCase;
  let farPath = '';
  let notePath = '';

  beforeAll(async () => {
    core = openTestCore(join(temp.path, 'data'));
    const api = createApi(core);
    fixture = await makeBundleCase(core);
    // A reviewer of the bundle reads the case's triage and discussion of an item as it stood.
    await api.call('item.setTriage', { itemId: fixture.farPhoto.id, status: 'disputed', assignee: 'Sgt Okafor' });
    await api.call('item.comment', { itemId: fixture.farPhoto.id, text: 'Shadows point the wrong way for 21:40; check the camera clock.', operator: 'Sgt Okafor' });
    const exported = await api.call('bundle.export', { caseId: fixture.case.id, out: intact });
    expect(exported.files).toBeGreaterThan(10);
    // The tampered copy: one evidence file rewritten (a byte of the photo changed), another left out.
    const opened = await api.call('bundle.open', { path: intact });
    const original = (sha256: string) => opened.manifest.files.find((f) => f.sha256 === sha256 && f.role === 'original')?.path as string;
    farPath = original(fixture.farPhoto.sha256);
    notePath = original(fixture.untimed.sha256);
    writeFileSync(tampered, await rewriteZip(intact, (name, data) => {
      if (name === farPath) {
        const changed = Buffer.from(data);
        const at = Math.floor(changed.length / 2);
        changed[at] = (changed[at] as number) ^ 0xff;
        return changed;
      }
      return name === notePath ? null : data;
    }));
    server = await startBrowserServer({ api, core, rendererDir: requireBuiltRenderer(), port: 0, reviewUploadLimit: UPLOAD_LIMIT });
    browser = await launchTestBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = watchPageErrors(page);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await core?.close();
    temp.remove();
  });

  const pick = (path: string) => page.getByLabel('Choose a bundle…').setInputFiles(path);
  const row = (id: number) => page.locator(`.review-row:has([data-item-id="${id}"])`);

  it('opens a real exported bundle chosen with the file picker: intact, nothing marked', async () => {
    await page.getByRole('link', { name: 'Review a bundle' }).click();
    await page.getByRole('heading', { name: 'Review a sealed bundle' }).waitFor();
    await saveScreen(page, 'review-01-picker');
    await pick(intact);
    await page.getByTestId('verdict').getByText('Intact: every file matches its seal').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('review-file').textContent()).toBe('Harbour Road.zip');
    expect(await page.getByTestId('review-count').textContent()).toBe('6 of 6 items');
    expect(await page.getByTestId('seal-marks').count()).toBe(0);
    expect(await page.locator('.review-row.tampered').count()).toBe(0);
    await row(fixture.farPhoto.id).click();
    await expect.poll(() => page.getByTestId('item-seal').textContent()).toBe('Every file of this item matches the hash sealed in the bundle.');
    expect(await page.getByTestId('review-triage').textContent()).toBe('Disputed, assigned to Sgt Okafor');
    const comments = page.getByTestId('comments').locator('li');
    expect(await comments.count()).toBe(1);
    expect(await comments.first().textContent()).toMatch(/^Sgt Okafor \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTCShadows point the wrong way for 21:40; check the camera clock\.$/);
    await saveScreen(page, 'review-02-intact');
  }, STEP_TIMEOUT_MS);

  it('marks the tampered and the missing file in the grid and in the item panel, in words', async () => {
    await pick(tampered);
    await page.getByTestId('verdict').getByText('NOT intact').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('review-file').textContent()).toBe('Harbour Road (tampered).zip');
    expect(await page.getByTestId('seal-marks').textContent()).toMatch(/^2 items have files that do not match the bundle's seal or are missing from it/);
    // The two items, and only they, are marked in the grid, each with its flag.
    expect(await page.locator('.review-row.tampered [data-item-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-item-id'))))).toEqual([fixture.farPhoto.id, fixture.untimed.id]);
    expect(await row(fixture.farPhoto.id).locator('.flag.bad').textContent()).toBe('changed since sealing');
    expect(await row(fixture.untimed.id).locator('.flag.bad').textContent()).toBe('file missing from bundle');
    await saveScreen(page, 'review-03-tampered-grid');

    await row(fixture.farPhoto.id).click();
    const seal = page.getByTestId('item-seal');
    await expect.poll(() => seal.textContent()).toContain("this file's bytes do not match the hash sealed in the bundle");
    expect(await seal.textContent()).toBe(`Does not match the seal One file of this item fails the bundle's check:The original ${farPath}: this file's bytes do not match the hash sealed in the bundle.`);
    expect(await seal.getAttribute('role')).toBe('alert');
    // The panel still shows what the case screens do.
    const panel = page.getByRole('complementary', { name: `Item ${fixture.farPhoto.id}` });
    for (const fact of ['From the scene', 'Golden-hour window', 'Flags', 'Source']) await panel.getByText(fact, { exact: true }).waitFor();
    expect(await panel.locator('dt:has-text("Flags") + dd').textContent()).toMatch(/^changed since sealing, clock mismatch/);
    // Its changed photo is not fetched and shown as if sealed: the panel says why there is no picture.
    expect(await panel.getByTestId('picture-withheld').textContent()).toBe("The picture is not shown: its file does not match the bundle's seal.");
    await saveScreen(page, 'review-04-tampered-item');

    await row(fixture.untimed.id).click();
    await expect.poll(() => seal.textContent()).toBe(`Does not match the seal One file of this item fails the bundle's check:The original ${notePath}: missing from the bundle.`);
    await saveScreen(page, 'review-05-missing-item');

    // The marks are a flag like any other: the filter finds the marked items.
    await page.getByLabel('Flag').selectOption('file-changed');
    await expect.poll(() => page.getByTestId('review-count').textContent()).toBe('1 of 6 items');
    await page.getByRole('button', { name: 'Clear filters' }).click();

    // The whole ledger, with the item each entry is about.
    await page.getByRole('tab', { name: 'Custody' }).click();
    const custody = page.getByTestId('custody-table');
    expect(await custody.locator('thead th').allTextContents()).toContain('Item');
    expect(await custody.locator('tbody tr', { hasText: 'far away.jpg' }).count()).toBeGreaterThan(0);
    await saveScreen(page, 'review-06-custody');
    await page.getByRole('tab', { name: 'Items' }).click();
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('refuses what is not a bundle in words, never a library message', async () => {
    const whole = readFileSync(intact);
    const files: [string, Buffer, RegExp][] = [
      ['notes.zip', Buffer.from('these are my notes, not a zip\n'), /^This file cannot be reviewed: not a zip file: a Golden Hour bundle is the \.zip file that Export writes\.$/],
      ['holiday photos.zip', rawZip([{ name: 'IMG_0001.jpg', data: Buffer.from('not really a photo') }]), /^This file cannot be reviewed: it is a zip, but not a Golden Hour bundle \(it has no manifest\.json/],
      ['half.zip', whole.subarray(0, Math.floor(whole.length / 2)), /^This file cannot be reviewed: a zip that is cut short \(truncated\)/],
      ['huge.zip', Buffer.concat([whole, Buffer.alloc(UPLOAD_LIMIT)]), /^This file is 8\.\d MB; bundles up to 8\.0 MB can be opened for review in the browser\. Open it in the Golden Hour desktop app/],
    ];
    for (const [name, bytes, words] of files) {
      const path = join(temp.path, name);
      writeFileSync(path, bytes);
      await pick(path);
      await expect.poll(() => page.getByTestId('review-error').textContent(), { timeout: 60_000 }).toMatch(words);
      expect(await page.getByTestId('review-error').textContent()).not.toMatch(/central directory|yauzl|zod|Unexpected|Payload/i);
      // The error names the file chosen, and the bundle reviewed before is no longer on screen.
      expect(await page.getByRole('alert').filter({ has: page.getByTestId('review-error') }).locator('strong').textContent()).toBe(name);
      expect(await page.getByTestId('verdict').count()).toBe(0);
      if (name === 'huge.zip') await saveScreen(page, 'review-07-too-large');
      if (name === 'half.zip') await saveScreen(page, 'review-08-truncated');
    }
    // The refusals reached the page as answers, not failures of the page.
    const refused = (status: string) => `console: Failed to load resource: the server responded with a status of ${status}`;
    expect(errors).toEqual([refused('400 (Bad Request)'), refused('400 (Bad Request)'), refused('400 (Bad Request)'), refused('413 (Payload Too Large)')]);
    errors.length = 0;
  }, STEP_TIMEOUT_MS);

  it('still opens a bundle by its path on this machine', async () => {
    await page.getByText('Or type the path of a bundle on this machine').click();
    await page.getByLabel('Bundle file (.zip) on this machine').fill(tampered);
    await page.getByRole('button', { name: 'Open and verify' }).click();
    await page.getByTestId('verdict').getByText('NOT intact').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('review-error').count()).toBe(0);
    expect(await page.locator('.review-row.tampered').count()).toBe(2);
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
