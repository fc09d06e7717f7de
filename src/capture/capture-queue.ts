import { refuseIfClosed } from '../cases/closed-case.js';
import type { CaptureQueueRepository } from '../store/repositories.js';
import type { SqlExecutor } from '../store/sql.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { GoldenHourError } from '../util/errors.js';

export type QueueState = 'queued' | 'running' | 'captured' | 'failed';

/** A post queued from a profile page's list of recent posts: that page's item and address. */
export interface FollowedFrom {
  itemId: number;
  url: string;
}

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
  /** Set when the URL was queued as one of a captured profile's recent posts (`--follow-posts`). */
  followedFrom: FollowedFrom | null;
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
  /** JSON: `{ followedFrom? }` (the column was there, unused, since the queue began). */
  options: string;
}

function toEntry(row: QueueRow): QueueEntry {
  return {
    id: row.id, caseId: row.case_id, url: row.url, state: row.state, attempts: row.attempts, itemId: row.item_id, error: row.error,
    operator: row.operator, requestedAt: row.requested_at, startedAt: row.started_at, finishedAt: row.finished_at,
    followedFrom: followedFromOf(row.options),
  };
}

/** The `followedFrom` a queue row's options keep, if any. */
export function followedFromOf(options: string | null | undefined): FollowedFrom | null {
  if (!options) return null;
  const parsed = JSON.parse(options) as { followedFrom?: FollowedFrom };
  return parsed.followedFrom ?? null;
}

/**
 * The capture queue in SQL (both backends): a URL is queued once per case and ends `captured`
 * (with its item) or `failed` (with a reason). A run that dies leaves rows `running`; the next
 * run puts them back in the queue, so nothing is lost and nothing is captured twice. A claim
 * passes over rows another connection is claiming (PostgreSQL's SKIP LOCKED), so claimants on
 * many machines never take one row twice.
 */
export class SqlCaptureQueue implements CaptureQueueRepository {
  constructor(private readonly sql: SqlExecutor, private readonly clock: Clock) {}

  /**
   * `followedFrom` is kept with the rows this call adds; a URL already in the queue keeps how it
   * was first asked for (it is not queued twice).
   */
  async enqueue(caseId: number, urls: string[], operator: string, followedFrom?: FollowedFrom): Promise<{ queued: QueueEntry[]; alreadyCaptured: QueueEntry[] }> {
    await refuseIfClosed(this.sql, caseId);
    const queued: QueueEntry[] = [];
    const alreadyCaptured: QueueEntry[] = [];
    for (const url of urls) {
      const existing = await this.sql.get<QueueRow>(
        `SELECT * FROM capture_queue WHERE case_id = ? AND url = ? ORDER BY id DESC LIMIT 1${this.sql.dialect.lockRow}`, [caseId, url]);
      if (existing?.state === 'captured') alreadyCaptured.push(toEntry(existing));
      else if (existing?.state === 'failed') queued.push(await this.requeue(existing.id));
      else if (existing) queued.push(toEntry(existing));
      else {
        const row = await this.sql.get<QueueRow>(
          "INSERT INTO capture_queue (case_id, url, state, operator, requested_at, options) VALUES (?, ?, 'queued', ?, ?, ?) RETURNING *",
          [caseId, url, operator, isoUtc(this.clock.now()), JSON.stringify(followedFrom ? { followedFrom } : {})]);
        queued.push(toEntry(row!));
      }
    }
    return { queued, alreadyCaptured };
  }

  async requeue(id: number): Promise<QueueEntry> {
    await this.sql.run("UPDATE capture_queue SET state = 'queued', error = NULL, started_at = NULL, finished_at = NULL WHERE id = ? AND state != 'captured'", [id]);
    return this.get(id);
  }

  async recoverInterrupted(caseId: number): Promise<number> {
    return (await this.sql.run("UPDATE capture_queue SET state = 'queued', started_at = NULL WHERE case_id = ? AND state = 'running'", [caseId])).changes;
  }

  async claimNext(caseId: number): Promise<QueueEntry | null> {
    const row = await this.sql.get<QueueRow>(
      `UPDATE capture_queue SET state = 'running', attempts = attempts + 1, started_at = ?
       WHERE id = (SELECT id FROM capture_queue WHERE case_id = ? AND state = 'queued' ORDER BY id LIMIT 1${this.sql.dialect.claimRow}) RETURNING *`,
      [isoUtc(this.clock.now()), caseId]);
    return row ? toEntry(row) : null;
  }

  async claim(id: number): Promise<QueueEntry | null> {
    const row = await this.sql.get<QueueRow>(
      "UPDATE capture_queue SET state = 'running', attempts = attempts + 1, started_at = ? WHERE id = ? AND state = 'queued' RETURNING *",
      [isoUtc(this.clock.now()), id]);
    return row ? toEntry(row) : null;
  }

  async countAttempt(id: number): Promise<void> {
    await this.sql.run('UPDATE capture_queue SET attempts = attempts + 1 WHERE id = ?', [id]);
  }

  async markCaptured(id: number, itemId: number): Promise<void> {
    await this.sql.run("UPDATE capture_queue SET state = 'captured', item_id = ?, error = NULL, finished_at = ? WHERE id = ?", [itemId, isoUtc(this.clock.now()), id]);
  }

  async markFailed(id: number, error: string): Promise<QueueEntry> {
    await this.sql.run("UPDATE capture_queue SET state = 'failed', error = ?, finished_at = ? WHERE id = ?", [error, isoUtc(this.clock.now()), id]);
    return this.get(id);
  }

  async get(id: number): Promise<QueueEntry> {
    const row = await this.sql.get<QueueRow>('SELECT * FROM capture_queue WHERE id = ?', [id]);
    if (!row) throw new GoldenHourError('not-found', `No capture queue entry ${id}`);
    return toEntry(row);
  }

  async list(caseId: number, state?: QueueState): Promise<QueueEntry[]> {
    const rows = state
      ? await this.sql.all<QueueRow>('SELECT * FROM capture_queue WHERE case_id = ? AND state = ? ORDER BY id', [caseId, state])
      : await this.sql.all<QueueRow>('SELECT * FROM capture_queue WHERE case_id = ? ORDER BY id', [caseId]);
    return rows.map(toEntry);
  }
}
