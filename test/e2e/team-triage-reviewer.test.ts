import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../support/chromium.js';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../support/team-server.js';
import { requireBuiltRenderer, saveScreen, watchPageErrors } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 180_000;

/**
 * Triage on a team server's own pages, in real Chromium: an investigator assigns only to the
 * case's members; a reviewer reads status, assignee and comments and is offered no control the
 * server would refuse (no 403 to read).
 */
describe('triage on a team server', () => {
  let team: TeamServerFixture;
  let browser: Browser;
  let itemId: number;

  beforeAll(async () => {
    team = await startTeamFixture({}, undefined, requireBuiltRenderer());
    for (const name of ['lena', 'ivan', 'rita']) await team.core.accounts.addUser(name, `${name} password 123`, false);
    const lena = await signIn(team.origin, 'lena', 'lena password 123');
    expect((await call(team.origin, lena, 'case.create', { title: 'Quay fire' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.share', { caseId: 1, user: 'ivan', role: 'investigator' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.share', { caseId: 1, user: 'rita', role: 'reviewer' })).status).toBe(200);
    const upload = await fetch(`${team.origin}/api/upload?batch=batch-0001&name=quay.txt`, { method: 'POST', headers: { Authorization: `Bearer ${lena}` }, body: 'smoke over the quay at 14:05' });
    const { path } = ((await upload.json()) as { value: { path: string } }).value;
    expect((await call(team.origin, lena, 'items.ingest', { caseId: 1, paths: [path] })).status).toBe(200);
    itemId = (await team.core.items.list(1))[0]!.id;
    expect((await call(team.origin, lena, 'item.comment', { itemId, text: 'Check the harbour CCTV' })).status).toBe(200);
    browser = await launchTestBrowser();
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  }, STEP_TIMEOUT_MS);

  async function signInPage(user: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const errors = watchPageErrors(page);
    await page.goto(`${team.origin}/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(`${user} password 123`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    return { page, errors };
  }

  it("lets an investigator assign the item to a member of the case, chosen from the case's members", async () => {
    const { page, errors } = await signInPage('ivan');
    await page.goto(`${team.origin}/#/case/1/item/${itemId}`);
    // A label's name also reads out its select's chosen option ("Status New"), so controls are found within their form.
    const triage = page.getByRole('form', { name: 'Triage' });
    const assignee = triage.getByLabel('Assignee');
    // The form appears once the server has said the user's role on the case.
    await triage.waitFor();
    await expect.poll(() => assignee.locator('option').allTextContents()).toEqual(['No one', 'ivan', 'lena', 'rita']);
    await triage.getByLabel('Status').selectOption('disputed');
    await assignee.selectOption('lena');
    await page.getByRole('button', { name: 'Save triage' }).click();
    await page.getByText('Status set to Disputed, assigned to lena — recorded in the custody ledger.').waitFor();
    const entry = (await team.core.ledger.list(1, itemId)).find((e) => e.action === 'item triaged');
    expect(entry?.operator).toBe('ivan');
    expect(errors).toEqual([]);
    await page.close();
  }, STEP_TIMEOUT_MS);

  it('shows a reviewer the triage and comments, read-only, with no controls to change them', async () => {
    const { page, errors } = await signInPage('rita');
    await page.goto(`${team.origin}/#/case/1/item/${itemId}`);
    await page.getByTestId('triage-read-only').waitFor();
    expect(await page.getByTestId('triage-read-only').textContent()).toBe('You are a reviewer on this case: you can read its triage and comments, not change them.');
    expect(await page.getByTestId('triage-now').textContent()).toBe('StatusDisputedAssigned tolena');
    await expect.poll(() => page.getByTestId('comments').textContent()).toMatch(/^lena .* UTCCheck the harbour CCTV$/);
    expect(await page.getByRole('button', { name: 'Save triage' }).count()).toBe(0);
    expect(await page.getByLabel('Add a comment').count()).toBe(0);
    // Nor grading, notes, tags or withdrawal: the reviewer reads them as text.
    expect(await page.getByTestId('review-read-only').textContent()).toBe('Grading (3x5x2)Not graded.NotesNo notes.TagsNo tags.');
    for (const name of ['Save notes', 'Save tags', 'Withdraw item']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('form', { name: '3x5x2 grading' }).count()).toBe(0);
    await saveScreen(page, 'team-triage-reviewer-detail');
    // Selecting in the grid offers a reviewer no bulk change.
    await page.goto(`${team.origin}/#/case/1/evidence`);
    await page.getByLabel(`Select item ${itemId}`).check();
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toBe('1 of 1 items · 1 selected');
    expect(await page.getByTestId('bulk-triage').count()).toBe(0);
    // The reviewer can still filter by triage.
    await page.getByRole('search', { name: 'Filter items' }).getByLabel('Status').selectOption('disputed');
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toBe('1 of 1 items · 1 selected');
    expect(errors).toEqual([]);
    await page.close();
  }, STEP_TIMEOUT_MS);
});
