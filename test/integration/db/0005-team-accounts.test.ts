import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase, schemaVersion } from '../../../src/db/database.js';
import { makeTempDir } from '../../support/temp-dir.js';

const temp = makeTempDir();
afterEach(() => temp.remove());

it('migration 0005 adds accounts, sessions and case roles to a version-4 database with data, keeping that data', () => {
  const all = loadMigrations();
  const file = join(temp.path, 'goldenhour.sqlite');
  const v4 = openDatabase(file, all.slice(0, 4));
  v4.prepare(`INSERT INTO cases (id, uuid, title, window_before_min, window_after_min, created_at, created_by, ledger_head)
              VALUES (1, 'u-1', 'before the team', 60, 60, '2026-11-21T00:00:00.000Z', 'tester', 'genesis')`).run();
  v4.close();

  const db = openDatabase(file, all.slice(0, 5));
  try {
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT title FROM cases').all()).toEqual([{ title: 'before the team' }]);
    db.prepare("INSERT INTO users (id, name, password_hash, created_at) VALUES (1, 'lena', 'scrypt$x', 'now')").run();
    expect(() => db.prepare("INSERT INTO users (name, password_hash, created_at) VALUES ('lena', 'scrypt$y', 'now')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO users (name, password_hash, admin, created_at) VALUES ('max', 'h', 2, 'now')").run()).toThrow(/CHECK/);
    const member = (caseId: number, userId: number, role: string) =>
      db.prepare("INSERT INTO case_members (case_id, user_id, role, granted_by, granted_at) VALUES (?, ?, ?, 'lena', 'now')").run(caseId, userId, role);
    member(1, 1, 'lead');
    expect(() => member(1, 1, 'reviewer')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare("UPDATE case_members SET role = 'owner'").run()).toThrow(/CHECK/);
    expect(() => member(9, 1, 'lead')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) VALUES ('short', 1, 'a', 'b')").run()).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) VALUES (?, 9, ?, ?)').run('a'.repeat(64), 'a', 'b')).toThrow(/FOREIGN KEY/);
    migrate(db, all);
    expect(schemaVersion(db)).toBe(all.length);
  } finally {
    db.close();
  }
});
