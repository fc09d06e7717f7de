import type { CaptureJobRepository } from '../store/repositories.js';
import type { SqlExecutor } from '../store/sql.js';
import { GoldenHourError } from '../util/errors.js';
import { followedFromOf, type FollowedFrom } from './capture-queue.js';

/** A capture worker of a team server (never its token). */
export interface CaptureWorker {
  id: number;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
}

/** What a worker is told when it takes a job: one queue entry, its settings and its lease. */
export interface ClaimedJob {
  queueId: number;
  caseId: number;
  url: string;
  /** The run settings the URL was queued with (proxy, limits, private addresses). */
  settings: Record<string, unknown>;
  /** Who queued the URL: the capture is recorded under their name. */
  queuedBy: string;
  /** Which lease this is: only its holder may renew it, upload for it or end it. */
  leaseId: string;
  leaseExpiresAt: string;
  /** How many leases the job has had (more than one: a worker before lost it). */
  leases: number;
  /** Set when the URL is a post queued from a captured profile's list: its capture record says so. */
  followedFrom: FollowedFrom | null;
}

interface WorkerRow { id: number; name: string; created_at: string; last_seen_at: string | null }
interface JobRow {
  queue_id: number; case_id: number; url: string; settings: string; queued_by: string; lease_id: string | null;
  lease_expires_at: string | null; leases: number; state: string; worker_id: number | null; options: string | null;
}

const worker = (row: WorkerRow): CaptureWorker => ({ id: Number(row.id), name: row.name, createdAt: row.created_at, lastSeenAt: row.last_seen_at });

const JOB_COLUMNS = 'q.id AS queue_id, q.case_id, q.url, q.state, j.settings, j.queued_by, j.lease_id, j.lease_expires_at, j.leases, j.worker_id, q.options';

/**
 * Capture workers, their jobs and per-host spacing in SQL (both backends). A job is a capture
 * queue entry with a lease: it can be claimed while `queued`, or while `running` under a lease
 * that has run out (its worker stopped renewing it); a claim passes over rows another
 * connection is claiming (PostgreSQL's SKIP LOCKED), so two workers never take one job.
 */
