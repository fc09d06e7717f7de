import { tool } from '../version.js';
import { proxySetting } from './browser-launch.js';
import { defaultCaptureLimits, limitsForTimeout, mergeLimits, type CaptureLimitOverrides, type CaptureLimits } from './capture-options.js';
import type { CaptureIdentity } from './page-capture.js';
import { parseProxy } from './url-policy.js';
import type { Item } from '../domain/item.js';

/** Progress of a capture run, per URL, for the CLI and the desktop app. */
export type CaptureEvent =
  | { type: 'queued'; url: string; queueId: number }
  | { type: 'started'; url: string; queueId: number; attempt: number }
  | { type: 'artifact'; url: string; queueId: number; role: string; bytes: number }
  | { type: 'retrying'; url: string; queueId: number; attempt: number; error: string; delayMs: number }
  | { type: 'done'; url: string; queueId: number; itemId: number; flags: string[]; media: number }
  | { type: 'failed'; url: string; queueId: number | null; error: string };

export interface CaptureRunOptions {
  operator: string;
  /** Pages captured at once (each in its own browser context). */
  concurrency?: number;
  /** http(s)/socks proxy URL that all browser traffic goes through. */
  proxy?: string | null;
  allowPrivate?: boolean;
  /** One figure for navigation and load timeouts, in seconds (the CLI's --timeout). */
  timeoutSeconds?: number;
  limits?: CaptureLimitOverrides;
  /** Minimum spacing between page loads on one host. */
  hostIntervalMs?: number;
  /** Attempts per URL for failures that may pass (connection errors, 429, timeouts). */
  maxAttempts?: number;
  retryBaseMs?: number;
  headless?: boolean;
  onEvent?: (event: CaptureEvent) => void;
  /**
   * After a profile page is captured, queue up to this many of the posts it lists, captured in
   * the same run with the same settings (see CaptureService.followPosts).
   */
  followPosts?: number;
  /** How long each phase of each page took (bench:capture's trace); not a progress event. */
  trace?: (url: string, phase: string, ms: number) => void;
}

export interface CaptureRunResult {
  /** Page items captured in this run, each followed by its media items. */
  items: Item[];
  errors: { url: string; error: string }[];
  alreadyCaptured: { url: string; itemId: number }[];
  notes: string[];
}

/** The limits a capture runs under: the defaults (or those of `timeoutSeconds`) with the run's own on top. */
export function limitsOf(options: Pick<CaptureRunOptions, 'timeoutSeconds' | 'limits'>): CaptureLimits {
  return mergeLimits(options.timeoutSeconds ? limitsForTimeout(options.timeoutSeconds) : defaultCaptureLimits, options.limits);
}

/** Who and what captures, as each capture record says it: operator, tool, proxy (without its password) and the request rule. */
export function identityOf(options: Pick<CaptureRunOptions, 'operator' | 'proxy' | 'allowPrivate'>): CaptureIdentity {
  const proxyUrl = options.proxy ? parseProxy(options.proxy) : null;
  return {
    operator: options.operator,
    tool: { name: tool.name, version: tool.version },
    proxy: proxyUrl ? proxySetting(proxyUrl).recorded : null,
    proxyUrl,
    requestPolicy: { allowPrivate: options.allowPrivate ?? false, proxy: options.proxy ?? null },
  };
}
