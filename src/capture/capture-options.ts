import type { ExpandLimits } from './expand.js';
import type { MediaLimits } from './media-fetch.js';
import type { ScrollLimits } from './scroll.js';
import type { VideoLimits } from './streams/capture-streams.js';

/** Everything that bounds one page's capture. All times in milliseconds. */
export interface CaptureLimits {
  /** Until the server's first response commits the page. */
  navigationTimeoutMs: number;
  /** Until the `load` event; past it the page is captured as it stands, flagged `timeout`. */
  loadTimeoutMs: number;
  /** Longest wait, after load and after scrolling, for the network to go quiet and the images shown to arrive. */
  settleMs: number;
  /** The whole capture of one page, artifacts included. */
  totalTimeoutMs: number;
  /** Bodies larger than this are recorded in the WARC as truncated. */
  maxResourceBytes: number;
  viewport: { width: number; height: number };
  scroll: ScrollLimits;
  /** Clicking "more replies", "view more comments", "see more" before the screenshots (see expand.ts). */
  expand: ExpandLimits;
  media: MediaLimits;
  /** Videos saved from streams (HLS, DASH, MediaSource). */
  video: VideoLimits;
  /** Keep a WebM of the page as the browser painted it during the capture (off unless asked for). */
  recordScreen: boolean;
}

/** Defaults sized for the golden hour: thorough, but a slow page must not hold up fifty others. */
export const defaultCaptureLimits: CaptureLimits = {
  navigationTimeoutMs: 30_000,
  loadTimeoutMs: 30_000,
  settleMs: 3_000,
  totalTimeoutMs: 120_000,
  maxResourceBytes: 100 * 1024 * 1024,
  viewport: { width: 1280, height: 800 },
  scroll: { maxHeightPx: 15_000, maxTimeMs: 15_000, stepWaitMs: 1_000 },
  // Forty clicks or fifteen seconds: the visible threads of a post opened, not a whole forum.
  expand: { maxClicks: 40, maxTimeMs: 15_000, pauseMs: 400 },
  media: { maxCount: 30, maxItemBytes: 200 * 1024 * 1024, maxTotalBytes: 500 * 1024 * 1024, timeoutMs: 30_000 },
  // Ten minutes or 500 MB of one video, three minutes for all of a page's streams: a whole clip
  // of an incident, without one live stream holding up the rest of the list.
  video: { maxSeconds: 600, maxBytes: 500 * 1024 * 1024, quality: 'highest', timeoutMs: 180_000, segmentTimeoutMs: 20_000, stallMs: 20_000 },
  recordScreen: false,
};

/** Limits scaled from one `--timeout SECONDS`: navigation and load get it, the whole page four times it. */
export function limitsForTimeout(seconds: number, base: CaptureLimits = defaultCaptureLimits): CaptureLimits {
  const ms = Math.round(seconds * 1000);
  return {
    ...base,
    navigationTimeoutMs: ms,
    loadTimeoutMs: ms,
    settleMs: Math.min(base.settleMs, ms),
    totalTimeoutMs: Math.max(ms * 4, 10_000),
    scroll: { ...base.scroll, maxTimeMs: Math.min(base.scroll.maxTimeMs, ms) },
    media: { ...base.media, timeoutMs: ms },
  };
}

/** Overrides merged onto defaults (nested groups merged one level deep). */
export type CaptureLimitOverrides = Partial<Omit<CaptureLimits, 'scroll' | 'expand' | 'media' | 'video' | 'viewport'>> & {
  scroll?: Partial<ScrollLimits>;
  expand?: Partial<ExpandLimits>;
  media?: Partial<MediaLimits>;
  video?: Partial<VideoLimits>;
  viewport?: CaptureLimits['viewport'];
};

export function mergeLimits(base: CaptureLimits, overrides: CaptureLimitOverrides = {}): CaptureLimits {
  return {
    ...base,
    ...defined(overrides),
    viewport: overrides.viewport ?? base.viewport,
    scroll: { ...base.scroll, ...defined(overrides.scroll ?? {}) },
    expand: { ...base.expand, ...defined(overrides.expand ?? {}) },
    media: { ...base.media, ...defined(overrides.media ?? {}) },
    video: { ...base.video, ...defined(overrides.video ?? {}) },
  };
}

/** The fields that are set (an absent override never blanks a default). */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
