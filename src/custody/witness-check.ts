import { canonicalJson } from '../util/canonical-json.js';
import type { CustodyEntry } from './chain.js';
import { changedFields } from './covered-state.js';

/** What an earlier bundle says the ledger held when it was exported. */
export interface LedgerWitness {
  /** The bundle's file name, to name it in messages. */
  name: string;
  caseUuid: string;
  exportedAt: string;
  headSeq: number;
  headHash: string;
  /** The entries the bundle carries (custody.jsonl), up to its head. */
  entries: CustodyEntry[];
  /** The SHA-256 of the bundle file itself, which the case's `export` entry should record. */
  bundleSha256: string;
}

/** A difference between the case's ledger and what a witness recorded. */
export interface WitnessProblem {
  seq: number | null;
  itemId: number | null;
  problem: string;
}

/**
 * Checks that a case's ledger still holds exactly the entries an earlier bundle recorded. The
 * recipient holds the bundle, so whoever controls the data folder cannot change it: a tail cut
 * off with the head set back, an entry rewritten and the chain re-hashed, or entries renumbered
 * all show up as entries that differ from the witness or are missing from the case.
 */
export function checkAgainstWitness(ledger: CustodyEntry[], witness: LedgerWitness): WitnessProblem[] {
  const problems: WitnessProblem[] = [];
  const from = `the bundle ${witness.name} (exported ${witness.exportedAt})`;
  if (ledger.length > 0 && ledger[0]?.caseUuid !== witness.caseUuid) {
    return [{ seq: null, itemId: null, problem: `${from} is of another case (${witness.caseUuid})` }];
  }
  const bySeq = new Map(ledger.map((entry) => [entry.seq, entry]));
  const lastSeq = ledger.reduce((max, entry) => Math.max(max, entry.seq), 0);
  if (lastSeq < witness.headSeq) {
    problems.push({ seq: lastSeq, itemId: null, problem: `the case's ledger ends at entry ${lastSeq}, but ${from} recorded it up to entry ${witness.headSeq}: its tail was cut off and its head set back after that export` });
  }
  const rehashed: number[] = [];
  let missing: number[] = [];
  const flushMissing = () => {
    if (missing.length === 0) return;
    const range = missing.length === 1 ? `entry ${missing[0]}` : `entries ${missing[0]}-${missing.at(-1)}`;
    problems.push({ seq: missing[0] ?? null, itemId: null, problem: `${range}, recorded in ${from}, ${missing.length === 1 ? 'is' : 'are'} missing from the case's ledger` });
    missing = [];
  };
  for (const recorded of witness.entries) {
    if (recorded.seq > witness.headSeq) break;
    const current = bySeq.get(recorded.seq);
    if (!current) {
      missing.push(recorded.seq);
      continue;
    }
    flushMissing();
    if (current.hash === recorded.hash) continue;
    const changed = changedEntryFields(recorded, current);
    if (changed.length === 0) rehashed.push(recorded.seq);
    else if (changed.includes('action') || changed.includes('at')) {
      problems.push({
        seq: recorded.seq, itemId: recorded.itemId,
        problem: `entry ${recorded.seq} is not the entry ${from} recorded there (${recorded.action}${recorded.itemId !== null ? `, item ${recorded.itemId}` : ''}, at ${recorded.at}): the ledger was cut back past it and written again`,
      });
    } else {
      problems.push({
        seq: recorded.seq, itemId: recorded.itemId,
        problem: `entry ${recorded.seq} (${recorded.action}${recorded.itemId !== null ? `, item ${recorded.itemId}` : ''}) differs from what ${from} recorded, in: ${changed.join(', ')}: the history was changed after that export`,
      });
    }
  }
  flushMissing();
  if (rehashed.length > 0) {
    problems.push({ seq: rehashed[0] ?? null, itemId: null,
      problem: `${rehashed.length} later entr${rehashed.length === 1 ? 'y' : 'ies'} (${rehashed.join(', ')}) carry other hashes than ${from} recorded: the chain was re-hashed after that export` });
  }
  const recordedExport = ledger.some((entry) => entry.seq > witness.headSeq && entry.action === 'export' && entry.details.bundleSha256 === witness.bundleSha256);
  if (!recordedExport) {
    problems.push({ seq: null, itemId: null, problem: `the case's ledger has no export entry for ${from} (SHA-256 ${witness.bundleSha256})` });
  }
  return problems;
}

/** The fields of an entry, other than its hashes, whose values differ. */
function changedEntryFields(recorded: CustodyEntry, current: CustodyEntry): string[] {
  const fields = ['caseUuid', 'seq', 'at', 'operator', 'tool', 'toolVersion', 'action', 'itemId', 'details'] as const;
  return fields.flatMap((field) => {
    if (canonicalJson(recorded[field]) === canonicalJson(current[field])) return [];
    const before = recorded.details.state;
    const after = current.details.state;
    if (field === 'details' && isRecord(before) && isRecord(after)) {
      const inState = changedFields(before, after).map((name) => `details.state.${name}`);
      const rest = changedFields({ ...recorded.details, state: null }, { ...current.details, state: null }).map((name) => `details.${name}`);
      return [...inState, ...rest];
    }
    return [field];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
