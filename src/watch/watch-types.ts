import { z } from 'zod';

/**
 * What a watch run concluded about the watched address, compared with the version before:
 * `first` (the first capture), `unchanged`, `edited`, `deleted` (404/410 or the platform's
 * "post unavailable" page), `account-suspended`, `account-private`, `login-wall` (cannot tell)
 * or `unreachable` (a network error: never read as a deletion).
 */
export const watchOutcomeSchema = z.enum(['first', 'unchanged', 'edited', 'deleted', 'account-suspended', 'account-private', 'login-wall', 'unreachable']);
export type WatchOutcome = z.infer<typeof watchOutcomeSchema>;

/** The capture settings a watch runs with (the capture command's options). */
export const watchCaptureSettingsSchema = z.strictObject({
  /** The proxy; as stored, without its password (kept on this machine under `proxyPassword`). */
  proxy: z.string().nullable().optional(),
  /** As stored: the name the proxy's password is kept under on this machine (see `config/proxy-passwords.ts`); never the password. */
  proxyPassword: z.string().optional(),
  allowPrivate: z.boolean().optional(),
  timeoutSeconds: z.number().positive().optional(),
  limits: z.strictObject({
    scrollMaxHeightPx: z.number().int().positive().optional(),
    scrollMaxSeconds: z.number().positive().optional(),
    mediaMaxCount: z.number().int().nonnegative().optional(),
    mediaMaxBytes: z.number().int().nonnegative().optional(),
    /** Per video saved from a stream, as for a capture. */
    videoMaxSeconds: z.number().positive().optional(),
    videoMaxBytes: z.number().int().positive().optional(),
    videoQuality: z.string().regex(/^(highest|lowest|\d{1,5}x\d{1,5})$/).optional(),
    /** Expanding comment threads and a screen recording, as for a capture. */
    expandMaxClicks: z.number().int().nonnegative().optional(),
    expandMaxSeconds: z.number().positive().optional(),
    recordVideo: z.boolean().optional(),
  }).optional(),
});
export type WatchCaptureSettings = z.infer<typeof watchCaptureSettingsSchema>;

/** One watched address of a case. */
export const watchSchema = z.strictObject({
  id: z.number().int().positive(),
  caseId: z.number().int().positive(),
  url: z.string(),
  /** The first capture (version 1), or null until it is captured. */
  itemId: z.number().int().positive().nullable(),
  everySeconds: z.number().positive(),
  untilAt: z.string().nullable(),
  settings: watchCaptureSettingsSchema,
  state: z.enum(['active', 'stopped']),
  stopReason: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  nextRunAt: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Watch = z.infer<typeof watchSchema>;

/** One run of a watch: the version it captured (if any) and what changed. */
export const watchRunSchema = z.strictObject({
  id: z.number().int().positive(),
  watchId: z.number().int().positive(),
  dueAt: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  itemId: z.number().int().positive().nullable(),
  version: z.number().int().positive().nullable(),
  outcome: watchOutcomeSchema,
  missed: z.number().int().nonnegative(),
  verdict: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
});
export type WatchRun = z.infer<typeof watchRunSchema>;

/** Why a watch stopped. */
export type WatchStopReason = 'until' | 'stopped by user' | 'case closed';
