import type { Page } from 'playwright-core';
import type { CaptureLimits } from './capture-options.js';
import { Expander } from './expand.js';
import { documentSizeScript, viewSettledScript } from './in-page-scripts.js';
import type { NetworkRecorder } from './network-recorder.js';
import type { PageCaptureEvent } from './page-capture.js';
import { PngShots } from './png-shots.js';
import { scrollThrough, type StepWait } from './scroll.js';
import { hasScrollListeners } from './scroll-listeners.js';

// A page's load, settling, thread expansion, scrolling and screenshots, in that order.

/**
 * How long the network must be idle before the page counts as settled (after load, after
 * scrolling, after a round of clicks): long enough for what a finished request sets off (a
 * script's next fetch, the images of content it added) to be sent and seen here. The images
 * shown are waited for by their own load events (`viewSettledScript`), not by this.
 */
const QUIET_MS = 100;

/**
 * Waits for load (or its timeout) and quiet, expands threads, shoots the viewport, scrolls
 * through, expands what scrolling loaded, waits again, shoots the full page (a page that fit
 * the viewport, never scrolled, keeps its viewport shot as the full one).
 */
export async function loadScrollAndShoot(page: Page, recorder: NetworkRecorder, limits: CaptureLimits, onEvent: (event: PageCaptureEvent) => void, phase: (name: string) => void) {
  const loadState = await page.waitForLoadState('load', { timeout: limits.loadTimeoutMs }).then(() => 'load' as const, () => 'timeout' as const);
  phase('load');
  await settle(page, recorder, limits.settleMs, null);
  phase('settle');
  const expander = new Expander(page, limits.expand, () => recorder.waitForQuiet(QUIET_MS, Math.min(limits.settleMs, 2000)).then(() => undefined));
  await expander.pass();
  phase('expand');
  const shots = await PngShots.open(page);
  try {
    const viewport = await shots.viewport(limits.navigationTimeoutMs);
    onEvent({ type: 'artifact', role: 'screenshot-viewport', bytes: viewport.length });
    phase('screenshot-viewport');
    return { loadState, ...await scrollAndShootFull(page, recorder, limits, expander, shots, viewport, onEvent, phase) };
  } finally {
    await shots.close();
  }
}

/** From the viewport shot on: scrolls through, expands and settles again, shoots the full page. */
async function scrollAndShootFull(page: Page, recorder: NetworkRecorder, limits: CaptureLimits, expander: Expander, shots: PngShots, viewport: Buffer, onEvent: (event: PageCaptureEvent) => void, phase: (name: string) => void) {
  const scroll = await scrollThrough(page, limits.scroll, stepWait(page, recorder), () => hasScrollListeners(page));
  phase('scroll');
  // Comments a page loads only when scrolled to have controls of their own.
  if (scroll.steps > 0) await expander.pass();
  phase('expand-after-scroll');
  // Scrolling may have started lazy loads; a page that fit the viewport started none. The full
  // screenshot shows every image down to where scrolling reached.
  if (scroll.steps > 0) await settle(page, recorder, limits.settleMs, scroll.reachedPx);
  phase('settle-after-scroll');
  const size = (await page.evaluate(documentSizeScript).catch(() => null)) as { width: number; height: number } | null;
  // A page that fit the viewport and was never scrolled is, whole, what the viewport shot shows
  // (taken a moment ago): that shot is kept as the full one too, and the record says so.
  const fitsViewport = scroll.steps === 0 && scroll.stoppedBy === 'end' && size !== null && size.width <= limits.viewport.width && size.height <= limits.viewport.height;
  // An endless feed is shot down to where scrolling stopped, not to wherever it has grown since.
  const shotSize = { width: size?.width ?? limits.viewport.width, height: Math.min(size?.height ?? limits.viewport.height, limits.scroll.maxHeightPx) };
  const full = fitsViewport ? viewport : await shots.full(shotSize, limits.viewport, limits.navigationTimeoutMs * 2);
  onEvent({ type: 'artifact', role: 'screenshot-full', bytes: full.length });
  phase('screenshot-full');
  return { scroll, expansion: expander.record(), viewport, full, fullIsViewport: fitsViewport ? size : null };
}

/**
 * Waits, up to `maxMs` in all, for the network to be quiet for QUIET_MS, then for the web fonts
 * and the images shown (in the viewport, or with `toY` every image above it) to have loaded,
 * and a frame painted; then for quiet again, since an image's load may set off
 * more. A resource that never ends (a stream, a long poll) holds it to `maxMs`, as before.
 */
async function settle(page: Page, recorder: NetworkRecorder, maxMs: number, toY: number | null): Promise<void> {
  const deadline = Date.now() + maxMs;
  const left = () => Math.max(0, deadline - Date.now());
  await recorder.waitForQuiet(QUIET_MS, left());
  await page.evaluate(viewSettledScript, { fromY: null, toY, maxMs: left() }).catch(() => undefined);
  await recorder.waitForQuiet(QUIET_MS, left());
}

/**
 * A scroll step's wait: the scroll landed and the images it brought into view arrived (in the
 * page), then the requests sent since the step began quiet (requests already running, such as
 * a stream, are not waited for here), all within the step's `maxMs`.
 */
function stepWait(page: Page, recorder: NetworkRecorder): StepWait {
  return async ({ fromY, since, quietMs, maxMs }) => {
    const deadline = Date.now() + maxMs;
    await page.evaluate(viewSettledScript, { fromY, toY: null, maxMs: Math.max(0, deadline - Date.now()) }).catch(() => undefined);
    await recorder.waitForQuiet(quietMs, Math.max(0, deadline - Date.now()), since);
  };
}

