import type { Case } from '../domain/case.js';
import { replaceLocalTime } from '../media/local-time-replacement.js';
import type { Repositories, UnitOfWork } from '../store/repositories.js';
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

  /**
   * Changes the given fields; each change is its own `case updated` entry. A new time zone reads
   * every camera-local time of the case again in it (each item's `item time re-placed` entry names
   * the old and new UTC and keeps the camera's reading), in the same unit of work as the change.
   * Distances and the window are not stored: every screen computes them from the case as it is.
   */
  async update(caseId: number, changes: CaseChanges, operator: string): Promise<CaseUpdate> {
    return this.deps.store.withTransaction(async (tx) => {
      const result = await tx.cases.update(caseId, changes, operator);
      const zone = result.changes.some((change) => change.field === 'timezone') ? result.case.timezone : null;
      const rePlaced = zone ? await rePlaceLocalTimes(tx, caseId, zone, operator) : [];
      return { ...result, rePlaced };
    });
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

/** One item's camera-local time read again in the case's new zone. */
export interface RePlacedTime {
  itemId: number;
  /** The camera's reading, with no zone, as the file gave it. */
  localTime: string;
  fromUtc: string | null;
  toUtc: string | null;
  fromZone: string | null;
  toZone: string;
}

/** What a case update changed: its fields, and the items whose times were placed again. */
export interface CaseUpdate {
  case: Case;
  changes: CaseFieldChange[];
  rePlaced: RePlacedTime[];
}

async function rePlaceLocalTimes(tx: Repositories, caseId: number, zone: string, operator: string): Promise<RePlacedTime[]> {
  const rePlaced: RePlacedTime[] = [];
  for (const item of await tx.items.withLocalTimes(caseId)) {
    const replacement = replaceLocalTime(item.eventTime, zone);
    if (!replacement) continue;
    const from = { utc: item.eventTime?.utc ?? null, source: item.eventTime?.source ?? 'none', confidence: item.eventTime?.confidence ?? 'none' };
    const to = { utc: replacement.eventTime.utc, source: replacement.eventTime.source, confidence: replacement.eventTime.confidence };
    await tx.items.update(item.id, {
      eventTime: replacement.eventTime,
      flags: item.flags.filter((flag) => !replacement.clearedFlags.includes(flag)),
      metadata: withNotesReplaced(item.metadata, replacement.staleNotes, replacement.newNotes),
    }, operator, 'item time re-placed', {
      reason: `the case's time zone changed to ${zone}`,
      localTime: replacement.localTime,
      tag: replacement.tag,
      zone: { from: replacement.fromZone, to: zone },
      from,
      to,
    });
    rePlaced.push({ itemId: item.id, localTime: replacement.localTime, fromUtc: from.utc, toUtc: to.utc, fromZone: replacement.fromZone, toZone: zone });
  }
  return rePlaced;
}

/** The item's analysis notes with those about the old placement replaced by those about the new one. */
function withNotesReplaced(metadata: Record<string, unknown> | null, stale: (note: string) => boolean, added: string[]): Record<string, unknown> | null {
  const old = Array.isArray(metadata?.notes) ? (metadata.notes as unknown[]).filter((n): n is string => typeof n === 'string') : [];
  const notes = [...old.filter((note) => !stale(note)), ...added];
  if (!metadata && notes.length === 0) return null;
  const next: Record<string, unknown> = { ...(metadata ?? {}) };
  if (notes.length > 0) next.notes = notes;
  else delete next.notes;
  return next;
}
