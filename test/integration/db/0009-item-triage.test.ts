import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyChain } from '../../../src/custody/chain.js';
import { verifyCase } from '../../../src/custody/verify-case.js';
import { loadMigrations, openDatabase, schemaVersion } from '../../../src/db/database.js';
import { loadPostgresMigrations, migratePostgres, postgresSchemaVersion } from '../../../src/db/postgres-migrate.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import type { Store } from '../../../src/store/repositories.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { systemClock } from '../../../src/util/clock.js';
import { Vault } from '../../../src/vault/vault.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

/*
 * Migration 0009 on a case a version-8 install holds: its items, grading, notes, a withdrawal and
 * their ledger, written by the repositories against a version-8 database (which never reads the
 * triage columns to insert or change an item). After the migration nothing of it has changed,
 * every item is `new` and unassigned, the case verifies as it did, and triage and comments work.
 */
const temp = makeTempDir();
let server: Promise<TestPostgres> | null = null;
const TABLES = ['cases', 'blobs', 'items', 'artifacts', 'custody'];
let vault: Vault;
let v8File: string;
let caseId: number;
let itemIds: number[];

beforeAll(async () => {
  vault = new Vault(join(temp.path, 'vault'));
  const photo = await vault.putStream(Readable.from([Buffer.from('a photo taken at the bridge')]));
  const page = await vault.putStream(Readable.from([Buffer.from('<html>a captured page</html>')]));
  v8File = join(temp.path, 'v8.sqlite');
  const db = openDatabase(v8File, loadMigrations().slice(0, 8));
  const store = new SqliteStore(db, systemClock);
  try {
    ({ caseId, itemIds } = await store.withTransaction(async (tx) => {
      const c = await tx.cases.create({ title: 'Bridge fire', scene: { lat: 50.3, lon: 14.8 } }, 'alice');
      const a = await tx.items.insert({ caseId: c.id, kind: 'photo', sha256: photo.sha256, size: photo.size, mediaType: 'image/jpeg', originalName: 'bridge.jpg',
        location: { lat: 50.3001, lon: 14.8002, altitudeM: null, accuracyM: null, source: 'exif-gps' } }, 'alice');
      const b = await tx.items.insert({ caseId: c.id, kind: 'page', sha256: page.sha256, size: page.size, mediaType: 'text/html', sourceUrl: 'https://example.org/post' }, 'bob');
      await tx.items.update(a.id, { notes: 'smoke visible', grading: { source: '1', intelligence: 'B', handling: 'P', conditions: null } }, 'alice', 'grading changed');
      await tx.items.withdraw(b.id, 'duplicate of another capture', 'alice');
      return { caseId: c.id, itemIds: [a.id, b.id] };
    }));
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  temp.remove();
  if (server) await (await server).stop();
});

/** Reads the migrated case back, checks it verifies, then triages and comments on it. */
async function exerciseMigrated(store: Store, before: Record<string, unknown>[]) {
  const items = await store.read((tx) => tx.items.list(caseId, { includeWithdrawn: true }));
  expect(items.map((item) => [item.id, item.triage, item.notes, item.withdrawn?.reason ?? null])).toEqual([
    [itemIds[0], { status: 'new', assignee: null }, 'smoke visible', null],
    [itemIds[1], { status: 'new', assignee: null }, '', 'duplicate of another capture'],
  ]);
  expect(items.map((item) => item.sha256)).toEqual(before.map((row) => row.sha256));
  const report = await verifyCase({ store, vault }, caseId);
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ ok: true, items: 2 });

  await store.withTransaction((tx) => tx.items.setTriage(itemIds[0]!, { status: 'verified', assignee: 'carol' }, 'alice'));
  await store.withTransaction((tx) => tx.comments.add(itemIds[0]!, 'Matches the fire service log.', 'bob'));
  const entries = await store.read((tx) => tx.ledger.list(caseId));
  expect(entries.slice(-2).map((e) => [e.action, e.operator, e.itemId])).toEqual([['item triaged', 'alice', itemIds[0]], ['item commented', 'bob', itemIds[0]]]);
  expect(verifyChain(entries)).toEqual([]);
  expect(await verifyCase({ store, vault }, caseId)).toMatchObject({ ok: true, problems: [] });
}

