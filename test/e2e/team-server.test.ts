import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../support/chromium.js';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../support/team-server.js';
import { requireBuiltRenderer, saveScreen, watchPageErrors } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 120_000;

/** The app's own screens served by a team server, in real Chromium: sign in, see only your cases. */
describe('the app on a team server', () => {
  let team: TeamServerFixture;
  let browser: Browser;

  beforeAll(async () => {
    team = await startTeamFixture({}, undefined, requireBuiltRenderer());
    for (const name of ['lena', 'otto', 'ivan']) await team.core.accounts.addUser(name, `${name} password 123`, false);
    const lena = await signIn(team.origin, 'lena', 'lena password 123');
    expect((await call(team.origin, lena, 'case.create', { title: 'Bridge fire' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.share', { caseId: 1, user: 'ivan', role: 'investigator' })).status).toBe(200);
    browser = await launchTestBrowser();
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  }, STEP_TIMEOUT_MS);

  async function signInPage(user: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors = watchPageErrors(page);
    await page.goto(`${team.origin}/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(`${user} password 123`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    return { page, errors };
  }

  it('signs in through the form and shows the cases the user is on, and only those', async () => {
    const lena = await signInPage('lena');
    await lena.page.getByText('Bridge fire').first().waitFor();
    await saveScreen(lena.page, 'team-01-cases');
    const otto = await signInPage('otto');
    await expect.poll(() => otto.page.getByText('Bridge fire').count()).toBe(0);
    expect([...lena.errors, ...otto.errors]).toEqual([]);
    await lena.page.close();
    await otto.page.close();
  }, STEP_TIMEOUT_MS);

  it("shows a team member's new evidence in the open grid within seconds, without a reload", async () => {
    const { page, errors } = await signInPage('lena');
    await page.goto(`${team.origin}/#/case/1/evidence`);
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toBe('0 of 0 items');
    const ivan = await signIn(team.origin, 'ivan', 'ivan password 123');
    const upload = await fetch(`${team.origin}/api/upload?batch=batch-0001&name=note.txt`, { method: 'POST', headers: { Authorization: `Bearer ${ivan}` }, body: 'seen at 14:05' });
    const { path } = ((await upload.json()) as { value: { path: string } }).value;
    expect((await call(team.origin, ivan, 'items.ingest', { caseId: 1, paths: [path] })).status).toBe(200);
    await expect.poll(() => page.getByTestId('evidence-count').textContent(), { timeout: 10_000 }).toBe('1 of 1 items');
    expect(errors).toEqual([]);
    await page.close();
  }, STEP_TIMEOUT_MS);

  it('goes back to the sign-in form when the session has ended', async () => {
    const { page } = await signInPage('lena');
    const caseLink = page.getByRole('link', { name: 'Bridge fire' });
    // The case list is on screen (its API calls made) before the session ends.
    await caseLink.waitFor();
    team.clock.advance(2 * 3_600_000);
    // The page is already open: its next API call (this click's, or a refresh of its own that came
    // first) is refused, and the page goes to the form itself.
    await caseLink.click({ timeout: 10_000 }).catch((error: unknown) => {
      if (!/\/login$/.test(page.url())) throw error;
    });
    // The address, not a navigation event: the page may already be there, or on its way.
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/login$/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.close();
  }, STEP_TIMEOUT_MS);
});
