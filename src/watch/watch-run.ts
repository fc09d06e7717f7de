import type { Browser } from 'playwright-core';
import type { CaptureRunOptions, CaptureService } from '../capture/capture-service.js';
import type { HostRateLimit } from '../capture/host-rate-limit.js';
import type { CustodyEvent } from '../custody/ledger.js';
import type { Item } from '../domain/item.js';
import type { ItemRepository, Repositories, UnitOfWork, WatchRepository } from '../store/repositories.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { errorMessage, GoldenHourError } from '../util/errors.js';
import type { Vault } from '../vault/vault.js';
import { judgeVersion, type Verdict } from './verdict.js';
import { readVersionFacts, type VersionFacts } from './version-facts.js';
import type { NewWatchRun } from './watch-repository.js';
import type { Watch, WatchOutcome, WatchRun } from './watch-types.js';

/** What running a watch needs. */
export interface WatchRunDeps {
  /** Units of work: a version and its run are written in one. */
  store: UnitOfWork;
  watches: WatchRepository;
  items: ItemRepository;
  vault: Vault;
  clock: Clock;
  capture: CaptureService;
}

/** Outcomes that say nothing about the post: the next definite one is compared with the last definite one. */
const indefinite: WatchOutcome[] = ['unreachable', 'login-wall'];

/** The state an outcome leaves the post in (an edit or no change both mean it is there). */
export function stateOf(outcome: WatchOutcome): string {
  return outcome === 'first' || outcome === 'unchanged' || outcome === 'edited' ? 'present' : outcome;
}

/**
 * When the next run is due, and how many slots were missed while nothing was running (slots that
 * fell due after `dueAt` and before `runningSince`, when this process began running watches). A
 * run late because the one before it overran is not a miss. Either way a late watch is caught up
 * once: its next run is one interval from now, not every passed slot in a row.
 */
export function nextSchedule(dueAt: string, everySeconds: number, now: Date, runningSince: Date = now): { missed: number; nextRunAt: string } {
  const everyMs = everySeconds * 1000;
  const due = Date.parse(dueAt);
  const missed = Math.max(0, Math.floor((Math.min(now.getTime(), runningSince.getTime()) - due) / everyMs));
  const next = now.getTime() - due >= everyMs ? now.getTime() + everyMs : due + everyMs;
  return { missed, nextRunAt: isoUtc(new Date(next)) };
}

/**
 * Runs one due watch: captures the address (the first time through the capture queue, then as
 * a new version outside it), reads the version's facts, judges them against the last version in
 * which the post was there, and records the run with the custody entries it calls for: runs
 * missed while nothing ran, and a change of state with its time window and both captures' hashes.
 * A version and its run are written in one unit of work: a run killed or failing on the way
 * leaves neither, never a version no run names.
 */
export async function runWatch(deps: WatchRunDeps, watch: Watch, browser: () => Promise<Browser>, limiter: HostRateLimit, options: CaptureRunOptions, runningSince: Date): Promise<WatchRun | null> {
  const now = deps.clock.now();
  const { missed, nextRunAt } = nextSchedule(watch.nextRunAt, watch.everySeconds, now, runningSince);
  // Another process may be running this case's watches: whoever moves the due time runs it.
  if (!(await deps.watches.claimDue(watch.id, watch.nextRunAt, nextRunAt))) return null;
  const history = await deps.watches.runs(watch.id);
  const version = Math.max(0, ...history.map((r) => r.version ?? 0)) + 1;
  // Earlier versions never change: the baseline is read before the capture, outside its unit of work.
  const baseline = await lastPresentFacts(deps, watch, history);
  // The run's time is the injected clock's (the capture record keeps the browser's own start and end).
  const startedAt = isoUtc(now);
  const record = async (repos: Pick<Repositories, 'watches' | 'items'>, page: Item | null, error: string | null): Promise<WatchRun> => {
    const facts = page ? await readVersionFacts(deps.vault, page, await repos.items.list(watch.caseId, { parentId: page.id, includeWithdrawn: true })) : null;
    const verdict: Verdict = facts
      ? judgeVersion(baseline, facts)
      : { outcome: 'unreachable', differences: {}, evidence: [`the address could not be reached (${failure(error)}): not a deletion`] };
    if (facts && watch.itemId === null) await repos.watches.setFirstItem(watch.id, facts.itemId);
    const run: NewWatchRun = {
      watchId: watch.id, dueAt: watch.nextRunAt, startedAt, finishedAt: isoUtc(deps.clock.now()), itemId: facts?.itemId ?? null, version: facts ? version : null,
      outcome: verdict.outcome, missed, verdict: { differences: verdict.differences, evidence: verdict.evidence }, error,
    };
    return repos.watches.recordRun(run, nextRunAt, options.operator, await custodyFor(repos.items, watch, options.operator, run, history, verdict, facts));
  };
  try {
    let recorded: WatchRun | null = null;
    const details = watch.itemId === null ? { watchId: watch.id, version } : { watchId: watch.id, version, versionOf: watch.itemId };
    const captured = await deps.capture.captureForWatch(await browser(), watch.caseId, watch.url, options, limiter, { first: watch.itemId === null, details }, async (tx, page) => {
      recorded = await record(tx, page, null);
    });
    if ('alreadyCaptured' in captured) {
      // Captured by an ordinary capture since the watch was registered: that capture is version 1.
      return await deps.store.withTransaction(async (tx) => record(tx, await tx.items.get(captured.alreadyCaptured), null));
    }
    if (!recorded) throw new Error(`the capture of ${watch.url} was stored without its watch run`);
    return recorded;
  } catch (failure) {
    if (failure instanceof GoldenHourError && failure.code !== 'unavailable') throw failure;
    return record(deps, null, errorMessage(failure));
  }
}

