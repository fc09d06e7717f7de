import { parseVideoQuality } from './streams/stream-plan.js';
import type { CaptureLimitOverrides } from './capture-options.js';

/** Limits as a door gives them (the CLI's flags, the app's capture form): plain numbers, seconds. */
export interface CaptureLimitSettings {
  scrollMaxHeightPx?: number;
  scrollMaxSeconds?: number;
  mediaMaxCount?: number;
  mediaMaxBytes?: number;
  videoMaxSeconds?: number;
  videoMaxBytes?: number;
  videoQuality?: string;
  /** Clicks on "more replies" / "see more" per page (0: none) and seconds spent on them. */
  expandMaxClicks?: number;
  expandMaxSeconds?: number;
  /** Keep a WebM of each page as the browser showed it during the capture. */
  recordVideo?: boolean;
}

/** How a capture run was asked for: kept with a team server's jobs and read back by its workers. */
export interface CaptureRunSettings {
  proxy?: string | null;
  allowPrivate?: boolean;
  timeoutSeconds?: number;
  limits?: CaptureLimitSettings;
  /** A profile page captured by the run has this many of its recent posts queued too (the server does it; workers only capture). */
  followPosts?: number;
}

/** A door's limits as the capture service takes them. */
export function limitOverrides(limits: CaptureLimitSettings | undefined): CaptureLimitOverrides | undefined {
  return limits && {
    scroll: { maxHeightPx: limits.scrollMaxHeightPx, maxTimeMs: limits.scrollMaxSeconds === undefined ? undefined : limits.scrollMaxSeconds * 1000 },
    media: { maxCount: limits.mediaMaxCount, maxTotalBytes: limits.mediaMaxBytes },
    expand: { maxClicks: limits.expandMaxClicks, maxTimeMs: limits.expandMaxSeconds === undefined ? undefined : limits.expandMaxSeconds * 1000 },
    recordScreen: limits.recordVideo,
    video: { maxSeconds: limits.videoMaxSeconds, maxBytes: limits.videoMaxBytes, quality: limits.videoQuality === undefined ? undefined : parseVideoQuality(limits.videoQuality) },
  };
}
