import type { Page } from 'playwright-core';

/** Events through which a page's script can notice scrolling (and fetch more when it does). */
const SCROLL_EVENTS = new Set(['scroll', 'scrollend', 'wheel', 'mousewheel', 'touchmove']);

/**
 * Whether the page's scripts listen for scrolling: on the window, or on any element of the
 * document (shadow roots, open or closed, and the documents of frames in the same process
 * included; a frame's own window is not, which matters only to a frame scrolled by itself,
 * and scrolling moves the page). Read through
 * DevTools (`DOMDebugger.getEventListeners`), so nothing is added to the page and the page cannot
 * answer for itself. True when it cannot be told (the question failed): the caller then waits
 * as if there were listeners.
 */
export async function hasScrollListeners(page: Page): Promise<boolean> {
  const session = await page.context().newCDPSession(page).catch(() => null);
  if (!session) return true;
  const objectGroup = 'goldenhour-scroll-listeners';
  try {
    for (const expression of ['window', 'document']) {
      const { result } = await session.send('Runtime.evaluate', { expression, objectGroup });
      if (!result.objectId) return true;
      const { listeners } = await session.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: -1, pierce: true });
      if (listeners.some((listener) => SCROLL_EVENTS.has(listener.type))) return true;
    }
    return false;
  } catch {
    return true;
  } finally {
    await session.send('Runtime.releaseObjectGroup', { objectGroup }).catch(() => undefined);
    await session.detach().catch(() => undefined);
  }
}
