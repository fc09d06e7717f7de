import { z } from 'zod';
import { itemViewSchema } from '../../items/item-view.js';
import { MAX_FOLLOW_POSTS } from '../../capture/capture-service.js';
import { idSchema, operation, operatorField, numberInput } from '../operation.js';

/** One URL in a case's capture queue. */
export const queueEntrySchema = z.strictObject({
  id: z.number().int().positive(),
  caseId: z.number().int().positive(),
  url: z.string(),
  state: z.enum(['queued', 'running', 'captured', 'failed']),
  attempts: z.number().int().nonnegative(),
  itemId: z.number().int().positive().nullable(),
  error: z.string().nullable(),
  operator: z.string(),
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** A post queued from a captured profile page's list: that page's item and address. */
  followedFrom: z.strictObject({ itemId: z.number().int().positive(), url: z.string() }).nullable(),
});

const urlError = z.strictObject({ url: z.string(), error: z.string() });

/** How a capture run may be tuned from a door (CLI flags, the app's capture form). */
const runSettings = {
  concurrency: numberInput(z.number().int().min(1, 'concurrency is at least 1').max(16, 'concurrency is at most 16')).optional(),
  proxy: z.string().trim().min(1).nullable().optional(),
  allowPrivate: z.boolean().optional(),
  timeoutSeconds: numberInput(z.number().positive('timeout is a number of seconds above 0').max(600)).optional(),
  /** How far to scroll (endless feeds stop here) and how much media to keep per page. */
  limits: z.strictObject({
    scrollMaxHeightPx: numberInput(z.number().int().min(1).max(200_000)).optional(),
    scrollMaxSeconds: numberInput(z.number().positive().max(600)).optional(),
    mediaMaxCount: numberInput(z.number().int().min(0).max(1000)).optional(),
    mediaMaxBytes: numberInput(z.number().int().min(0)).optional(),
    /** Per video saved from a stream: longer ones are cut there and flagged truncated. */
    videoMaxSeconds: numberInput(z.number().positive('the video length limit is a number of seconds above 0').max(86_400)).optional(),
    videoMaxBytes: numberInput(z.number().int().min(1)).optional(),
    /** Which rendition of a stream to save: highest (default), lowest, or WIDTHxHEIGHT. */
    videoQuality: z.string().regex(/^(highest|lowest|\d{1,5}x\d{1,5})$/, 'video quality is highest, lowest or WIDTHxHEIGHT (like 1280x720)').optional(),
    /** "More replies" / "see more" clicks per page before the screenshots (0: none), and the time they may take. */
    expandMaxClicks: numberInput(z.number().int().min(0, 'clicks to expand threads are 0 or more').max(1000)).optional(),
    expandMaxSeconds: numberInput(z.number().positive('the time to expand threads is a number of seconds above 0').max(600)).optional(),
    /** Keep a WebM screen recording of each page as the browser showed it. */
    recordVideo: z.boolean().optional(),
  }).optional(),
  /** When a page captured is a profile, also capture up to this many of the recent posts it lists. */
  followPosts: numberInput(z.number().int('posts to follow are a whole number').min(1, 'posts to follow are at least 1').max(MAX_FOLLOW_POSTS, `posts to follow are at most ${MAX_FOLLOW_POSTS}`)).optional(),
  operator: operatorField,
};

export const captureOperations = {
  'capture.enqueue': operation(
    'Queue URLs for capture in a case (bad URLs come back as errors; captured ones are reported, not queued again)',
    z.strictObject({ caseId: idSchema, urls: z.array(z.string()).min(1, 'give at least one URL'), operator: operatorField }),
    z.strictObject({ queued: z.array(queueEntrySchema), alreadyCaptured: z.array(queueEntrySchema), errors: z.array(urlError) }),
  ),
  'capture.followPosts': operation(
    "Queue the recent posts a captured profile page lists (the first `count`, newest first as shown), each recorded as followed from it; run `capture.run` to capture them (a team server's workers take them as jobs at once)",
    z.strictObject({
      caseId: idSchema, itemId: idSchema,
      count: numberInput(z.number().int('posts to follow are a whole number').min(1, 'posts to follow are at least 1').max(MAX_FOLLOW_POSTS, `posts to follow are at most ${MAX_FOLLOW_POSTS}`)),
      /** On a team server the posts become capture jobs at once, with these settings; a local capture takes them from `capture.run`. */
      proxy: runSettings.proxy, allowPrivate: runSettings.allowPrivate, timeoutSeconds: runSettings.timeoutSeconds, limits: runSettings.limits,
      operator: operatorField,
    }),
    /** `alreadyQueued`: posts waiting or being captured already, not queued twice. */
    z.strictObject({ queued: z.array(queueEntrySchema), alreadyCaptured: z.array(queueEntrySchema), alreadyQueued: z.array(queueEntrySchema), errors: z.array(urlError) }),
  ),
  'capture.queue': operation(
    "A case's capture queue, oldest first",
    z.strictObject({ caseId: idSchema, state: z.enum(['queued', 'running', 'captured', 'failed']).optional() }),
    z.array(queueEntrySchema),
  ),
  'capture.retry': operation(
    'Queue failed URLs again (all of the case, or the given queue entries)',
    z.strictObject({ caseId: idSchema, queueIds: z.array(idSchema).optional() }),
    z.array(queueEntrySchema),
  ),
  'capture.run': operation(
    "Capture URLs (if given) and everything queued for the case; progress comes as 'capture.progress' events",
    z.strictObject({ caseId: idSchema, urls: z.array(z.string()).optional(), ...runSettings }),
    z.strictObject({
      items: z.array(itemViewSchema),
      errors: z.array(urlError),
      alreadyCaptured: z.array(z.strictObject({ url: z.string(), itemId: z.number() })),
      notes: z.array(z.string()),
      /** On a team server: no capture worker was connected, so the URLs wait in the queue for one. */
      waitingForWorkers: z.boolean(),
    }),
  ),
};
