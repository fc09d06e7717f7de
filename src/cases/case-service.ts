import type { Case } from '../domain/case.js';
import type { UnitOfWork } from '../store/repositories.js';
import { isoUtc, type Clock } from '../util/clock.js';
import type { Watch } from '../watch/watch-types.js';
import type { CaseChanges, CaseFieldChange } from './case-repository.js';

/** Why a watch stopped when its case was closed (the watch's stop reason and ledger entry). */
export const CASE_CLOSED_STOP_REASON = 'case closed';

/**
 * Changing, closing and reopening cases: each a single unit of work, so a case is never left half
 * changed, and closing a case stops its watches in the same unit as the close itself.
 */
export class CaseService {
  constructor(private readonly deps: { store: UnitOfWork; clock: Clock }) {}

  /** Changes the given fields; each change is its own `case updated` entry. */
  async update(caseId: number, changes: CaseChanges, operator: string): Promise<{ case: Case; changes: CaseFieldChange[] }> {
    return this.deps.store.withTransaction((tx) => tx.cases.update(caseId, changes, operator));
  }

  /**
   * Closes a case: its active watches are stopped first (each `watch stopped`, reason `case closed`),
   * then the case is closed (`case closed`). Reopening does not restart them.
   */
  async close(caseId: number, reason: string, operator: string): Promise<{ case: Case; stoppedWatches: Watch[] }> {
    return this.deps.store.withTransaction(async (tx) => {
      const at = isoUtc(this.deps.clock.now());
      const active = (await tx.watches.list(caseId)).filter((watch) => watch.state === 'active');
      const stoppedWatches: Watch[] = [];
      for (const watch of active) {
        stoppedWatches.push(await tx.watches.stop(watch.id, CASE_CLOSED_STOP_REASON, at, {
          caseId, operator, action: 'watch stopped', itemId: watch.itemId, details: { watchId: watch.id, url: watch.url, reason: CASE_CLOSED_STOP_REASON },
        }));
      }
      return { case: await tx.cases.close(caseId, reason, operator), stoppedWatches };
    });
  }

  /** Reopens a closed case; watches stopped by the close stay stopped. */
  async reopen(caseId: number, reason: string, operator: string): Promise<Case> {
    return this.deps.store.withTransaction((tx) => tx.cases.reopen(caseId, reason, operator));
  }
}
