import type { CaseDatabase } from '../db/database.js';
import { isoUtc, type Clock } from '../util/clock.js';

export type QueueState = 'queued' | 'running' | 'captured' | 'failed';

/** One URL asked for in a case, and how far it got. */
export interface QueueEntry {
  id: number;
  caseId: number;
  url: string;
  state: QueueState;
  attempts: number;
  itemId: number | null;
  error: string | null;
  operator: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface QueueRow {
  id: number;
  case_id: number;
  url: string;
  state: QueueState;
  attempts: number;
  item_id: number | null;
  error: string | null;
  operator: string;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toEntry(row: QueueRow): QueueEntry {
  return {
    id: row.id, caseId: row.case_id, url: row.url, state: row.state, attempts: row.attempts, itemId: row.item_id, error: row.error,
    operator: row.operator, requestedAt: row.requested_at, startedAt: row.started_at, finishedAt: row.finished_at,
  };
}

/**
 * The capture queue, in the case database: a URL is queued once per case and ends `captured`
 * (with its item) or `failed` (with a reason). A run that dies leaves rows `running`; the next
 * run puts them back in the queue, so nothing is lost and nothing is captured twice.
 */
export class CaptureQueue {
  constructor(private readonly db: CaseDatabase, private readonly clock: Clock) {}

  /**
   * Queues URLs for a case. A URL already queued or running stays as it is; one already
   * captured is reported, not captured again; one that failed is queued again.
   */
  enqueue(caseId: number, urls: string[], operator: string): { queued: QueueEntry[]; alreadyCaptured: QueueEntry[] } {
    return this.db.transaction(() => {
      const queued: QueueEntry[] = [];
      const alreadyCaptured: QueueEntry[] = [];
      for (const url of urls) {
        const existing = this.db.prepare('SELECT * FROM capture_queue WHERE case_id = ? AND url = ? ORDER BY id DESC LIMIT 1').get(caseId, url) as QueueRow | undefined;
        if (existing?.state === 'captured') alreadyCaptured.push(toEntry(existing));
        else if (existing?.state === 'failed') queued.push(this.requeue(existing.id));
        else if (existing) queued.push(toEntry(existing));
        else {
          const result = this.db
            .prepare("INSERT INTO capture_queue (case_id, url, state, operator, requested_at) VALUES (?, ?, 'queued', ?, ?)")
            .run(caseId, url, operator, isoUtc(this.clock.now()));
          queued.push(this.get(Number(result.lastInsertRowid)));
        }
      }
      return { queued, alreadyCaptured };
    }).immediate();
  }

  /** Puts a failed (or interrupted) entry back in the queue. */
  requeue(id: number): QueueEntry {
    this.db.prepare("UPDATE capture_queue SET state = 'queued', error = NULL, started_at = NULL, finished_at = NULL WHERE id = ? AND state != 'captured'").run(id);
    return this.get(id);
  }

  /** Entries a previous run left `running` (it was killed): back to `queued`. Returns how many. */
  recoverInterrupted(caseId: number): number {
    return this.db.prepare("UPDATE capture_queue SET state = 'queued', started_at = NULL WHERE case_id = ? AND state = 'running'").run(caseId).changes;
  }

  /** Takes the oldest queued entry of a case, marking it running; null when none is left. */
  claimNext(caseId: number): QueueEntry | null {
    const row = this.db
      .prepare(
        `UPDATE capture_queue SET state = 'running', attempts = attempts + 1, started_at = ?
         WHERE id = (SELECT id FROM capture_queue WHERE case_id = ? AND state = 'queued' ORDER BY id LIMIT 1) RETURNING *`,
      )
      .get(isoUtc(this.clock.now()), caseId) as QueueRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** Takes one queued entry by id, marking it running; null when it is not (or no longer) queued. */
  claim(id: number): QueueEntry | null {
    const row = this.db
      .prepare("UPDATE capture_queue SET state = 'running', attempts = attempts + 1, started_at = ? WHERE id = ? AND state = 'queued' RETURNING *")
      .get(isoUtc(this.clock.now()), id) as QueueRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** Counts another attempt at a running entry (a retry within the same run). */
  countAttempt(id: number): void {
    this.db.prepare('UPDATE capture_queue SET attempts = attempts + 1 WHERE id = ?').run(id);
  }

  /** Marks an entry captured by an item. Call inside the transaction that records the item. */
  markCaptured(id: number, itemId: number): void {
    this.db.prepare("UPDATE capture_queue SET state = 'captured', item_id = ?, error = NULL, finished_at = ? WHERE id = ?").run(itemId, isoUtc(this.clock.now()), id);
  }

  markFailed(id: number, error: string): QueueEntry {
    this.db.prepare("UPDATE capture_queue SET state = 'failed', error = ?, finished_at = ? WHERE id = ?").run(error, isoUtc(this.clock.now()), id);
    return this.get(id);
  }

  get(id: number): QueueEntry {
    const row = this.db.prepare('SELECT * FROM capture_queue WHERE id = ?').get(id) as QueueRow | undefined;
    if (!row) throw new Error(`no capture queue entry ${id}`);
    return toEntry(row);
  }

  /** A case's queue, oldest first. */
  list(caseId: number, state?: QueueState): QueueEntry[] {
    const rows = state
      ? this.db.prepare('SELECT * FROM capture_queue WHERE case_id = ? AND state = ? ORDER BY id').all(caseId, state)
      : this.db.prepare('SELECT * FROM capture_queue WHERE case_id = ? ORDER BY id').all(caseId);
    return (rows as QueueRow[]).map(toEntry);
  }
}
