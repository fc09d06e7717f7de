import type { Page } from 'playwright-core';
import { measureScript, scrollTopScript } from './in-page-scripts.js';

/** How far to scroll through a page so lazy content loads. */
export interface ScrollLimits {
  /** Stop once this far down (infinite feeds never end on their own). */
  maxHeightPx: number;
  /** Stop after this long scrolling. */
  maxTimeMs: number;
  /** Pause after each step for content to arrive. */
  stepPauseMs: number;
}

/** Where scrolling stopped and why: recorded in the capture record. */
export interface ScrollStop {
  stoppedBy: 'end' | 'height-limit' | 'time-limit' | 'error';
  /** The document height when scrolling stopped. */
  documentHeightPx: number;
  /** How far down the viewport's top got. */
  reachedPx: number;
  steps: number;
  durationMs: number;
  error?: string;
}

/**
 * Scrolls down a viewport at a time with real wheel events (which fire the page's own lazy
 * loading), until the end of the document, the height limit or the time limit; then returns
 * to the top. A page whose end keeps moving (an infinite feed) stops at a limit, said so.
 */
export async function scrollThrough(page: Page, limits: ScrollLimits): Promise<ScrollStop> {
  const started = Date.now();
  const measure = async () => (await page.evaluate(measureScript)) as { height: number; y: number; view: number };
  let steps = 0;
  let last = { height: 0, y: 0, view: 0 };
  let stillSteps = 0;
  try {
    // Wheel events go to what is under the pointer: put it mid-page, not on a sticky header.
    const viewport = page.viewportSize();
    if (viewport) await page.mouse.move(viewport.width / 2, viewport.height / 2);
    for (;;) {
      last = await measure();
      if (last.y + last.view >= last.height - 2) {
        // At the bottom: wait once for more to arrive before calling it the end.
        if (stillSteps >= 1) return await done('end');
        stillSteps += 1;
        await page.waitForTimeout(limits.stepPauseMs);
        continue;
      }
      stillSteps = 0;
      if (last.y + last.view >= limits.maxHeightPx) return await done('height-limit');
      if (Date.now() - started >= limits.maxTimeMs) return await done('time-limit');
      await page.mouse.wheel(0, Math.max(200, Math.round(last.view * 0.9)));
      steps += 1;
      await page.waitForTimeout(limits.stepPauseMs);
    }
  } catch (error) {
    return { stoppedBy: 'error', documentHeightPx: last.height, reachedPx: last.y + last.view, steps, durationMs: Date.now() - started, error: (error as Error).message };
  }

  async function done(stoppedBy: ScrollStop['stoppedBy']): Promise<ScrollStop> {
    const stop = { stoppedBy, documentHeightPx: last.height, reachedPx: last.y + last.view, steps, durationMs: Date.now() - started };
    await page.evaluate(scrollTopScript).catch(() => undefined);
    return stop;
  }
}
