import type { Item } from '../domain/item.js';
import type { UnitOfWork } from '../store/repositories.js';
import type { Vault } from '../vault/vault.js';
import { errorMessage } from '../util/errors.js';
import { verifyChain } from './chain.js';
import { caseState, changedFields, itemState } from './covered-state.js';
import type { Certificate } from 'pkijs';
import { checkAnchors } from './anchor-check.js';
import { checkComments } from './comment-check.js';
import { checkStoredColumns } from './stored-columns.js';
import { checkWatches } from './watch-check.js';
import { checkAgainstWitness, type LedgerWitness } from './witness-check.js';

/** One thing found wrong, named by item (and ledger entry or blob where that helps). */
export interface CustodyProblem {
  itemId: number | null;
  seq: number | null;
  sha256: string | null;
  /** The field or column that differs, where one does (`eventUtc`, `blob.size`...). */
  field?: string;
  problem: string;
}

export interface CustodyReport {
  ok: boolean;
  caseId: number;
  entries: number;
  items: number;
  blobs: number;
  /** Anchors in the ledger, and how many hold (token valid, every stamped hash unchanged). */
  anchors: { count: number; intact: number };
  /** The earlier bundles the ledger was checked against (`--against`). */
  witnesses: { name: string; exportedAt: string; headSeq: number; ok: boolean }[];
  problems: CustodyProblem[];
  /** What the verification could not do that does not change its verdict (its own ledger entry on a full disk). */
  notes: string[];
}

/** What else a verification checks the case against. */
export interface VerifyCaseOptions {
  /** Earlier bundles whose ledgers the case's must still contain. */
  witnesses?: BundleWitnessInput[];
  /** Roots an anchor's authority must chain to (`--tsa-ca`); none: tokens are checked on their own. */
  trustedTsaRoots?: Certificate[];
  /** Now, for entries still within the anchoring grace period. */
  now?: Date;
}

/** An earlier bundle as a witness: its ledger, and what its own verification found wrong. */
export interface BundleWitnessInput {
  witness: LedgerWitness;
  bundleProblems: string[];
}

/**
 * Verifies a case end to end: walks the ledger's hash chain (edited or deleted entries), checks
 * every covered database row against the state the ledger last recorded for it (changed rows,
 * items with no custody record, recorded items that vanished), and re-hashes every blob the
 * case holds in the vault (changed, missing or extra bytes). Watches and their runs are held to
 * the ledger the same way (`watch-check.ts`), and so are comments on items (`comment-check.ts`).
 */
