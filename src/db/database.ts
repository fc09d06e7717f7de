import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoldenHourError } from '../util/errors.js';

export type CaseDatabase = Database.Database;

/** A numbered migration: `0001_init.sql` is version 1. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The migrations shipped with this build, in order; numbering must be 1, 2, 3... with no gaps. */
export function loadMigrations(dir: string = migrationsDir): Migration[] {
  const migrations = readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 4)), name, sql: readFileSync(join(dir, name), 'utf8') }));
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration ${migration.name} is out of sequence: expected version ${index + 1}`);
    }
  });
  return migrations;
}

/**
 * Opens (creating if needed) the case database: WAL with synchronous=FULL, foreign keys on,
 * and every pending migration applied, each in its own transaction that bumps user_version.
 * A database written by a newer Golden Hour is refused rather than opened.
 */
export function openDatabase(file: string, migrations: Migration[] = loadMigrations()): CaseDatabase {
  mkdirSync(dirname(file), { recursive: true });
  try {
    return configure(new Database(file), migrations, false);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_IOERR_SHMSIZE') throw error;
    // The WAL index (the -shm file beside the database) could not grow: the disk is full. In
    // exclusive locking mode SQLite keeps that index in memory instead, so the case can still be
    // read and verified; the price is that this process holds the database alone until it closes.
    return configure(new Database(file), migrations, true);
  }
}

function configure(db: CaseDatabase, migrations: Migration[], exclusive: boolean): CaseDatabase {
  try {
    if (exclusive) db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies pending migrations; refuses a database whose version is newer than this build knows. */
export function migrate(db: CaseDatabase, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new GoldenHourError(
      'conflict',
      `the case database ${db.name} is version ${current}, newer than this Golden Hour understands (version ${latest}); ` +
        'open it with the newer Golden Hour that wrote it, or update this installation',
    );
  }
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** The schema version of an open database. */
export function schemaVersion(db: CaseDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}
