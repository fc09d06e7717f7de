import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase, schemaVersion } from '../../../src/db/database.js';
import { GoldenHourError } from '../../../src/util/errors.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('case database migrations', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('migrates an empty database to the latest version with STRICT tables, WAL, FULL sync and foreign keys', () => {
    const file = join(dir.path, 'case.sqlite');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(loadMigrations().length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
    for (const name of ['cases', 'items', 'blobs', 'artifacts', 'custody']) {
      const table = tables.find((t) => t.name === name);
      expect(table?.sql, name).toMatch(/\)\s*STRICT\s*$/);
    }
    db.close();
    // Re-opening applies nothing more and keeps the version.
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(loadMigrations().length);
    again.close();
  });

  it('refuses a database written by a newer Golden Hour, saying so, and leaves it untouched', () => {
    const file = join(dir.path, 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${loadMigrations().length + 5}`);
    raw.exec('CREATE TABLE future (x INTEGER)');
    raw.close();
    expect(() => openDatabase(file)).toThrowError(GoldenHourError);
    expect(() => openDatabase(file)).toThrowError(/newer than this Golden Hour understands/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(loadMigrations().length + 5);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'cases'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('rolls back a failing migration whole and keeps the previous version', () => {
    const db = new Database(join(dir.path, 'broken.sqlite'));
    const good = loadMigrations().slice(0, 1);
    const broken = [...good, { version: 2, name: '0002_broken.sql', sql: 'CREATE TABLE half (x INTEGER); SELECT no_such_function();' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps the data of a version-1 database through every later migration', () => {
    const file = join(dir.path, 'v1.sqlite');
    const v1 = new Database(file);
    migrate(v1, loadMigrations().slice(0, 1));
    v1.prepare(
      `INSERT INTO cases (uuid, title, window_before_min, window_after_min, created_at, created_by, ledger_head)
       VALUES ('u-1', 'Old case', 30, 90, '2026-01-01T00:00:00.000Z', 'tester', ?)`,
    ).run('0'.repeat(64));
    v1.prepare("INSERT INTO blobs (sha256, size, media_type, stored_at) VALUES (?, 3, 'text/plain', '2026-01-01T00:00:00.000Z')").run('a'.repeat(64));
    v1.prepare(
      `INSERT INTO items (uuid, case_id, kind, sha256, size, media_type, acquired_at, acquired_by)
       VALUES ('i-1', 1, 'file', ?, 3, 'text/plain', '2026-01-01T00:00:01.000Z', 'tester')`,
    ).run('a'.repeat(64));
    v1.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT title, window_before_min, window_after_min FROM cases').get()).toEqual({ title: 'Old case', window_before_min: 30, window_after_min: 90 });
    expect(db.prepare('SELECT uuid, kind, sha256 FROM items').get()).toEqual({ uuid: 'i-1', kind: 'file', sha256: 'a'.repeat(64) });
    db.close();
  });

  it('refuses to delete items or to change or delete custody entries', () => {
    const db = openDatabase(join(dir.path, 'guard.sqlite'));
    db.prepare(
      `INSERT INTO cases (uuid, title, window_before_min, window_after_min, created_at, created_by, ledger_head)
       VALUES ('u', 'c', 0, 0, 'x', 'y', 'z')`,
    ).run();
    db.prepare("INSERT INTO custody (case_id, seq, at, operator, tool, tool_version, action, details, prev_hash, hash) VALUES (1, 1, 'a', 'b', 'c', 'd', 'e', '{}', 'f', 'g')").run();
    expect(() => db.prepare("UPDATE custody SET operator = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM custody').run()).toThrow(/append-only/);
    db.prepare("INSERT INTO blobs (sha256, size, media_type, stored_at) VALUES (?, 1, 'x', 'y')").run('b'.repeat(64));
    db.prepare("INSERT INTO items (uuid, case_id, kind, sha256, size, media_type, acquired_at, acquired_by) VALUES ('i', 1, 'file', ?, 1, 'x', 'y', 'z')").run('b'.repeat(64));
    expect(() => db.prepare('DELETE FROM items').run()).toThrow(/never deleted/);
    db.close();
  });
});
