import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase, schemaVersion } from '../../../src/db/database.js';
import { makeTempDir } from '../../support/temp-dir.js';

const temp = makeTempDir();
afterEach(() => temp.remove());

it('migration 0004 adds watches and their runs to a version-3 database with data, keeping that data', () => {
  const all = loadMigrations();
  const file = join(temp.path, 'goldenhour.sqlite');
  const v3 = openDatabase(file, all.slice(0, 3));
  v3.prepare(`INSERT INTO cases (id, uuid, title, window_before_min, window_after_min, created_at, created_by, ledger_head)
              VALUES (1, 'u-1', 'before watching', 60, 60, '2026-11-21T00:00:00.000Z', 'tester', 'genesis')`).run();
  v3.prepare("INSERT INTO blobs (sha256, size, media_type, stored_at) VALUES (?, 3, 'application/json', '2026-11-21T00:00:00.000Z')").run('a'.repeat(64));
  v3.prepare(`INSERT INTO items (id, uuid, case_id, kind, sha256, size, media_type, source_url, acquired_at, acquired_by)
              VALUES (1, 'i-1', 1, 'page', ?, 3, 'application/json', 'https://x.com/a/status/1', '2026-11-21T00:00:00.000Z', 'tester')`).run('a'.repeat(64));
  v3.prepare("INSERT INTO capture_queue (case_id, url, state, item_id, operator, requested_at) VALUES (1, 'https://x.com/a/status/1', 'captured', 1, 'tester', 'now')").run();
  v3.close();

  const db = openDatabase(file, all.slice(0, 4));
  try {
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT title FROM cases').all()).toEqual([{ title: 'before watching' }]);
    expect(db.prepare('SELECT state, item_id FROM capture_queue').all()).toEqual([{ state: 'captured', item_id: 1 }]);
    const watch = (url: string) => db.prepare(`INSERT INTO watches (case_id, url, item_id, every_seconds, state, next_run_at, created_at, created_by)
      VALUES (1, ?, 1, 300, 'active', '2026-11-21T00:05:00.000Z', 'now', 'tester')`).run(url);
    watch('https://x.com/a/status/1');
    // One active watch per address and case; a stopped one does not count.
    expect(() => watch('https://x.com/a/status/1')).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE watches SET state = 'stopped' WHERE id = 1").run()).toThrow(/CHECK/);
    db.prepare("UPDATE watches SET state = 'stopped', stop_reason = 'until', stopped_at = 'now' WHERE id = 1").run();
    watch('https://x.com/a/status/1');
    const run = (outcome: string, itemId: number | null, version: number | null) => db.prepare(`INSERT INTO watch_runs (watch_id, due_at, started_at, finished_at, item_id, version, outcome)
      VALUES (1, 'd', 's', 'f', ?, ?, ?)`).run(itemId, version, outcome);
    run('first', 1, 1);
    run('unreachable', null, null);
    expect(() => run('vanished', null, null)).toThrow(/CHECK/);
    expect(() => run('unchanged', 1, null)).toThrow(/CHECK/);
    expect(() => run('unchanged', 1, 1)).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO watches (case_id, url, every_seconds, state, next_run_at, created_at, created_by) VALUES (9, 'u', 60, 'active', 'n', 'n', 't')").run()).toThrow(/FOREIGN KEY/);
    migrate(db, all);
    expect(schemaVersion(db)).toBe(all.length);
  } finally {
    db.close();
  }
});
