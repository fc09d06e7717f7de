import type { CustodyEntry } from '../../custody/chain.js';
import type { BundleProblem } from './bundle-checks.js';
import type { Manifest } from '../format/manifest.js';
import { ITEMS_DIR } from '../format/layout.js';
import { WATCHES_FILE } from '../documents/watch-documents.js';

interface BundledRun {
  id: number;
  itemId: number | null;
  version: number | null;
  outcome: string;
}

interface BundledWatch {
  id: number;
  itemId: number | null;
  runs: BundledRun[];
}

/**
 * `watches.json` against the hash-chained ledger and the manifest: each version it names is an
 * item of the bundle, each change of state the ledger recorded (`watch change`) is a run of the
 * file with the same outcome and version, and each edit in the file is in the ledger. The file's
 * bytes are covered by the manifest; this catches a file rewritten before sealing, or re-sealed.
 */
export function checkWatchesFile(bytes: Buffer, custody: CustodyEntry[], manifest: Manifest): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const problem = (text: string) => problems.push({ path: WATCHES_FILE, problem: text });
  let watches: BundledWatch[];
  try {
    watches = (JSON.parse(bytes.toString('utf8')) as { watches: BundledWatch[] }).watches;
    if (!Array.isArray(watches)) throw new Error('no "watches" list');
  } catch (error) {
    return [{ path: WATCHES_FILE, problem: `unreadable: ${(error as Error).message}` }];
  }
  const items = new Set(manifest.items.map((item) => item.id));
  const changes = custody.filter((entry) => entry.action === 'watch change');
  for (const watch of watches) {
    for (const run of watch.runs ?? []) {
      if (run.itemId !== null && !items.has(run.itemId)) problem(`watch ${watch.id} run ${run.id}: version ${run.version} (item ${run.itemId}) is not in the bundle (${ITEMS_DIR}${run.itemId}.json)`);
    }
    const recorded = changes.filter((entry) => entry.details.watchId === watch.id);
    for (const entry of recorded) {
      const after = entry.details.after as { itemId?: number } | null | undefined;
      const outcome = entry.details.outcome;
      const match = watch.runs.find((run) => run.outcome === outcome && (after?.itemId === undefined ? run.itemId === null : run.itemId === after.itemId));
      if (!match) problem(`watch ${watch.id}: the change the custody ledger recorded at seq ${entry.seq} (${String(outcome)}${after?.itemId ? `, item ${after.itemId}` : ''}) is not among its runs`);
    }
    for (const run of watch.runs.filter((r) => r.outcome === 'edited')) {
      const inLedger = recorded.some((entry) => (entry.details.after as { itemId?: number } | null)?.itemId === run.itemId && entry.details.outcome === 'edited');
      if (!inLedger) problem(`watch ${watch.id} run ${run.id}: an edit (item ${run.itemId}) that the custody ledger does not record`);
    }
  }
  return problems;
}
