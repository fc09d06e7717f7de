import { z } from 'zod';
import type { Watch, WatchRun } from './watch-types.js';
import { watchOutcomeSchema } from './watch-types.js';

/**
 * A watch run as a mark on the case timeline: `version` (a capture of the watched address that
 * found the post as it was, or could not tell), `edited` or `removed` (deleted, the account
 * suspended or made private). Times are epoch ms; `lastSeenMs` is when the post was last seen in
 * its earlier state (the start of the window in which the change happened).
 */
export const watchMarkSchema = z.strictObject({
  atMs: z.number(),
  lastSeenMs: z.number().nullable(),
  mark: z.enum(['version', 'edited', 'removed']),
  outcome: watchOutcomeSchema,
  watchId: z.number(),
  runId: z.number(),
  url: z.string(),
  /** The version the run captured, or null when it captured nothing. */
  itemId: z.number().nullable(),
  version: z.number().nullable(),
});
export type WatchMark = z.infer<typeof watchMarkSchema>;

const removed = new Set(['deleted', 'account-suspended', 'account-private']);
/** Outcomes that say nothing about the post (never a change, never a baseline). */
const indefinite = new Set(['unreachable', 'login-wall']);

/** The marks of a case's watches, oldest first. Runs that captured nothing and told nothing (unreachable) are not marked. */
export function watchMarks(watches: { watch: Watch; runs: WatchRun[] }[]): WatchMark[] {
  const marks: WatchMark[] = [];
  for (const { watch, runs } of watches) {
    let lastDefinite: WatchRun | null = null;
    for (const run of runs) {
      const mark = run.outcome === 'edited' ? 'edited' : removed.has(run.outcome) ? 'removed' : run.itemId !== null ? 'version' : null;
      if (mark) {
        marks.push({
          atMs: Date.parse(run.startedAt), lastSeenMs: mark === 'version' || !lastDefinite ? null : Date.parse(lastDefinite.startedAt), mark,
          outcome: run.outcome, watchId: watch.id, runId: run.id, url: watch.url, itemId: run.itemId, version: run.version,
        });
      }
      if (!indefinite.has(run.outcome)) lastDefinite = run;
    }
  }
  return marks.sort((a, b) => a.atMs - b.atMs || a.runId - b.runId);
}