export class SqlCaptureJobRepository implements CaptureJobRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async addWorker(name: string, tokenSha256: string, at: string): Promise<CaptureWorker> {
    const taken = await this.sql.get<{ id: number }>('SELECT id FROM workers WHERE name = ?', [name]);
    if (taken) throw new GoldenHourError('conflict', `There is already a worker named ${JSON.stringify(name)}`);
    const row = await this.sql.get<WorkerRow>('INSERT INTO workers (name, token_sha256, created_at) VALUES (?, ?, ?) RETURNING id, name, created_at, last_seen_at', [name, tokenSha256, at]);
    return worker(row!);
  }

  async workers(): Promise<CaptureWorker[]> {
    return (await this.sql.all<WorkerRow>('SELECT id, name, created_at, last_seen_at FROM workers ORDER BY name')).map(worker);
  }

  async workerByToken(tokenSha256: string): Promise<CaptureWorker | null> {
    const row = await this.sql.get<WorkerRow>('SELECT id, name, created_at, last_seen_at FROM workers WHERE token_sha256 = ?', [tokenSha256]);
    return row ? worker(row) : null;
  }

  async touchWorker(workerId: number, at: string): Promise<void> {
    await this.sql.run('UPDATE workers SET last_seen_at = ? WHERE id = ?', [at, workerId]);
  }

  async workersSeenSince(since: string): Promise<number> {
    const row = await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM workers WHERE last_seen_at >= ?', [since]);
    return Number(row?.n ?? 0);
  }

  async addJob(queueId: number, settings: Record<string, unknown>, queuedBy: string): Promise<void> {
    const entry = await this.sql.get<{ state: string }>(`SELECT state FROM capture_queue WHERE id = ?${this.sql.dialect.lockRow}`, [queueId]);
    if (!entry) throw new GoldenHourError('not-found', `No capture queue entry ${queueId}`);
    // A job a worker holds keeps its settings; a waiting or ended one takes the new ones.
    if (entry.state === 'running' && await this.sql.get('SELECT queue_id FROM capture_jobs WHERE queue_id = ?', [queueId])) return;
    const text = JSON.stringify(settings);
    const changed = await this.sql.run('UPDATE capture_jobs SET settings = ?, queued_by = ?, worker_id = NULL, lease_id = NULL, lease_expires_at = NULL, leases = 0 WHERE queue_id = ?', [text, queuedBy, queueId]);
    if (changed.changes === 0) await this.sql.run('INSERT INTO capture_jobs (queue_id, settings, queued_by) VALUES (?, ?, ?)', [queueId, text, queuedBy]);
  }

  async claim(workerId: number, leaseId: string, now: string, leaseExpiresAt: string, maxLeases: number): Promise<ClaimedJob | { lost: ClaimedJob } | null> {
    // ISO UTC strings of one fixed form compare in time order as text, on both backends.
    const row = await this.sql.get<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM capture_queue q JOIN capture_jobs j ON j.queue_id = q.id
        WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = q.case_id AND c.closed_at IS NOT NULL) AND (q.state = 'queued' OR (q.state = 'running' AND j.lease_expires_at < ?))
        ORDER BY q.id LIMIT 1${this.sql.dialect.claimRow}`, [now]);
    if (!row) return null;
    if (Number(row.leases) >= maxLeases) return { lost: toJob(row) };
    await this.sql.run("UPDATE capture_queue SET state = 'running', attempts = attempts + 1, started_at = ?, error = NULL WHERE id = ?", [now, row.queue_id]);
    await this.sql.run('UPDATE capture_jobs SET worker_id = ?, lease_id = ?, lease_expires_at = ?, leases = leases + 1 WHERE queue_id = ?', [workerId, leaseId, leaseExpiresAt, row.queue_id]);
    return { ...toJob(row), leaseId, leaseExpiresAt, leases: Number(row.leases) + 1 };
  }

  async heldJob(queueId: number, leaseId: string): Promise<ClaimedJob | null> {
    const row = await this.sql.get<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM capture_queue q JOIN capture_jobs j ON j.queue_id = q.id WHERE q.id = ?${this.sql.dialect.lockRow}`, [queueId]);
    // Still this lease's: no other worker has claimed the job since (a late renewal is fine then).
    return row && row.state === 'running' && row.lease_id === leaseId ? toJob(row) : null;
  }

  async renewLease(queueId: number, leaseId: string, leaseExpiresAt: string): Promise<boolean> {
    const changed = await this.sql.run(
      "UPDATE capture_jobs SET lease_expires_at = ? WHERE queue_id = ? AND lease_id = ? AND EXISTS (SELECT 1 FROM capture_queue q WHERE q.id = capture_jobs.queue_id AND q.state = 'running')",
      [leaseExpiresAt, queueId, leaseId]);
    return changed.changes === 1;
  }

  async endJob(queueId: number): Promise<void> {
    await this.sql.run("UPDATE capture_jobs SET settings = '{}', lease_id = NULL, lease_expires_at = NULL WHERE queue_id = ?", [queueId]);
  }

  async reserveHostSlot(host: string, nowMs: number, intervalMs: number): Promise<number> {
    await this.sql.run('INSERT INTO host_slots (host, next_at_ms) VALUES (?, ?) ON CONFLICT (host) DO NOTHING', [host, nowMs]);
    const row = await this.sql.get<{ next_at_ms: number }>(`SELECT next_at_ms FROM host_slots WHERE host = ?${this.sql.dialect.lockRow}`, [host]);
    const slot = Math.max(nowMs, Number(row!.next_at_ms));
    await this.sql.run('UPDATE host_slots SET next_at_ms = ? WHERE host = ?', [slot + intervalMs, host]);
    return slot;
  }
}

function toJob(row: JobRow): ClaimedJob {
  return {
    queueId: Number(row.queue_id), caseId: Number(row.case_id), url: row.url, settings: JSON.parse(row.settings) as Record<string, unknown>,
    queuedBy: row.queued_by, leaseId: row.lease_id ?? '', leaseExpiresAt: row.lease_expires_at ?? '', leases: Number(row.leases),
    followedFrom: followedFromOf(row.options),
  };
}
