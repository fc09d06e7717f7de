import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInChromium, type AppInChromium } from '../support/app-in-chromium.js';
import type { BrowserModeFixture } from '../support/browser-mode.js';
import { fixturePath, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { saveScreen, SCREENS_DIR } from '../support/ui-screens.js';

/** Each step drives real Chromium: generous for a loaded 2-core machine. */
const STEP_TIMEOUT_MS = 180_000;

/** Taken 2018-07-25 16:34:23 camera-local time, no offset in the file. */
const BRIDGE_PHOTO = fixturePath('ui-photos/exifr__IMG_20180725_163423-tiny.jpg');

/** Time as the investigator thinks of it (issue 13 items 7 and 8), in real Chromium. */
describe('time as the investigator reads it', () => {
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
    // The map's filters read the same bound the same way.
    await page.getByRole('link', { name: 'Map', exact: true }).click();
    await page.getByRole('heading', { name: 'Map' }).waitFor();
    await expect.poll(() => page.locator('.bound-reading').first().textContent()).toBe('2018-07-25 16:20:00 UTC+2 · −10 min');
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

interface DomNode { nodeId: number; nodeName: string; nodeValue?: string; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] }

function findNode(node: DomNode | undefined, match: (n: DomNode) => boolean): DomNode | undefined {
  if (!node) return undefined;
  if (match(node)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const found = findNode(child, match);
    if (found) return found;
  }
  return undefined;
}

/**
 * The toolbar Golden Hour draws in the case browser's window. It is in a closed shadow root
 * (out of the page's reach, and of Playwright's locators), so it is read through the DevTools
 * protocol, which sees closed roots: the button's centre on screen and the status text.
 */
async function windowToolbar(tab: Page): Promise<{ button: { x: number; y: number }; status: string } | null> {
  const cdp = await tab.context().newCDPSession(tab);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true }) as unknown as { root: DomNode };
    const host = findNode(root, (n) => n.nodeName === 'GOLDENHOUR-TOOLBAR');
    const shadow = host?.shadowRoots?.[0];
    const button = findNode(shadow, (n) => n.nodeName === 'BUTTON');
    if (!button) return null;
    const status = findNode(shadow, (n) => n.nodeName === 'SPAN' && (n.attributes ?? []).includes('status'));
    const { model } = await cdp.send('DOM.getBoxModel', { nodeId: button.nodeId });
    const q = model.content;
    return { button: { x: ((q[0] ?? 0) + (q[4] ?? 0)) / 2, y: ((q[1] ?? 0) + (q[5] ?? 0)) / 2 }, status: status?.children?.[0]?.nodeValue ?? '' };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Whether any process still has the folder in its command line (a browser using a profile in it). */
function processesUsing(dir: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/** A virtual screen (Xvfb) for the case browser's visible window; a display number of its own. */
async function startVirtualScreen(): Promise<{ display: string; stop(): void }> {
  const n = 90 + (process.pid % 400);
  const xvfb: ChildProcess = spawn('Xvfb', [`:${n}`, '-screen', '0', '1440x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const socket = `/tmp/.X11-unix/X${n}`;
  for (let i = 0; i < 200 && !existsSync(socket); i++) {
    if (xvfb.exitCode !== null) throw new Error(`Xvfb exited (${xvfb.exitCode}); the Browse window test needs it (Debian package xvfb)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!existsSync(socket)) throw new Error(`Xvfb did not start on :${n}`);
  return { display: `:${n}`, stop: () => { xvfb.kill(); } };
}

/** Browse (issue 13 item 10): capture from inside the browsing window, and words when there is no screen. */
describe('Browse: capture from the browsing window itself', () => {
  let fixture: BrowserModeFixture;
  let app: AppInChromium;
  let page: Page;
  let errors: string[];
  let site: FixtureSite;
  let screen: { display: string; stop(): void } | null = null;
  const saved = { DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY };
  const restoreEnv = () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };

  beforeAll(async () => {
    site = await startFixtureSite();
    app = await openAppInChromium();
    ({ fixture, page, errors } = app);
    await fixture.api.call('case.create', { title: 'Browse window', incidentTime: null, timezone: 'UTC', window: { beforeMin: 60, afterMin: 60 } });
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await fixture?.core.browse.closeAll();
    // A visible Chromium's helper processes can outlive its close by seconds, writing the profile.
    for (let i = 0; i < 60 && fixture && processesUsing(fixture.dataDir); i++) await new Promise((resolve) => setTimeout(resolve, 500));
    restoreEnv();
    screen?.stop();
    await app?.close();
    await site?.close();
  }, STEP_TIMEOUT_MS);

  it('says in words why no window can open without a screen, and what to do', async () => {
    delete process.env.DISPLAY;
    delete process.env.WAYLAND_DISPLAY;
    try {
      await page.goto(`${fixture.origin}/#/case/1/browse`);
      await page.getByRole('button', { name: 'Open the case browser' }).click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent(), { timeout: 60_000 }).toContain('Golden Hour is running where no screen is attached');
      const text = await alert.textContent();
      expect(text).toContain('Start Golden Hour from the desktop of this computer');
      expect(text).toContain('Capture screen');
      expect(text).not.toMatch(/--[a-z]|DISPLAY|X server|xvfb/i);
      await saveScreen(page, 'time-07-browse-no-screen');
      expect(fixture.core.browse.state(1).open).toBe(false);
      // The refusal is an HTTP 503, which the browser logs; it is the one expected error.
      expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 503 (Service Unavailable)']);
      errors.splice(0);
    } finally {
      restoreEnv();
    }
  }, STEP_TIMEOUT_MS);

  it('captures from the toolbar and the shortcut inside the browsing window, confirming it there', async () => {
    screen = await startVirtualScreen();
    process.env.DISPLAY = screen.display;
    await page.goto(`${fixture.origin}/#/case/1/browse`);
    await page.getByLabel('Allow addresses on this machine or the local network').check();
    await page.getByRole('button', { name: 'Open the case browser' }).click();
    await page.getByRole('button', { name: 'Close the browser' }).waitFor({ timeout: 60_000 });
    const session = fixture.core.browse.get(1);
    const tab = session?.tabs()[0] as Page;
    // The investigator types an address in the window itself.
    const post = site.url('/post.html');
    await tab.goto(post);
    await expect.poll(async () => (await windowToolbar(tab))?.status, { timeout: 30_000 }).toBe('');
    // The shortcut, pressed in the window.
    await tab.keyboard.press('Control+Shift+S');
    await expect.poll(async () => (await windowToolbar(tab))?.status, { timeout: 120_000 }).toMatch(/^Captured as item \d+/);
    mkdirSync(SCREENS_DIR, { recursive: true });
    await tab.screenshot({ path: join(SCREENS_DIR, 'time-08-browse-window-shortcut.png') });
    const items = await fixture.core.items.list(1);
    const captured = items.find((item) => item.sourceUrl === post);
    expect(captured).toBeDefined();
    expect((await windowToolbar(tab))?.status).toContain(`item ${captured?.id}`);
    // The capture's own tab never drew the toolbar: its screenshot and snapshot are the page's alone.
    const snapshots = captured?.artifacts.filter((a) => /html|multipart/.test(a.mediaType)) ?? [];
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) expect(readFileSync(fixture.core.vault.pathOf(snapshot.sha256), 'utf8')).not.toContain('goldenhour-toolbar');
    // The app's Browse screen hears of it too.
    await expect.poll(() => page.locator('.capture-notes').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`Captured ${post.replace(/[.?]/g, '\\$&')}`));
    // The button, clicked in the window, on another page.
    const article = site.url('/article.html');
    await tab.goto(article);
    // Drawn once the app has said this tab is the investigator's (a moment after the page loads).
    await expect.poll(async () => (await windowToolbar(tab)) !== null, { timeout: 30_000 }).toBe(true);
    const bar = await windowToolbar(tab);
    await tab.mouse.click(bar?.button.x ?? 0, bar?.button.y ?? 0);
    await expect.poll(async () => (await windowToolbar(tab))?.status, { timeout: 120_000 }).toMatch(/^Captured as item \d+/);
    await tab.screenshot({ path: join(SCREENS_DIR, 'time-09-browse-window-button.png') });
    expect((await fixture.core.items.list(1)).some((item) => item.sourceUrl === article)).toBe(true);
    // Pressed again on the same page: refused in the window, in words (the button moved left of the status).
    const again = await windowToolbar(tab);
    await tab.mouse.click(again?.button.x ?? 0, again?.button.y ?? 0);
    await expect.poll(async () => (await windowToolbar(tab))?.status, { timeout: 60_000 }).toMatch(/^Not captured: .*already captured in this case/);
    await tab.screenshot({ path: join(SCREENS_DIR, 'time-10-browse-window-refused.png') });
    await saveScreen(page, 'time-11-browse-screen-after-window-captures');
    await page.getByRole('button', { name: 'Close the browser' }).click();
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS * 2);
});
