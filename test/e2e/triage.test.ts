import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseList } from '../support/app-in-chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { makeTempDir } from '../support/temp-dir.js';
import { requireBuiltRenderer, saveScreen as saveScreenshot, unlabelledControls } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 180_000;

// Page-side code; test files are checked without the DOM's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const setHash = (page: Page, hash: string) => page.evaluate((to) => { (globalThis as any).location.hash = to; }, hash);

/** Saves the screen for a person to look at, and checks every control on it has a name. */
async function saveScreen(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  expect(await unlabelledControls(page), `unlabelled controls on ${name}`).toEqual([]);
}

/**
 * Issue 10 item 6 in the app, in real Chromium against browser mode and the real core: an item's
 * status, assignee and comments on its detail; status and assignee filters on the grid, the
 * timeline and the map; a bulk change from the grid; every change in the custody ledger.
 */
describe('triage in the app', () => {
  const temp = makeTempDir('gh-triage-e2e-');
  let fixture: BrowserModeFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let caseId: number;
  let ids: number[];

  beforeAll(async () => {
    fixture = await startBrowserMode(requireBuiltRenderer());
    caseId = (await fixture.api.call('case.create', { title: 'Quay fire' })).id;
    const paths = ['north-bank.txt', 'south-bank.txt', 'bridge.txt'].map((name, i) => {
      const path = join(temp.path, name);
      writeFileSync(path, `witness statement ${i + 1}: smoke over the quay at 14:0${i}\n`);
      return path;
    });
    await fixture.api.call('items.ingest', { caseId, paths });
    ids = (await fixture.core.items.list(caseId)).map((item) => item.id).sort((a, b) => a - b);
    expect(ids).toHaveLength(3);
    ({ browser, page, errors } = await openCaseList(fixture, { width: 1400, height: 1000 }));
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    temp.remove();
  }, STEP_TIMEOUT_MS);

  const ledgerOf = async (itemId: number) => (await fixture.core.ledger.list(caseId, itemId)).map((entry) => entry.action);
  const count = () => page.getByTestId('evidence-count').textContent();
  // A label's name also reads out its select's chosen option ("Status New"), so controls are found within their form.
  const filters = () => page.getByRole('search', { name: 'Filter items' });
  const filterBy = (label: 'Status' | 'Assignee') => filters().getByLabel(label);

  it("changes an item's status and assignee and adds a comment on its detail, each in its custody history", async () => {
    await setHash(page, `#/case/${caseId}/item/${ids[0]}`);
    await page.getByRole('heading', { name: 'north-bank.txt' }).waitFor();
    const now = page.getByTestId('triage-now');
    await expect.poll(() => now.textContent()).toBe('StatusNewAssigned tono one');
    // By keyboard: the status select, the assignee field and the save button are reached and used without a mouse.
    await page.getByRole('form', { name: 'Triage' }).getByLabel('Status').focus();
    await page.keyboard.press('ArrowDown'); // New → In review
    await page.keyboard.press('ArrowDown'); // → Verified
    await page.keyboard.press('Tab');
    await page.keyboard.type('DS Grey');
    await page.keyboard.press('Enter');
    await page.getByText('Status set to Verified, assigned to DS Grey — recorded in the custody ledger.').waitFor();
    await expect.poll(() => now.textContent()).toBe('StatusVerifiedAssigned toDS Grey');
    await page.getByLabel('Add a comment').fill('Matches the CCTV still from the harbour office.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    const comments = page.getByTestId('comments');
    await expect.poll(() => comments.textContent()).toContain('Matches the CCTV still from the harbour office.');
    expect(await comments.locator('li').first().textContent()).toMatch(/^tester \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    const custody = page.getByTestId('custody-table');
    for (const action of ['item triaged', 'item commented']) await expect.poll(() => custody.textContent()).toContain(action);
    await saveScreen(page, 'triage-01-item-detail');
    const item = await fixture.core.items.get(ids[0]!);
    expect(item.triage).toEqual({ status: 'verified', assignee: 'DS Grey' });
    expect(await ledgerOf(ids[0]!)).toEqual(expect.arrayContaining(['item triaged', 'item commented']));
  }, STEP_TIMEOUT_MS);

  it('filters the grid by status and assignee', async () => {
    await setHash(page, `#/case/${caseId}/evidence`);
    await expect.poll(count).toBe('3 of 3 items');
    await filterBy('Status').selectOption('verified');
    await expect.poll(count).toBe('1 of 3 items');
    expect(await page.locator('.item-row .item-name').allTextContents()).toEqual(['north-bank.txt']);
    await filterBy('Status').selectOption('');
    await filterBy('Assignee').selectOption({ label: 'No one' });
    await expect.poll(count).toBe('2 of 3 items');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(count).toBe('3 of 3 items');
  }, STEP_TIMEOUT_MS);

  it('sets the status and assignee of two selected items at once, one ledger entry per item each time', async () => {
    const before = await Promise.all([ids[1]!, ids[2]!].map(ledgerOf));
    await page.getByLabel(`Select item ${ids[1]}`).check();
    await page.getByLabel(`Select item ${ids[2]}`).check();
    const bulk = page.getByTestId('bulk-triage');
    await bulk.getByLabel('Status of the 2 selected items').selectOption('in-review');
    await bulk.getByRole('button', { name: 'Set status' }).click();
    await expect.poll(() => page.getByTestId('bulk-triage-outcome').textContent()).toBe('Status set on 2 items — one custody ledger entry each.');
    await bulk.getByLabel('Assign the 2 selected items to').fill('DC Test');
    await bulk.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.getByTestId('bulk-triage-outcome').textContent()).toBe('Assigned to DC Test on 2 items — one custody ledger entry each.');
    await expect.poll(() => page.locator('.item-row .triage-badge').allTextContents()).toEqual(['Verified', 'In review', 'In review']);
    await saveScreen(page, 'triage-02-bulk');
    for (const [i, id] of [ids[1]!, ids[2]!].entries()) {
      expect(await ledgerOf(id)).toEqual([...before[i]!, 'item triaged', 'item triaged']);
      expect((await fixture.core.items.get(id)).triage).toEqual({ status: 'in-review', assignee: 'DC Test' });
    }
    await filterBy('Status').selectOption('in-review');
    await expect.poll(count).toBe('2 of 3 items · 2 selected');
    // The custody history of a bulk-changed item names both changes.
    await page.getByRole('link', { name: 'bridge.txt' }).click();
    const custody = page.getByTestId('custody-table');
    await expect.poll(() => custody.locator('tbody tr', { hasText: 'item triaged' }).count()).toBe(2);
    await page.goBack();
  }, STEP_TIMEOUT_MS);

  it('keeps the status filter on the timeline and the map, and filters them by it', async () => {
    await setHash(page, `#/case/${caseId}/timeline`);
    await expect.poll(() => page.getByTestId('timeline-count').textContent()).toMatch(/^2 items ·/);
    expect(await filterBy('Status').inputValue()).toBe('in-review');
    await filterBy('Assignee').selectOption('DS Grey');
    await expect.poll(() => page.getByTestId('timeline-count').textContent()).toMatch(/^0 items ·/);
    await setHash(page, `#/case/${caseId}/map`);
    await expect.poll(() => page.getByTestId('map-count').textContent()).toBe('0 items placed · 0 without a place');
    await filterBy('Status').selectOption('verified');
    await expect.poll(() => page.getByTestId('map-count').textContent()).toBe('0 items placed · 1 without a place');
    await saveScreen(page, 'triage-03-map-filter');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
