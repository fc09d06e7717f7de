import type { BrowserContext, Cookie, Page } from 'playwright-core';
import type { AddressCheck } from '../guarded-request.js';
import type { CaptureIdentity } from '../page-capture.js';
import type { CapturedVideo, VideoLimits } from './capture-streams.js';
import { captureWithYtDlp, findYtDlp, pageVideoDurationScript, YTDLP_MISSING_NOTE, type YtDlpRecord } from './yt-dlp.js';

/**
 * yt-dlp on a page that plays or names a video (or a platform's post), when the investigator
 * has it: its file as a child video, its version and command line for the record. Without it,
 * a note says so and the capture goes on as before.
 */
export async function ytDlpForPage(page: YtDlpPageInputs, url: string, dir: string, run: { identity: CaptureIdentity; userAgent: string; limits: VideoLimits; allows: AddressCheck | null }): Promise<{ record: YtDlpRecord | null; video: CapturedVideo | null; notes: string[] }> {
  const tool = findYtDlp();
  if (tool === 'off') return { record: null, video: null, notes: [] };
  if (!tool) return { record: null, video: null, notes: [YTDLP_MISSING_NOTE] };
  const proxy = run.identity.proxyUrl && run.identity.proxy ? { url: run.identity.proxyUrl, recorded: run.identity.proxy } : null;
  return captureWithYtDlp(tool, {
    url, dir, cookies: page.cookies, proxy, userAgent: run.userAgent, maxBytes: run.limits.maxBytes, timeoutMs: run.limits.timeoutMs, pageDurationS: page.played > 0 ? page.played : null, allows: run.allows,
  });
}

/** What yt-dlp needs of the browser, read before the page closes: the context's cookies and how long the page's video is. */
export interface YtDlpPageInputs {
  cookies: Cookie[];
  played: number;
}

export async function ytDlpInputs(page: Page, context: BrowserContext): Promise<YtDlpPageInputs> {
  const played = Number(await page.evaluate(pageVideoDurationScript).catch(() => 0));
  return { cookies: await context.cookies(), played: Number.isFinite(played) ? played : 0 };
}