function failure(error: string | null): string {
  return error?.split('\n')[0] ?? 'no answer';
}

/** The facts of the last version in which the post was there, or null before the first. */
async function lastPresentFacts(deps: WatchRunDeps, watch: Watch, history: WatchRun[]): Promise<VersionFacts | null> {
  const last = [...history].reverse().find((r) => r.itemId !== null && stateOf(r.outcome) === 'present');
  const itemId = last?.itemId ?? (history.length === 0 ? null : watch.itemId);
  if (itemId === null || itemId === undefined) return null;
  const page = await deps.items.get(itemId);
  return readVersionFacts(deps.vault, page, await deps.items.list(watch.caseId, { parentId: page.id, includeWithdrawn: true }));
}

/** The ledger entries a run calls for. */
async function custodyFor(items: ItemRepository, watch: Watch, operator: string, run: NewWatchRun, history: WatchRun[], verdict: Verdict, facts: VersionFacts | null): Promise<CustodyEvent[]> {
  const events: CustodyEvent[] = [];
  const base = { caseId: watch.caseId, operator, itemId: watch.itemId ?? run.itemId };
  if (run.missed > 0) events.push({ ...base, action: 'watch runs missed', details: { watchId: watch.id, url: watch.url, missed: run.missed, dueAt: run.dueAt, ranAt: run.startedAt, note: 'caught up with one run' } });
  const last = history[history.length - 1];
  if (!last) return events;
  const lastDefinite = [...history].reverse().find((r) => !indefinite.includes(r.outcome));
  const compareWith = indefinite.includes(run.outcome) ? last : lastDefinite ?? last;
  const changed = run.outcome === 'edited' || stateOf(run.outcome) !== stateOf(compareWith.outcome);
  if (!changed) return events;
  events.push({
    ...base,
    action: 'watch change',
    details: {
      watchId: watch.id, url: watch.url, from: stateOf(compareWith.outcome), outcome: run.outcome,
      // "Still there at T1, gone at T2": the last run that saw the earlier state, and this one.
      window: { lastSeen: { state: stateOf(compareWith.outcome), at: compareWith.startedAt, runId: compareWith.id }, firstSeen: { state: stateOf(run.outcome), at: run.startedAt } },
      before: await versionRef(items, compareWith),
      after: facts ? { itemId: facts.itemId, version: run.version, captureRecordSha256: facts.recordSha256, screenshotSha256: facts.screenshotSha256, status: facts.status } : null,
      evidence: verdict.evidence,
      error: run.error,
    },
  });
  return events;
}

/** The version a run captured, by its hashes (null when the run captured nothing). */
async function versionRef(items: ItemRepository, run: WatchRun) {
  if (run.itemId === null) return null;
  const item = await items.get(run.itemId);
  const screenshot = item.artifacts.find((a) => a.role === 'screenshot-viewport');
  return { itemId: item.id, version: run.version, captureRecordSha256: item.sha256, screenshotSha256: screenshot?.sha256 ?? null, status: (item.capture?.status as number | null | undefined) ?? null };
}
