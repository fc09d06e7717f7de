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

// Proxies as watches stored them before version 7, and what each must become.
const proxies: [string | null, Record<string, unknown>][] = [
  ['http://alice:s3cret@proxy.example:3128', { proxy: 'http://alice@proxy.example:3128', proxyPassword: 'http://alice@proxy.example:3128' }],
  // A password with '@' and ':' in it: the user information ends at the last '@'.
  ['socks5://bob:p@ss:w0rd@10.0.0.1:1080', { proxy: 'socks5://bob@10.0.0.1:1080', proxyPassword: 'socks5://bob@10.0.0.1:1080' }],
  ['socks5://127.0.0.1:9050', { proxy: 'socks5://127.0.0.1:9050' }],
  ['http://carol@proxy.example:3128', { proxy: 'http://carol@proxy.example:3128' }],
  [null, { proxy: null }],
];
const optionsOf = (proxy: string | null) => JSON.stringify({ proxy, allowPrivate: true });

it('migration 0007 takes the password out of every watch proxy on SQLite, keeping the rest of its settings', () => {
  const all = loadMigrations();
  const file = join(temp.path, 'goldenhour.sqlite');
  const v6 = openDatabase(file, all.slice(0, 6));
  v6.prepare(`INSERT INTO cases (id, uuid, title, window_before_min, window_after_min, created_at, created_by, ledger_head)
              VALUES (1, 'u-1', 'watching', 60, 60, '2026-11-21T00:00:00.000Z', 'tester', 'genesis')`).run();
  proxies.forEach(([proxy], i) => v6.prepare(`INSERT INTO watches (case_id, url, every_seconds, options, state, next_run_at, created_at, created_by)
    VALUES (1, ?, 300, ?, 'active', 'n', 'n', 'tester')`).run(`https://x.com/a/status/${i}`, optionsOf(proxy)));
  v6.close();
  const db = openDatabase(file, all.slice(0, 7));
  try {
    expect(schemaVersion(db)).toBe(7);
    const rows = (db.prepare('SELECT options FROM watches ORDER BY id').all() as { options: string }[]).map((r) => JSON.parse(r.options) as Record<string, unknown>);
    expect(rows).toEqual(proxies.map(([, after]) => ({ allowPrivate: true, ...after })));
    expect(JSON.stringify(rows)).not.toMatch(/s3cret|w0rd/);
  } finally {
    db.close();
  }
});

it('migration 0007 does the same on PostgreSQL', async () => {
  server ??= startTestPostgres();
  const pool = new pg.Pool({ connectionString: await (await server).createDatabase() });
  try {
    await migratePostgres(pool, loadPostgresMigrations().slice(0, 6));
    await pool.query(`INSERT INTO cases (id, uuid, title, window_before_min, window_after_min, created_at, created_by, ledger_head)
              VALUES (1, 'u-1', 'watching', 60, 60, '2026-11-21T00:00:00.000Z', 'tester', 'genesis')`);
    for (const [i, [proxy]] of proxies.entries()) {
      await pool.query(`INSERT INTO watches (case_id, url, every_seconds, options, state, next_run_at, created_at, created_by)
        VALUES (1, $1, 300, $2, 'active', 'n', 'n', 'tester')`, [`https://x.com/a/status/${i}`, optionsOf(proxy)]);
    }
    await migratePostgres(pool, loadPostgresMigrations().slice(0, 7));
    expect(await postgresSchemaVersion(pool)).toBe(7);
    const rows = (await pool.query<{ options: string }>('SELECT options FROM watches ORDER BY id')).rows.map((r) => JSON.parse(r.options) as Record<string, unknown>);
    expect(rows).toEqual(proxies.map(([, after]) => ({ allowPrivate: true, ...after })));
  } finally {
    await pool.end();
  }
}, 120_000);
