import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { GENESIS_HASH, verifyChain } from '../../../src/custody/chain.js';
import { loadMigrations, openDatabase, schemaVersion } from '../../../src/db/database.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { systemClock } from '../../../src/util/clock.js';
import { makeTempDir } from '../../support/temp-dir.js';

const temp = makeTempDir();
afterEach(() => temp.remove());

it('migration 0006 lets a version-5 case be closed and reopened, its data and chain unchanged', async () => {
  const all = loadMigrations();
  const file = join(temp.path, 'goldenhour.sqlite');
  const v5 = openDatabase(file, all.slice(0, 5));
  v5.prepare(`INSERT INTO cases (id, uuid, title, timezone, window_before_min, window_after_min, created_at, created_by, ledger_head)
              VALUES (1, 'u-1', 'Before closing', 'Europe/London', 60, 60, '2026-11-21T00:00:00.000Z', 'tester', ?)`).run(GENESIS_HASH);
  v5.close();
  const c = { id: 1, uuid: 'u-1' };

  const db = openDatabase(file, all.slice(0, 6));
  expect(schemaVersion(db)).toBe(6);
  expect(db.prepare('SELECT title, closed_at, closed_by, closed_reason FROM cases').all()).toEqual([{ title: 'Before closing', closed_at: null, closed_by: null, closed_reason: null }]);
  // Closed is all three or none.
  expect(() => db.prepare("UPDATE cases SET closed_at = 'now' WHERE id = ?").run(c.id)).toThrow(/CHECK/);
  const store = new SqliteStore(db, systemClock);
  try {
    expect(await store.read((tx) => tx.cases.get(c.id))).toMatchObject({ title: 'Before closing', timezone: 'Europe/London', closed: null });
    await store.withTransaction((tx) => tx.cases.close(c.id, 'file sent to prosecutor', 'tester'));
    await store.withTransaction((tx) => tx.cases.reopen(c.id, 'new material', 'tester'));
    const entries = await store.read((tx) => tx.ledger.list(c.id));
    expect(entries.map((e) => e.action)).toEqual(['case closed', 'case reopened']);
    expect(verifyChain(entries, { caseUuid: c.uuid })).toEqual([]);
  } finally {
    await store.close();
  }
});
