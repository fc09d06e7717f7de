import { watchRunState, watchState } from '../custody/covered-state.js';
import type { CustodyEvent } from '../custody/ledger.js';
import type { CustodyLedger, WatchRepository } from '../store/repositories.js';
import type { SqlExecutor } from '../store/sql.js';
import { GoldenHourError } from '../util/errors.js';
import type { Watch, WatchCaptureSettings, WatchOutcome, WatchRun } from './watch-types.js';

/** What registering a watch takes. */
export interface NewWatch {
  caseId: number;
  url: string;
  itemId: number | null;
  everySeconds: number;
  untilAt: string | null;
  settings: WatchCaptureSettings;
  nextRunAt: string;
  createdAt: string;
  createdBy: string;
}

/** What recording a run takes. */
export type NewWatchRun = Omit<WatchRun, 'id'>;

interface WatchRow {
  id: number; case_id: number; url: string; item_id: number | null; every_seconds: number; until_at: string | null; options: string;
  state: 'active' | 'stopped'; stop_reason: string | null; stopped_at: string | null; next_run_at: string; created_at: string; created_by: string;
}

interface RunRow {
  id: number; watch_id: number; due_at: string; started_at: string; finished_at: string; item_id: number | null; version: number | null;
  outcome: WatchOutcome; missed: number; verdict: string; error: string | null;
}

function toWatch(row: WatchRow): Watch {
  return {
    id: row.id, caseId: row.case_id, url: row.url, itemId: row.item_id, everySeconds: row.every_seconds, untilAt: row.until_at,
    settings: JSON.parse(row.options) as WatchCaptureSettings, state: row.state, stopReason: row.stop_reason, stoppedAt: row.stopped_at,
    nextRunAt: row.next_run_at, createdAt: row.created_at, createdBy: row.created_by,
  };
}

function toRun(row: RunRow): WatchRun {
  return {
    id: row.id, watchId: row.watch_id, dueAt: row.due_at, startedAt: row.started_at, finishedAt: row.finished_at, itemId: row.item_id,
    version: row.version, outcome: row.outcome, missed: row.missed, verdict: JSON.parse(row.verdict) as Record<string, unknown>, error: row.error,
  };
}

/** A watch's custody entry carries its covered state (`watchState`), as an item's carries `state`. */
function withWatchState(event: CustodyEvent, watch: Watch): CustodyEvent {
  return { ...event, details: { ...event.details, watchState: watchState(watch) } };
}

/** Watches and their runs in SQL (both backends; migration 0004). */
export class SqlWatchRepository implements WatchRepository {
  constructor(private readonly sql: SqlExecutor, private readonly ledger: CustodyLedger) {}

  async create(watch: NewWatch, custody: (watch: Watch) => CustodyEvent): Promise<Watch> {
    const inserted = await this.sql.get<{ id: number }>(
      `INSERT INTO watches (case_id, url, item_id, every_seconds, until_at, options, state, next_run_at, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id`,
      [watch.caseId, watch.url, watch.itemId, watch.everySeconds, watch.untilAt, JSON.stringify(watch.settings), watch.nextRunAt, watch.createdAt, watch.createdBy]);
    const created = await this.get(Number(inserted!.id));
    await this.ledger.append(withWatchState(custody(created), created));
    return created;
  }

  async get(id: number): Promise<Watch> {
    const row = await this.sql.get<WatchRow>('SELECT * FROM watches WHERE id = ?', [id]);
    if (!row) throw new GoldenHourError('not-found', `no watch with id ${id}`);
    return toWatch(row);
  }

  async list(caseId: number): Promise<Watch[]> {
    return (await this.sql.all<WatchRow>("SELECT * FROM watches WHERE case_id = ? ORDER BY state = 'stopped', id", [caseId])).map(toWatch);
  }

  async findActive(caseId: number, url: string): Promise<Watch | null> {
    const row = await this.sql.get<WatchRow>("SELECT * FROM watches WHERE case_id = ? AND url = ? AND state = 'active'", [caseId, url]);
    return row ? toWatch(row) : null;
  }

