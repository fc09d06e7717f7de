import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase, schemaVersion } from '../../../src/db/database.js';
import { makeTempDir } from '../../support/temp-dir.js';

const temp = makeTempDir();
afterEach(() => temp.remove());

it('migration 0002 adds the capture queue to a version-1 database with data, keeping that data', () => {
  const all = loadMigrations();
  const file = join(temp.path, 'goldenhour.sqlite');
  const v1 = openDatabase(file, all.slice(0, 1));
  expect(schemaVersion(v1)).toBe(1);
  v1.prepare(`INSERT INTO cases (id, uuid, title, window_before_min, window_after_min, created_at, created_by, ledger_head)
              VALUES (1, 'u-1', 'before the queue', 60, 60, '2026-11-21T00:00:00.000Z', 'tester', 'genesis')`).run();
  v1.prepare("INSERT INTO blobs (sha256, size, media_type, stored_at) VALUES (?, 3, 'text/plain', '2026-11-21T00:00:00.000Z')").run('a'.repeat(64));
  v1.prepare(`INSERT INTO items (id, uuid, case_id, kind, sha256, size, media_type, acquired_at, acquired_by)
              VALUES (1, 'i-1', 1, 'file', ?, 3, 'text/plain', '2026-11-21T00:00:00.000Z', 'tester')`).run('a'.repeat(64));
  v1.close();

  const db = openDatabase(file, all.slice(0, 2));
  try {
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT title FROM cases').all()).toEqual([{ title: 'before the queue' }]);
    expect(db.prepare('SELECT id, kind FROM items').all()).toEqual([{ id: 1, kind: 'file' }]);
    db.prepare("INSERT INTO capture_queue (case_id, url, state, operator, requested_at) VALUES (1, 'https://example.com/', 'queued', 'tester', 'now')").run();
    db.prepare("UPDATE capture_queue SET state = 'captured', item_id = 1 WHERE id = 1").run();
    expect(() => db.prepare("INSERT INTO capture_queue (case_id, url, state, operator, requested_at) VALUES (1, 'x', 'done', 'tester', 'now')").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO capture_queue (case_id, url, state, operator, requested_at) VALUES (9, 'x', 'queued', 'tester', 'now')").run()).toThrow(/FOREIGN KEY/);
    // And on to the latest version from there.
    migrate(db, all);
    expect(schemaVersion(db)).toBe(all.length);
    expect(db.prepare('SELECT state, item_id FROM capture_queue').all()).toEqual([{ state: 'captured', item_id: 1 }]);
  } finally {
    db.close();
  }
});