it('migration 0009 gives a version-8 SQLite case triage and comments, its data and verification unchanged', async () => {
  const file = join(temp.path, 'sqlite-copy.sqlite');
  const v8 = openDatabase(v8File, loadMigrations().slice(0, 8));
  const before = v8.prepare('SELECT * FROM items ORDER BY id').all() as Record<string, unknown>[];
  const ledgerBefore = v8.prepare('SELECT * FROM custody ORDER BY seq').all();
  await v8.backup(file);
  v8.close();

  const db = openDatabase(file);
  expect(schemaVersion(db)).toBe(9);
  const after = db.prepare('SELECT * FROM items ORDER BY id').all() as Record<string, unknown>[];
  expect(after.map(({ triage_status: status, assignee, ...rest }) => ({ status, assignee, rest }))).toEqual(before.map((rest) => ({ status: 'new', assignee: null, rest })));
  expect(db.prepare('SELECT * FROM custody ORDER BY seq').all()).toEqual(ledgerBefore);
  // The grid's summary is still read from the covering index alone.
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id, kind, triage_status, assignee, grading FROM items WHERE case_id = ? ORDER BY id`).all(caseId) as { detail: string }[];
  expect(plan.map((row) => row.detail).join('\n')).toMatch(/COVERING INDEX items_summary/);
  // The database holds the new columns and comments to their rules.
  expect(() => db.prepare("UPDATE items SET triage_status = 'done' WHERE id = ?").run(itemIds[0])).toThrow(/CHECK/);
  const store = new SqliteStore(db, systemClock);
  try {
    await exerciseMigrated(store, before);
    expect(() => db.prepare("UPDATE item_comments SET body = 'edited'").run()).toThrow(/kept as written/);
    expect(() => db.prepare('DELETE FROM item_comments').run()).toThrow(/kept as written/);
  } finally {
    await store.close();
  }
});

it('migration 0009 does the same on PostgreSQL, for a version-8 case copied row for row', async () => {
  server ??= startTestPostgres();
  const url = await (await server).createDatabase();
  const pool = new pg.Pool({ connectionString: url });
  const v8 = openDatabase(v8File, loadMigrations().slice(0, 8));
  let before: Record<string, unknown>[];
  try {
    await migratePostgres(pool, loadPostgresMigrations().slice(0, 8));
    for (const table of TABLES) {
      const rows = v8.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      for (const row of rows) {
        const columns = Object.keys(row);
        await pool.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((column) => row[column]));
      }
    }
    for (const table of ['cases', 'items']) await pool.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
    before = (await pool.query('SELECT * FROM items ORDER BY id')).rows as Record<string, unknown>[];
    await migratePostgres(pool, loadPostgresMigrations());
    expect(await postgresSchemaVersion(pool)).toBe(9);
    const after = (await pool.query('SELECT * FROM items ORDER BY id')).rows as Record<string, unknown>[];
    expect(after.map(({ triage_status: status, assignee, ...rest }) => ({ status, assignee, rest }))).toEqual(before.map((rest) => ({ status: 'new', assignee: null, rest })));
    await expect(pool.query("UPDATE items SET triage_status = 'done'")).rejects.toThrow(/check constraint/);
  } finally {
    v8.close();
    await pool.end();
  }
  const store = await PostgresStore.open(url, systemClock);
  try {
    await exerciseMigrated(store, before);
  } finally {
    await store.close();
  }
  const check = new pg.Pool({ connectionString: url });
  try {
    await expect(check.query("UPDATE item_comments SET body = 'edited'")).rejects.toThrow(/kept as written/);
    await expect(check.query('DELETE FROM item_comments')).rejects.toThrow(/kept as written/);
  } finally {
    await check.end();
  }
}, 120_000);