  async setFirstItem(id: number, itemId: number): Promise<Watch> {
    await this.sql.run('UPDATE watches SET item_id = ? WHERE id = ? AND item_id IS NULL', [itemId, id]);
    return this.get(id);
  }

  async claimDue(id: number, dueAt: string, provisionalNext: string): Promise<boolean> {
    const { changes } = await this.sql.run("UPDATE watches SET next_run_at = ? WHERE id = ? AND next_run_at = ? AND state = 'active'", [provisionalNext, id, dueAt]);
    return changes === 1;
  }

  async recordRun(run: NewWatchRun, nextRunAt: string, operator: string, custody: CustodyEvent[]): Promise<WatchRun> {
    if (run.itemId !== null) await this.refuseVersion(run.watchId, run.itemId);
    const row = await this.sql.get<RunRow>(
      `INSERT INTO watch_runs (watch_id, due_at, started_at, finished_at, item_id, version, outcome, missed, verdict, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [run.watchId, run.dueAt, run.startedAt, run.finishedAt, run.itemId, run.version, run.outcome, run.missed, JSON.stringify(run.verdict), run.error]);
    await this.sql.run("UPDATE watches SET next_run_at = ? WHERE id = ? AND state = 'active'", [nextRunAt, run.watchId]);
    for (const event of custody) await this.ledger.append(event);
    const recorded = toRun(row!);
    const watch = await this.get(run.watchId);
    // Every run is in the ledger with its covered state (and the watch's, which a first run changes), so verification can hold the rows to it.
    await this.ledger.append(withWatchState({
      caseId: watch.caseId, operator, action: 'watch run', itemId: recorded.itemId ?? watch.itemId,
      details: { watchId: watch.id, url: watch.url, version: recorded.version, outcome: recorded.outcome, runState: watchRunState(recorded) },
    }, watch));
    return recorded;
  }

  /** A run may name as its version only an item stored in the watch's case that no other run names. */
  private async refuseVersion(watchId: number, itemId: number): Promise<void> {
    const watch = await this.get(watchId);
    const item = await this.sql.get<{ case_id: number }>('SELECT case_id FROM items WHERE id = ?', [itemId]);
    if (!item) throw new GoldenHourError('invalid-input', `A run of watch ${watchId} cannot name item ${itemId} as its version: no such item is stored`);
    if (Number(item.case_id) !== watch.caseId) throw new GoldenHourError('invalid-input', `A run of watch ${watchId} cannot name item ${itemId} as its version: the item is in case ${item.case_id}, the watch in case ${watch.caseId}`);
    const other = await this.sql.get<{ id: number; watch_id: number }>('SELECT id, watch_id FROM watch_runs WHERE item_id = ?', [itemId]);
    if (other) throw new GoldenHourError('conflict', `A run of watch ${watchId} cannot name item ${itemId} as its version: run ${other.id} of watch ${other.watch_id} already does`);
  }

  async stop(id: number, reason: string, at: string, custody: CustodyEvent): Promise<Watch> {
    const { changes } = await this.sql.run("UPDATE watches SET state = 'stopped', stop_reason = ?, stopped_at = ? WHERE id = ? AND state = 'active'", [reason, at, id]);
    const watch = await this.get(id);
    if (changes > 0) await this.ledger.append(withWatchState(custody, watch));
    return watch;
  }

  async runs(watchId: number): Promise<WatchRun[]> {
    return (await this.sql.all<RunRow>('SELECT * FROM watch_runs WHERE watch_id = ? ORDER BY id', [watchId])).map(toRun);
  }

  async versionsByItem(caseId: number): Promise<Map<number, number[]>> {
    const rows = await this.sql.all<{ watched: number; version: number }>(
      `SELECT w.item_id AS watched, r.item_id AS version FROM watch_runs r JOIN watches w ON w.id = r.watch_id
       WHERE w.case_id = ? AND w.item_id IS NOT NULL AND r.item_id IS NOT NULL AND r.item_id != w.item_id ORDER BY r.version`, [caseId]);
    const byItem = new Map<number, number[]>();
    for (const row of rows) byItem.set(row.watched, [...(byItem.get(row.watched) ?? []), row.version]);
    return byItem;
  }
}