export async function verifyCase(deps: { store: UnitOfWork; vault: Vault }, caseId: number, options: VerifyCaseOptions = {}): Promise<CustodyReport> {
  const problems: CustodyProblem[] = [];
  // The ledger, the head and the rows from one snapshot: a change committed meanwhile is either wholly in or wholly out.
  const { c, head, entries, itemIds, items, storedColumns, named, pushedLedgers, watches, comments } = await deps.store.read(async (tx) => {
    const found = await tx.cases.get(caseId);
    const ids = await tx.items.ids(caseId);
    const readable: Item[] = [];
    for (const id of ids) {
      try {
        readable.push(await tx.items.get(id));
      } catch (error) {
        problems.push({ itemId: id, seq: null, sha256: null, problem: `item ${id}'s database row cannot be read: ${errorMessage(error)}` });
      }
    }
    const watchRows = [];
    for (const watch of await tx.watches.list(caseId)) watchRows.push({ watch, runs: await tx.watches.runs(watch.id) });
    return {
      c: found, head: await tx.ledger.head(caseId), entries: await tx.ledger.list(caseId), itemIds: ids, items: readable,
      storedColumns: await tx.items.storedColumns(caseId), named: await tx.items.namedBlobs(), pushedLedgers: await tx.ledger.pushedLedgers(),
      watches: watchRows, comments: await tx.comments.listForCase(caseId),
    };
  });
  for (const p of verifyChain(entries, { caseUuid: c.uuid, headSeq: head.seq, headHash: head.hash })) {
    problems.push({ itemId: p.itemId, seq: p.seq, sha256: null, problem: p.problem });
  }

  // The last recorded state of the case and of each item.
  let lastCaseState: { seq: number; state: Record<string, unknown> } | null = null;
  const lastItemState = new Map<number, { seq: number; state: Record<string, unknown> }>();
  for (const entry of entries) {
    const state = entry.details.state as Record<string, unknown> | undefined;
    if (!state) continue;
    if (entry.itemId === null) lastCaseState = { seq: entry.seq, state };
    else lastItemState.set(entry.itemId, { seq: entry.seq, state });
  }
  if (!lastCaseState) problems.push({ itemId: null, seq: null, sha256: null, problem: 'the case has no "case created" custody entry' });
  else {
    const changed = changedFields(lastCaseState.state, caseState(c));
    if (changed.length > 0) {
      problems.push({ itemId: null, seq: lastCaseState.seq, sha256: null, problem: `the case row differs from its custody record (entry ${lastCaseState.seq}) in: ${changed.join(', ')}` });
    }
  }

  const present = new Set(itemIds);
  for (const [itemId, recorded] of lastItemState) {
    if (!present.has(itemId)) {
      problems.push({ itemId, seq: recorded.seq, sha256: null, problem: `item ${itemId} is in the custody ledger but missing from the database` });
    }
  }
  for (const item of items) {
    const recorded = lastItemState.get(item.id);
    if (!recorded) {
      problems.push({ itemId: item.id, seq: null, sha256: item.sha256, problem: `item ${item.id} has no custody entry: it was added outside Golden Hour` });
      continue;
    }
    const changed = changedFields(recorded.state, itemState(item));
    if (changed.length > 0) {
      problems.push({ itemId: item.id, seq: recorded.seq, sha256: item.sha256, problem: `item ${item.id}'s database row differs from its custody record (entry ${recorded.seq}) in: ${changed.join(', ')}` });
    }
  }

  for (const p of checkComments(entries, comments)) problems.push({ itemId: p.itemId, seq: p.seq, sha256: null, field: 'comment', problem: p.problem });

  for (const p of checkWatches(entries, watches)) problems.push({ itemId: p.itemId, seq: p.seq, sha256: null, field: 'watch', problem: p.problem });

  for (const p of checkStoredColumns(items, storedColumns)) problems.push({ itemId: p.itemId, seq: null, sha256: p.sha256, field: p.field, problem: p.problem });

  // Every blob the case holds, each re-hashed once, reported against every item holding it.
  const holders = new Map<string, { itemId: number; size: number; role: string }[]>();
  const hold = (sha256: string, itemId: number, size: number, role: string) => {
    const list = holders.get(sha256) ?? [];
    list.push({ itemId, size, role });
    holders.set(sha256, list);
  };
  for (const item of items) {
    hold(item.sha256, item.id, item.size, 'original');
    for (const artifact of item.artifacts) hold(artifact.sha256, item.id, artifact.size, artifact.role);
  }
  const blobs = [...holders.keys()].sort();
  await runPool(blobs, 4, async (sha256) => {
    const found = await deps.vault.rehash(sha256);
    for (const holder of holders.get(sha256) ?? []) {
      const what = holder.role === 'original' ? `item ${holder.itemId}'s content` : `item ${holder.itemId}'s ${holder.role}`;
      if (found.state === 'missing') {
        problems.push({ itemId: holder.itemId, seq: null, sha256, problem: `${what} is missing from the vault (${sha256})` });
      } else if (found.sha256 !== sha256) {
        const bytes = found.size === holder.size ? 'changed bytes' : found.size > holder.size ? `${found.size - holder.size} extra bytes` : `${holder.size - found.size} missing bytes`;
        problems.push({ itemId: holder.itemId, seq: null, sha256, problem: `${what} in the vault no longer matches its SHA-256 (${bytes}; now ${found.sha256})` });
      }
    }
  });

  // A local case's ledger kept by a push (into this case or another on the same server) is named by its 'push received' entry.
  for (const sha256 of pushedLedgers) named.add(sha256);
  // Files in the vault that nothing names (in any case): planted, or left by a tool other than this one.
  for await (const file of deps.vault.listStored()) {
    if (file.sha256 === null || !named.has(file.sha256)) {
      problems.push({ itemId: null, seq: null, sha256: file.sha256, field: 'vault', problem: `the vault holds ${file.path}, which no item or artifact names (planted, or left by an interrupted import)` });
    }
  }

  const anchorCheck = await checkAnchors(entries, options.trustedTsaRoots ?? [], options.now ?? new Date());
  for (const p of anchorCheck.problems) problems.push({ itemId: p.itemId, seq: p.seq, sha256: null, field: 'anchor', problem: p.problem });

  const witnesses: CustodyReport['witnesses'] = [];
  for (const { witness, bundleProblems } of options.witnesses ?? []) {
    const found = checkAgainstWitness(entries, witness);
    for (const p of found) problems.push({ itemId: p.itemId, seq: p.seq, sha256: null, field: 'ledger', problem: p.problem });
    for (const p of bundleProblems) problems.push({ itemId: null, seq: null, sha256: null, field: 'witness', problem: `the bundle ${witness.name} itself fails verification: ${p}` });
    witnesses.push({ name: witness.name, exportedAt: witness.exportedAt, headSeq: witness.headSeq, ok: found.length === 0 && bundleProblems.length === 0 });
  }

  problems.sort((a, b) => (a.itemId ?? 0) - (b.itemId ?? 0) || (a.seq ?? 0) - (b.seq ?? 0));
  return { ok: problems.length === 0, caseId, entries: entries.length, items: items.length, blobs: blobs.length,
    anchors: { count: anchorCheck.anchors, intact: anchorCheck.intact }, witnesses, problems, notes: [] };
}

async function runPool<T>(values: T[], size: number, work: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const value = values[next++] as T;
      await work(value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, values.length) }, worker));
}
