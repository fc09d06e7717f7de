import type { CaseDatabase } from '../db/database.js';
import type { CustodyEvent, CustodyLedger } from '../custody/ledger.js';
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

/**
 * Watches and their runs. Async from the start (the persistence seam puts every repository
 * behind async interfaces); each change is written with its custody entries atomically.
 */
export interface WatchRepository {
  /** Registers a watch and records `custody` (the schedule) with it. */
  create(watch: NewWatch, custody: (watch: Watch) => CustodyEvent): Promise<Watch>;
  get(id: number): Promise<Watch>;
  /** A case's watches (active first, then stopped), oldest first within each. */
  list(caseId: number): Promise<Watch[]>;
  /** The active watch of an address in a case, if any. */
  findActive(caseId: number, url: string): Promise<Watch | null>;
  /** Sets the first capture of a watch that had none. */
  setFirstItem(id: number, itemId: number): Promise<Watch>;
  /**
   * Takes a due run: moves the next run time from `dueAt` to `provisionalNext` only if no one
   * else did (another process running the same case's watches). False when already taken.
   */
  claimDue(id: number, dueAt: string, provisionalNext: string): Promise<boolean>;
  /** Records a run, moves the watch's next run time, and appends the custody entries, atomically. */
  recordRun(run: NewWatchRun, nextRunAt: string, custody: CustodyEvent[]): Promise<WatchRun>;
  /** Stops an active watch and records why (custody), atomically; a stopped watch is left as it is. */
  stop(id: number, reason: string, at: string, custody: CustodyEvent): Promise<Watch>;
  /** A watch's runs, oldest first. */
  runs(watchId: number): Promise<WatchRun[]>;
  /** Every watch's versions' item ids of a case (for bundles): watched item id to version item ids, in order. */
  versionsByItem(caseId: number): Promise<Map<number, number[]>>;
}

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

/** The SQLite watch repository (migration 0004). */
export class SqliteWatchRepository implements WatchRepository {
  constructor(private readonly db: CaseDatabase, private readonly ledger: CustodyLedger) {}

  async create(watch: NewWatch, custody: (watch: Watch) => CustodyEvent): Promise<Watch> {
    return this.db.transaction(() => {
      const result = this.db.prepare(
        `INSERT INTO watches (case_id, url, item_id, every_seconds, until_at, options, state, next_run_at, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
      ).run(watch.caseId, watch.url, watch.itemId, watch.everySeconds, watch.untilAt, JSON.stringify(watch.settings), watch.nextRunAt, watch.createdAt, watch.createdBy);
      const created = this.getSync(Number(result.lastInsertRowid));
      this.ledger.append(custody(created));
      return created;
    }).immediate();
  }

  async get(id: number): Promise<Watch> {
    return this.getSync(id);
  }

  private getSync(id: number): Watch {
    const row = this.db.prepare('SELECT * FROM watches WHERE id = ?').get(id) as WatchRow | undefined;
    if (!row) throw new GoldenHourError('not-found', `no watch with id ${id}`);
    return toWatch(row);
  }

  async list(caseId: number): Promise<Watch[]> {
    const rows = this.db.prepare("SELECT * FROM watches WHERE case_id = ? ORDER BY state = 'stopped', id").all(caseId) as WatchRow[];
    return rows.map(toWatch);
  }

  async findActive(caseId: number, url: string): Promise<Watch | null> {
    const row = this.db.prepare("SELECT * FROM watches WHERE case_id = ? AND url = ? AND state = 'active'").get(caseId, url) as WatchRow | undefined;
    return row ? toWatch(row) : null;
  }

  async setFirstItem(id: number, itemId: number): Promise<Watch> {
    this.db.prepare('UPDATE watches SET item_id = ? WHERE id = ? AND item_id IS NULL').run(itemId, id);
    return this.getSync(id);
  }

  async claimDue(id: number, dueAt: string, provisionalNext: string): Promise<boolean> {
    return this.db.prepare("UPDATE watches SET next_run_at = ? WHERE id = ? AND next_run_at = ? AND state = 'active'").run(provisionalNext, id, dueAt).changes === 1;
  }

  async recordRun(run: NewWatchRun, nextRunAt: string, custody: CustodyEvent[]): Promise<WatchRun> {
    return this.db.transaction(() => {
      const result = this.db.prepare(
        `INSERT INTO watch_runs (watch_id, due_at, started_at, finished_at, item_id, version, outcome, missed, verdict, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(run.watchId, run.dueAt, run.startedAt, run.finishedAt, run.itemId, run.version, run.outcome, run.missed, JSON.stringify(run.verdict), run.error);
      this.db.prepare("UPDATE watches SET next_run_at = ? WHERE id = ? AND state = 'active'").run(nextRunAt, run.watchId);
      for (const event of custody) this.ledger.append(event);
      return toRun(this.db.prepare('SELECT * FROM watch_runs WHERE id = ?').get(Number(result.lastInsertRowid)) as RunRow);
    }).immediate();
  }

  async stop(id: number, reason: string, at: string, custody: CustodyEvent): Promise<Watch> {
    return this.db.transaction(() => {
      const changed = this.db.prepare("UPDATE watches SET state = 'stopped', stop_reason = ?, stopped_at = ? WHERE id = ? AND state = 'active'").run(reason, at, id).changes;
      if (changed > 0) this.ledger.append(custody);
      return this.getSync(id);
    }).immediate();
  }

  async runs(watchId: number): Promise<WatchRun[]> {
    return (this.db.prepare('SELECT * FROM watch_runs WHERE watch_id = ? ORDER BY id').all(watchId) as RunRow[]).map(toRun);
  }

  async versionsByItem(caseId: number): Promise<Map<number, number[]>> {
    const rows = this.db.prepare(
      `SELECT w.item_id AS watched, r.item_id AS version FROM watch_runs r JOIN watches w ON w.id = r.watch_id
       WHERE w.case_id = ? AND w.item_id IS NOT NULL AND r.item_id IS NOT NULL AND r.item_id != w.item_id ORDER BY r.version`,
    ).all(caseId) as { watched: number; version: number }[];
    const byItem = new Map<number, number[]>();
    for (const row of rows) byItem.set(row.watched, [...(byItem.get(row.watched) ?? []), row.version]);
    return byItem;
  }
}
