import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { loadMigrations, openDatabase, schemaVersion } from '../../../src/db/database.js';
import { loadPostgresMigrations, migratePostgres, postgresSchemaVersion } from '../../../src/db/postgres-migrate.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const temp = makeTempDir();
let server: Promise<TestPostgres> | null = null;
afterAll(async () => {
  temp.remove();
  if (server) await (await server).stop();
});

const CASE = `INSERT INTO cases (id, uuid, title, window_before_min, window_after_min, created_at, created_by, ledger_head)
              VALUES (1, 'u-1', 'queued', 60, 60, '2026-11-21T00:00:00.000Z', 'tester', 'genesis')`;
const ENTRY = `INSERT INTO capture_queue (case_id, url, state, operator, requested_at) VALUES (1, 'https://example.org/a', 'queued', 'tester', '2026-11-21T00:00:00.000Z')`;

it('migration 0008 adds workers, jobs and host slots on SQLite and leaves the capture queue as it was', () => {
  const all = loadMigrations();
  const file = join(temp.path, 'goldenhour.sqlite');
  const v7 = openDatabase(file, all.slice(0, 7));
  v7.prepare(CASE).run();
  v7.prepare(ENTRY).run();
  const before = v7.prepare('SELECT * FROM capture_queue').all();
  v7.close();
  const db = openDatabase(file, all.slice(0, 8));
  try {
    expect(schemaVersion(db)).toBe(8);
    expect(db.prepare('SELECT * FROM capture_queue').all()).toEqual(before);
    for (const table of ['workers', 'capture_jobs', 'host_slots']) expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    // A job names a queue entry that exists.
    expect(() => db.prepare("INSERT INTO capture_jobs (queue_id, settings, queued_by) VALUES (99, '{}', 'x')").run()).toThrow(/FOREIGN KEY/);
  } finally {
    db.close();
  }
});

it('migration 0008 does the same on PostgreSQL', async () => {
  server ??= startTestPostgres();
  const pool = new pg.Pool({ connectionString: await (await server).createDatabase() });
  try {
    await migratePostgres(pool, loadPostgresMigrations().slice(0, 7));
    await pool.query(CASE);
    await pool.query(ENTRY);
    const before = (await pool.query('SELECT * FROM capture_queue')).rows;
    await migratePostgres(pool, loadPostgresMigrations().slice(0, 8));
    expect(await postgresSchemaVersion(pool)).toBe(8);
    expect((await pool.query('SELECT * FROM capture_queue')).rows).toEqual(before);
    for (const table of ['workers', 'capture_jobs', 'host_slots']) expect((await pool.query(`SELECT COUNT(*)::int AS n FROM ${table}`)).rows).toEqual([{ n: 0 }]);
    await expect(pool.query("INSERT INTO capture_jobs (queue_id, settings, queued_by) VALUES (99, '{}', 'x')")).rejects.toThrow(/foreign key/);
  } finally {
    await pool.end();
  }
}, 120_000);
