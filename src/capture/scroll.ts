import type { Page } from 'playwright-core';
import { measureScript, scrollTopScript } from './in-page-scripts.js';

/** How far to scroll through a page so lazy content loads. */
export interface ScrollLimits {
  /** Stop once this far down (infinite feeds never end on their own). */
  maxHeightPx: number;
  /** Stop after this long scrolling. */
  maxTimeMs: number;
  /** Longest wait after one step for the scroll to land and what it brought into view to arrive. */
  stepWaitMs: number;
}

/**
 * Waits, up to `maxMs`, for a step's effects: with `fromY`, the scroll leaving that position and
 * landing; the images in view loaded and decoded; and no request the page sent since `since`
 * in flight or active for `quietMs`. See `settleView` in page-capture.ts.
 */
export type StepWait = (step: { fromY: number | null; since: number; quietMs: number; maxMs: number }) => Promise<void>;

/** After a step, how long the requests it started must have been quiet (a lazy load starts within a frame or two of the scroll). */
const STEP_QUIET_MS = 100;
/**
 * At the bottom (after at least one step), how long since the last step nothing it started may
 * have been active before the end is called: a feed's next page (fetched by a scroll handler, often throttled) has
 * this long to start.
 */
const END_QUIET_MS = 300;

/** Where scrolling stopped and why: recorded in the capture record. */
export interface ScrollStop {
  stoppedBy: 'end' | 'height-limit' | 'time-limit' | 'error';
  /** The document height when scrolling stopped. */
  documentHeightPx: number;
  /** How far down the viewport's top got. */
  reachedPx: number;
  steps: number;
  durationMs: number;
  /**
   * Whether the page's scripts listen for scrolling, asked once at the bottom after scrolling:
   * a page whose scripts do not was not waited on there (nothing of its own could fetch more
   * because it was scrolled; what scrolling brought into view was waited for at each step).
   * Absent when not asked (the page fit the viewport, or a limit stopped scrolling first).
   */
  scrollListeners?: boolean;
  error?: string;
}

/**
 * Scrolls down a viewport at a time with real wheel events (which fire the page's own lazy
 * loading), until the end of the document, the height limit or the time limit; then returns
 * to the top. After each step it waits for what the step stands to bring (`wait`: the scroll
 * landed, the images in view arrived, the requests it started quiet), not for a fixed time.
 * At the bottom it waits once more, for a scroll handler's late fetch (a debounced "load
 * more"), only when `listensForScroll` says the page has such a handler. A page whose end
 * keeps moving (an infinite feed) stops at a limit, said so.
 */
export async function scrollThrough(page: Page, limits: ScrollLimits, wait: StepWait, listensForScroll: () => Promise<boolean>): Promise<ScrollStop> {
  const started = Date.now();
  let stepStarted = started;
  const measure = async () => (await page.evaluate(measureScript)) as { height: number; y: number; view: number };
  let steps = 0;
  let last = { height: 0, y: 0, view: 0 };
  let stillSteps = 0;
  let scrollListeners: boolean | undefined;
  try {
    // Wheel events go to what is under the pointer: put it mid-page, not on a sticky header.
    const viewport = page.viewportSize();
    if (viewport) await page.mouse.move(viewport.width / 2, viewport.height / 2);
    for (;;) {
      last = await measure();
      if (last.y + last.view >= last.height - 2) {
        // A page that fit the viewport was never scrolled, so no scroll handler ran: what its
        // first view set off was waited for before the viewport shot (settle), and it is done.
        if (steps === 0) return await done('end');
        // At the bottom after scrolling: wait once for more to arrive before calling it the end,
        // if the page's scripts could be fetching more because it was scrolled.
        if (stillSteps >= 1) return await done('end');
        scrollListeners ??= await listensForScroll();
        if (!scrollListeners) return await done('end');
        stillSteps += 1;
        await wait({ fromY: null, since: stepStarted, quietMs: END_QUIET_MS, maxMs: limits.stepWaitMs });
        continue;
      }
      stillSteps = 0;
      if (last.y + last.view >= limits.maxHeightPx) return await done('height-limit');
      if (Date.now() - started >= limits.maxTimeMs) return await done('time-limit');
      stepStarted = Date.now();
      await page.mouse.wheel(0, Math.max(200, Math.round(last.view * 0.9)));
      steps += 1;
      await wait({ fromY: last.y, since: stepStarted, quietMs: STEP_QUIET_MS, maxMs: limits.stepWaitMs });
    }
  } catch (error) {
    return { stoppedBy: 'error', documentHeightPx: last.height, reachedPx: last.y + last.view, steps, durationMs: Date.now() - started, ...listening(), error: (error as Error).message };
  }

  function listening() {
    return scrollListeners === undefined ? {} : { scrollListeners };
  }

  async function done(stoppedBy: ScrollStop['stoppedBy']): Promise<ScrollStop> {
    const stop = { stoppedBy, documentHeightPx: last.height, reachedPx: last.y + last.view, steps, durationMs: Date.now() - started, ...listening() };
    await page.evaluate(scrollTopScript).catch(() => undefined);
    return stop;
  }
}
