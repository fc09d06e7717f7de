import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaptureService } from '../../src/capture/capture-service.js';
import { openCore } from '../../src/core.js';
import { startWatchScheduler } from '../../src/watch/watch-scheduler.js';
import { WatchService } from '../../src/watch/watch-service.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { startChangingPostSite, type ChangingPostSite } from '../support/changing-post-site.js';
import { launchTestBrowser } from '../support/chromium.js';
import { requireBuiltRenderer, saveScreen, unlabelledControls, watchPageErrors } from '../support/ui-screens.js';

let site: ChangingPostSite;
let fixture: BrowserModeFixture;
let browser: Browser;
let page: Page;
let errors: string[];
// The first two runs happen "five minutes ago", so that the next one is due when the app opens.
let offsetMs = -300_000;
const clock = { now: () => new Date(Date.now() + offsetMs) };

beforeAll(async () => {
  site = await startChangingPostSite();
  fixture = await startBrowserMode(requireBuiltRenderer(), (dataDir) => openCore({ dataDir, operator: 'tester', clock }));
  browser = await launchTestBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  errors = watchPageErrors(page);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await fixture?.close();
  await site?.close();
});

it('the Changes view shows state, marks and two versions side by side; the app runs the watch while open and alerts on an edit', async () => {
  const { core } = fixture;
  const caseId = (await core.cases.create({ title: 'watched posts' }, 'tester')).id;
  const watches = new WatchService({ ...core, capture: new CaptureService(core) });
  await watches.register({ caseId, urls: [`${site.origin}${site.postPath}`], everySeconds: 60, untilAt: null, settings: { allowPrivate: true }, operator: 'tester' });
  const [first] = await watches.runDue(caseId, { operator: 'tester', timeoutSeconds: 10 });
  site.state.text = 'Water over the kerb on Harbour Road, now knee deep.';
  offsetMs += 61_000;
  await watches.runDue(caseId, { operator: 'tester', timeoutSeconds: 10 });
  offsetMs = 0;

  await page.goto(fixture.server.url);
  await page.goto(`${fixture.origin}/#/case/${caseId}/changes`);
  const card = page.locator('.watch-card');
  await expect.poll(() => card.textContent(), { timeout: 30_000 }).toMatch(/State now: present/);
  expect(await card.locator('.watch-marks li').allTextContents()).toEqual([expect.stringMatching(/first capture \(v1\)$/), expect.stringMatching(/edited \(v2\)$/)]);
  // The latest change is shown: both versions' screenshots and the words that changed.
  await expect.poll(() => card.locator('.version-shot img').count(), { timeout: 30_000 }).toBe(2);
  expect(await card.locator('.word-diff del').allTextContents()).toEqual(['cars turning back. ']);
  expect(await card.locator('.word-diff ins').allTextContents()).toEqual(['now knee deep. ']);
  await saveScreen(page, 'watch-changes');
  expect(await unlabelledControls(page)).toEqual([]);

  // The timeline marks the watch's runs, in the API and on the Timeline screen: the first capture and the edit.
  const marks = (await fixture.api.call('timeline.data', { caseId })).watchMarks;
  expect(marks.map((m) => [m.mark, m.outcome, m.version])).toEqual([['version', 'first', 1], ['edited', 'edited', 2]]);
  expect(marks[1]!.lastSeenMs).toBe(marks[0]!.atMs);
  await page.goto(`${fixture.origin}/#/case/${caseId}/timeline`);
  const markList = page.locator('.watch-marks-list li');
  await expect.poll(() => markList.count(), { timeout: 30_000 }).toBe(2);
  expect(await markList.allTextContents()).toEqual([
    expect.stringMatching(/^ edited \(v2\) · .* UTC · last seen as before .* UTC · http:\/\/127\.0\.0\.1:\d+\/harbourwatch\/status\/1/),
    expect.stringMatching(/^ new version \(v1\) · /),
  ]);
  await markList.first().getByRole('button', { name: /Show the edited mark/ }).click();
  await saveScreen(page, 'watch-timeline-marks');
  expect(await unlabelledControls(page)).toEqual([]);
  await markList.first().getByRole('button', { name: /Open version 2/ }).click();
  await expect.poll(() => page.url()).toContain(`/item/${marks[1]!.itemId}`);

  // The app runs the due watch while open; an edit raises an alert on whatever screen is shown.
  site.state.text = 'Harbour Road is dry again.';
  await page.goto(`${fixture.origin}/#/case/${caseId}/evidence`);
  const scheduler = startWatchScheduler({ ...core, runDue: (caseId) => fixture.api.invoke('watch.runDue', { caseId }) }, 500);
  try {
    await expect.poll(() => page.locator('.watch-alert').textContent(), { timeout: 90_000, interval: 500 }).toMatch(/Watched post edited .*harbourwatch\/status\/1/);
  } finally {
    await scheduler.stop();
  }
  await saveScreen(page, 'watch-alert');

  // The first capture's page offers the watch's state and a stop; stopping leaves the form to watch again.
  await page.goto(`${fixture.origin}/#/case/${caseId}/item/${first!.run.itemId}`);
  const toggle = page.locator('.watch-toggle');
  await expect.poll(() => toggle.textContent(), { timeout: 30_000 }).toMatch(/Watched every 1 min/);
  await toggle.getByRole('button', { name: 'Stop watching' }).click();
  await expect.poll(() => toggle.getByRole('button', { name: 'Watch' }).count(), { timeout: 30_000 }).toBe(1);
  expect((await core.watches.list(caseId))[0]).toMatchObject({ state: 'stopped', stopReason: 'stopped by user' });
  expect(await unlabelledControls(page)).toEqual([]);
  expect(errors).toEqual([]);
}, 240_000);
