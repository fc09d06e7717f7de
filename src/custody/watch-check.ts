import type { Watch, WatchRun } from '../watch/watch-types.js';
import type { CustodyEntry } from './chain.js';
import { changedFields, watchRunState, watchState } from './covered-state.js';

/** A watch or run row that the ledger does not bear out, named by watch, run and item. */
export interface WatchProblem {
  itemId: number | null;
  seq: number | null;
  problem: string;
}

type Recorded = { seq: number; state: Record<string, unknown> };

/** The last covered state the ledger holds for each watch and each run, by id. */
function recordedStates(entries: CustodyEntry[]) {
  const watches = new Map<number, Recorded>();
  const runs = new Map<number, Recorded>();
  const versions = new Map<number, { seq: number; watchId: unknown; version: unknown }>();
  for (const entry of entries) {
    const { watchState: w, runState: r } = entry.details as { watchState?: Record<string, unknown>; runState?: Record<string, unknown> };
    if (w && typeof w.id === 'number') watches.set(w.id, { seq: entry.seq, state: w });
    if (r && typeof r.id === 'number') runs.set(r.id, { seq: entry.seq, state: r });
    if (entry.action === 'item acquired' && entry.itemId !== null && entry.details.method === 'watch capture') {
      versions.set(entry.itemId, { seq: entry.seq, watchId: entry.details.watchId, version: entry.details.version });
    }
  }
  return { watches, runs, versions };
}

/**
 * Holds a case's watch tables to its ledger: every watch row and every run row must equal the
 * state its last custody entry recorded (a changed outcome, version, verdict, schedule or stop is
 * named with its fields), every watch and run the ledger names must still be in the database, and
 * every item captured by a watch must be the version of the run that captured it.
 */
export function checkWatches(entries: CustodyEntry[], watches: { watch: Watch; runs: WatchRun[] }[]): WatchProblem[] {
  const problems: WatchProblem[] = [];
  const recorded = recordedStates(entries);
  const runIds = new Set<number>();
  const versionOf = new Map<number, WatchRun>();
  for (const { watch, runs } of watches) {
    const entry = recorded.watches.get(watch.id);
    if (!entry) problems.push({ itemId: watch.itemId, seq: null, problem: `watch ${watch.id} (${watch.url}) has no custody entry: it was added outside Golden Hour` });
    else {
      const changed = changedFields(entry.state, watchState(watch));
      if (changed.length > 0) problems.push({ itemId: watch.itemId, seq: entry.seq, problem: `watch ${watch.id}'s database row differs from its custody record (entry ${entry.seq}) in: ${changed.join(', ')}` });
    }
    for (const run of runs) {
      runIds.add(run.id);
      if (run.itemId !== null) versionOf.set(run.itemId, run);
      const runEntry = recorded.runs.get(run.id);
      const itemId = run.itemId ?? watch.itemId;
      if (!runEntry) {
        problems.push({ itemId, seq: null, problem: `run ${run.id} of watch ${watch.id} (${run.outcome} at ${run.startedAt}) has no custody entry: it was added outside Golden Hour` });
        continue;
      }
      const changed = changedFields(runEntry.state, watchRunState(run));
      if (changed.length > 0) problems.push({ itemId, seq: runEntry.seq, problem: `run ${run.id} of watch ${watch.id}'s database row differs from its custody record (entry ${runEntry.seq}) in: ${changed.join(', ')}` });
    }
  }
  const present = new Set(watches.map(({ watch }) => watch.id));
  for (const [id, entry] of recorded.watches) {
    if (!present.has(id)) problems.push({ itemId: null, seq: entry.seq, problem: `watch ${id} is in the custody ledger (entry ${entry.seq}) but missing from the database` });
  }
  for (const [id, entry] of recorded.runs) {
    if (!runIds.has(id)) problems.push({ itemId: null, seq: entry.seq, problem: `run ${id} of watch ${String(entry.state.watchId)} is in the custody ledger (entry ${entry.seq}) but missing from the database` });
  }
  for (const [itemId, acquired] of recorded.versions) {
    const run = versionOf.get(itemId);
    if (!run) problems.push({ itemId, seq: acquired.seq, problem: `item ${itemId} was captured as version ${String(acquired.version)} of watch ${String(acquired.watchId)}, but no run of the watch names it` });
    else if (run.watchId !== acquired.watchId || run.version !== acquired.version) {
      problems.push({ itemId, seq: acquired.seq, problem: `item ${itemId} was captured as version ${String(acquired.version)} of watch ${String(acquired.watchId)}, but run ${run.id} names it as version ${run.version} of watch ${run.watchId}` });
    }
  }
  return problems;
}
