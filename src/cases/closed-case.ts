import type { Case } from '../domain/case.js';
import type { SqlExecutor } from '../store/sql.js';
import { GoldenHourError } from '../util/errors.js';

/** What a closed case's refusal names: the case, since when and by whom it is closed. */
export interface ClosedCaseFacts {
  caseId: number;
  title: string;
  closedAt: string;
  closedBy: string | null;
}

/** The error every change to a closed case gets, from whichever door or service it comes. */
export function closedCaseError(facts: ClosedCaseFacts): GoldenHourError {
  const by = facts.closedBy ? `, by ${facts.closedBy}` : '';
  return new GoldenHourError('conflict',
    `Case ${facts.caseId} (${JSON.stringify(facts.title)}) is closed (since ${facts.closedAt}${by}): it is read-only until it is reopened`);
}

/**
 * Refuses work on a closed case, for repositories whose writes are not ledgered (the capture
 * queue). Ledgered writes are refused by the ledger itself. An unknown case is left to the caller.
 */
export async function refuseIfClosed(sql: SqlExecutor, caseId: number): Promise<void> {
  const row = await sql.get<{ title: string; closed_at: string | null; closed_by: string | null }>(
    'SELECT title, closed_at, closed_by FROM cases WHERE id = ?', [caseId]);
  if (row && row.closed_at !== null) throw closedCaseError({ caseId, title: row.title, closedAt: row.closed_at, closedBy: row.closed_by });
}

/**
 * Refuses work on a closed case before any file is read into the vault: the ledger would refuse
 * the item anyway, but only after its blobs were stored, leaving files no item names (which
 * `custody --verify` rightly reports as planted).
 */
export function refuseClosedCase(c: Pick<Case, 'id' | 'title' | 'closed'>): void {
  if (c.closed) throw closedCaseError({ caseId: c.id, title: c.title, closedAt: c.closed.at, closedBy: c.closed.by });
}
