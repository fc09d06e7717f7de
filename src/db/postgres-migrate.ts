import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { GoldenHourError } from '../util/errors.js';
import { loadMigrations, type Migration } from './database.js';

const postgresMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'postgres-migrations');

/** PostgreSQL's migrations (`postgres-migrations/`, the twins of SQLite's), numbered 1, 2, 3... */
export function loadPostgresMigrations(): Migration[] {
  return loadMigrations(postgresMigrationsDir);
}

// One number for every Golden Hour process migrating this database: they take turns.
const MIGRATION_LOCK = 0x60_1d_e7_00;

/**
 * Applies pending migrations, each in its own transaction that also moves the version kept in
 * `goldenhour_schema`; processes starting at once take turns (an advisory lock). A database
 * whose version is newer than this build knows is refused, not opened.
 */
export async function migratePostgres(pool: pg.Pool, migrations: Migration[] = loadPostgresMigrations()): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS goldenhour_schema (version INTEGER NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM goldenhour_schema');
    const current = found.rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new GoldenHourError('conflict',
        `the case database is version ${current}, newer than this Golden Hour understands (version ${migrations.length}); ` +
        'use the newer Golden Hour that wrote it, or update this installation');
    }
    if (found.rows.length === 0) await client.query('INSERT INTO goldenhour_schema (version) VALUES (0)');
    for (const migration of migrations.slice(current)) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('UPDATE goldenhour_schema SET version = $1', [migration.version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** The schema version of a PostgreSQL case database (0 before the first migration). */
export async function postgresSchemaVersion(pool: pg.Pool): Promise<number> {
  const found = await pool.query<{ version: number }>("SELECT version FROM goldenhour_schema WHERE to_regclass('goldenhour_schema') IS NOT NULL");
  return found.rows[0]?.version ?? 0;
}
