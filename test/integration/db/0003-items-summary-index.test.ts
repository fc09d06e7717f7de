import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, openDatabase, schemaVersion } from '../../../src/db/database.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { systemClock } from '../../../src/util/clock.js';
import { verifyChain } from '../../../src/custody/chain.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('migration 0003: covering index for the evidence summary', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('migrates a version-2 database with real items, changes no data, and serves the summary from the index', async () => {
    // The data is written by today's repositories into a current database, then copied column
    // by column into a database that stops at migration 2: the code of today reads columns that
    // version 2 did not have, but the rows a version-2 install held are these.
    const seeded = openDatabase(join(dir.path, 'seed.sqlite'));
    const seedStore = new SqliteStore(seeded, systemClock);
    const { c, item } = await seedStore.withTransaction(async (tx) => {
      const c = await tx.cases.create({ title: 'Before 0003', reference: null, scene: { lat: 1, lon: 2, radiusM: 100 }, incidentTime: null, timezone: null, window: { beforeMin: 60, afterMin: 60 } }, 'tester');
      const item = await tx.items.insert({
        caseId: c.id, kind: 'page', sha256: 'a'.repeat(64), size: 10, mediaType: 'application/wacz', sourceUrl: 'https://example.org/p',
        eventTime: { utc: '2026-01-01T00:00:00.000Z', source: 'post', confidence: 'high', raw: null },
        post: { platform: 'x', url: null, author: null, handle: null, publishedAt: null, text: 'hello', mediaUrls: [] },
      }, 'tester');
      return { c, item };
    });
    await seedStore.close();
    const file = join(dir.path, 'case.sqlite');
    const v2 = openDatabase(file, loadMigrations().slice(0, 2));
    expect(schemaVersion(v2)).toBe(2);
    v2.prepare('ATTACH DATABASE ? AS seed').run(join(dir.path, 'seed.sqlite'));
    const tables = (v2.prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
      AND name IN (SELECT name FROM seed.sqlite_master WHERE type = 'table') AND name <> 'schema_migrations'`).all() as { name: string }[]).map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['cases', 'items', 'custody']));
    v2.pragma('foreign_keys = OFF');
    for (const table of tables) {
      const columns = (v2.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((row) => `"${row.name}"`).join(', ');
      v2.prepare(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM seed."${table}"`).run();
    }
    v2.pragma('foreign_keys = ON');
    expect(v2.pragma('main.foreign_key_check')).toEqual([]);
    v2.prepare('DETACH DATABASE seed').run();
    expect(v2.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 1 });
    const before = v2.prepare('SELECT * FROM items').all();
    const ledgerBefore = v2.prepare('SELECT * FROM custody').all();
    v2.close();

    // Exactly version 3: later versions add columns of their own (0009: triage), tested with them.
    const v3 = openDatabase(file, loadMigrations().slice(0, 3));
    expect(schemaVersion(v3)).toBe(3);
    expect(v3.prepare('SELECT * FROM items').all()).toEqual(before);
    expect(v3.prepare('SELECT * FROM custody').all()).toEqual(ledgerBefore);
    const plan = v3.prepare(`EXPLAIN QUERY PLAN SELECT i.id, i.kind, i.event_utc, json_extract(i.event_time, '$.source'), i.flags, i.tags, i.grading,
      json_extract(i.post, '$.platform'), i.withdrawn_at, i.title, i.source_url FROM items i WHERE i.case_id = ? ORDER BY i.id`).all(c.id) as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toContain('COVERING INDEX items_summary');
    const row = v3.prepare(`SELECT json_extract(post, '$.platform') AS platform FROM items WHERE id = ?`).get(item.id) as { platform: string };
    expect(row.platform).toBe('x');
    const v3Store = new SqliteStore(v3, systemClock);
    const reread = await v3Store.read((tx) => tx.ledger.list(c.id));
    expect(verifyChain(reread, { caseUuid: c.uuid })).toEqual([]);
    await v3Store.close();
  });
});
