import type { BrowserContext, Page } from 'playwright-core';
import type { FrameDocument } from '../posts/platforms/platform.js';
import { errorMessage } from '../util/errors.js';
import { userAgentScript } from './in-page-scripts.js';
import { domMediaCandidates } from './media-candidates.js';
import { detectWalls, readWallSignals } from './walls.js';

// What a rendered page holds, read once it is loaded, scrolled and shot.

/** What the rendered page holds: DOM, MHTML, walls, media candidates, user agent, title and address. */
export async function readRenderedPage(context: BrowserContext, page: Page, status: number | null, notes: string[]) {
  // Read at once: each is its own round trip to the browser, and none changes the page.
  const [html, mhtml, signals, domMedia, userAgent, title, frames] = await Promise.all([
    page.content(),
    snapshotMhtml(context, page).catch((error: unknown) => {
      notes.push(`MHTML snapshot failed: ${errorMessage(error)}`);
      return null;
    }),
    readWallSignals(page, status).catch(() => ({ title: '', text: '', passwordInputs: 0, markers: [], status })),
    domMediaCandidates(page).catch(() => []),
    page.evaluate(userAgentScript).then(String),
    page.title().catch(() => null),
    frameDocuments(page),
  ]);
  return { html, mhtml, walls: detectWalls(signals), domMedia, userAgent, title, finalUrl: page.url(), frames };
}

/** At most this many sub-frames are read for the post, each up to MAX_FRAME_CHARS, each within FRAME_READ_MS. */
const MAX_FRAMES = 10;
const MAX_FRAME_CHARS = 2 * 1024 * 1024;
const FRAME_READ_MS = 3000;

/**
 * The page's web sub-frames as rendered, for posts a page shows through an embed widget (a
 * t.me post page holds its message in the widget's frame). The frames are already in the MHTML
 * and their responses in the WACZ; this only hands their HTML to the post reader.
 */
async function frameDocuments(page: Page): Promise<FrameDocument[]> {
  const frames = page.frames().filter((frame) => frame !== page.mainFrame() && /^https?:/.test(frame.url())).slice(0, MAX_FRAMES);
  const read = await Promise.all(frames.map(async (frame) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), FRAME_READ_MS)));
    const html = await Promise.race([frame.content().catch(() => null), late]);
    clearTimeout(timer);
    return html === null ? null : { url: frame.url(), html: html.slice(0, MAX_FRAME_CHARS) };
  }));
  return read.filter((frame): frame is FrameDocument => frame !== null);
}

async function snapshotMhtml(context: BrowserContext, page: Page): Promise<Buffer> {
  const session = await context.newCDPSession(page);
  try {
    const { data } = (await session.send('Page.captureSnapshot', { format: 'mhtml' })) as { data: string };
    return Buffer.from(data, 'utf8');
  } finally {
    await session.detach().catch(() => undefined);
  }
}
