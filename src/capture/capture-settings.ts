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
}

/** How a capture run was asked for: kept with a team server's jobs and read back by its workers. */
export interface CaptureRunSettings {
  proxy?: string | null;
  allowPrivate?: boolean;
  timeoutSeconds?: number;
  limits?: CaptureLimitSettings;
}

/** A door's limits as the capture service takes them. */
export function limitOverrides(limits: CaptureLimitSettings | undefined): CaptureLimitOverrides | undefined {
  return limits && {
    scroll: { maxHeightPx: limits.scrollMaxHeightPx, maxTimeMs: limits.scrollMaxSeconds === undefined ? undefined : limits.scrollMaxSeconds * 1000 },
    media: { maxCount: limits.mediaMaxCount, maxTotalBytes: limits.mediaMaxBytes },
    video: { maxSeconds: limits.videoMaxSeconds, maxBytes: limits.videoMaxBytes, quality: limits.videoQuality === undefined ? undefined : parseVideoQuality(limits.videoQuality) },
  };
}
