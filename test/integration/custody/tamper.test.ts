import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api/api.js';
import { dataLayout } from '../../../src/config/data-dir.js';
import { openCore } from '../../../src/core.js';
import { runCli } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

interface Report {
  ok: boolean;
  problems: { itemId: number | null; seq: number | null; problem: string }[];
}

/** A case with three ingested files, built through the real core. */
async function seedCase(dataDir: string): Promise<{ caseId: number; items: { id: number; sha256: string }[] }> {
  const evidence = join(dataDir, '..', 'evidence');
  mkdirSync(evidence, { recursive: true });
  for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(evidence, name), `witness statement ${name}\n`);
  const core = openCore({ dataDir, analyser: null, operator: 'DC Test' });
  try {
    const api = createApi(core);
    const c = await api.call('case.create', { title: 'Tamper case' });
    const result = await api.call('items.ingest', { caseId: c.id, paths: [evidence] });
    return { caseId: c.id, items: result.items.map((i) => ({ id: i.id, sha256: i.sha256 })) };
  } finally {
    await core.close();
  }
}

/** Opens the database as an attacker would: triggers dropped, no foreign keys. */
function tamper(dataDir: string, sql: string, ...params: unknown[]): void {
  const db = new Database(dataLayout(dataDir).database);
  db.exec('DROP TRIGGER IF EXISTS custody_no_update; DROP TRIGGER IF EXISTS custody_no_delete; DROP TRIGGER IF EXISTS items_no_delete;');
  db.pragma('foreign_keys = OFF');
  db.prepare(sql).run(...params);
  db.close();
}

async function verify(dataDir: string, caseId: number): Promise<{ code: number | null; report: Report; stdout: string }> {
  const json = await runCli(['custody', String(caseId), '--verify', '--json'], { dataDir });
  const text = await runCli(['custody', String(caseId), '--verify'], { dataDir });
  expect(text.code).toBe(json.code);
  return { code: json.code, report: JSON.parse(json.stdout) as Report, stdout: text.stdout };
}

describe('custody --verify catches tampering, by item', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let seeded: Awaited<ReturnType<typeof seedCase>>;
  beforeEach(async () => {
    tmp = makeTempDir();
    dataDir = join(tmp.path, 'data');
    seeded = await seedCase(dataDir);
  });
  afterEach(() => tmp.remove());

  const item = (i: number) => seeded.items[i] as { id: number; sha256: string };
  const blobPath = (sha256: string) => join(dataLayout(dataDir).vault, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

  it('passes an untouched case, and records the verification in the ledger', async () => {
    const { code, report, stdout } = await verify(dataDir, seeded.caseId);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(stdout).toContain('Custody verified: intact.');
    const ledger = await runCli(['custody', String(seeded.caseId), '--json'], { dataDir });
    expect((JSON.parse(ledger.stdout) as { action: string }[]).map((e) => e.action)).toContain('verification');
  });

  it('an edited ledger entry', async () => {
    tamper(dataDir, "UPDATE custody SET operator = 'Mallory' WHERE seq = 3");
    const { code, report } = await verify(dataDir, seeded.caseId);
    expect(code).toBe(1);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 3, itemId: item(1).id, problem: expect.stringMatching(/entry 3 .* was altered/) }));
  });

  it('a ledger entry deleted from the middle', async () => {
    tamper(dataDir, 'DELETE FROM custody WHERE seq = 2');
    const { code, report } = await verify(dataDir, seeded.caseId);
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.problem)).toContain('entries 2 are missing before entry 3');
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: item(0).id, problem: expect.stringContaining('has no custody entry') }));
  });

  it('the last ledger entry deleted', async () => {
    tamper(dataDir, 'DELETE FROM custody WHERE seq = (SELECT max(seq) FROM custody)');
    const { code, report } = await verify(dataDir, seeded.caseId);
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.problem)).toContain('the ledger should end at entry 4 but ends at 3: entries were deleted');
  });

  it('a changed item row the ledger covers', async () => {
    tamper(dataDir, "UPDATE items SET source_path = '/somewhere/else.txt' WHERE id = ?", item(2).id);
    const { code, report, stdout } = await verify(dataDir, seeded.caseId);
    expect(code).toBe(1);
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: item(2).id, problem: expect.stringMatching(/differs from its custody record .* in: sourcePath$/) }));
    expect(stdout).toContain(`item ${item(2).id}:`);
  });

  it('a changed case row', async () => {
    tamper(dataDir, "UPDATE cases SET title = 'Another title'");
    const { report } = await verify(dataDir, seeded.caseId);
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: null, problem: expect.stringMatching(/case row differs .* in: title/) }));
  });

  it('an item added behind the ledger\'s back, and one deleted', async () => {
    tamper(dataDir, `INSERT INTO items (uuid, case_id, kind, sha256, size, media_type, acquired_at, acquired_by)
      VALUES ('planted', ?, 'file', ?, 1, 'text/plain', '2026-01-01T00:00:00.000Z', 'x')`, seeded.caseId, item(0).sha256);
    tamper(dataDir, 'DELETE FROM items WHERE id = ?', item(1).id);
    const { report } = await verify(dataDir, seeded.caseId);
    expect(report.problems).toContainEqual(expect.objectContaining({ problem: expect.stringMatching(/item \d+ has no custody entry: it was added outside Golden Hour/) }));
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: item(1).id, problem: `item ${item(1).id} is in the custody ledger but missing from the database` }));
  });

  it('a changed byte, extra bytes and a missing blob in the vault', async () => {
    const changed = blobPath(item(0).sha256);
    chmodSync(changed, 0o644);
    writeFileSync(changed, `Witness statement a.txt\n`);
    const extended = blobPath(item(1).sha256);
    chmodSync(extended, 0o644);
    appendFileSync(extended, 'appended');
    rmSync(blobPath(item(2).sha256));
    const { code, report } = await verify(dataDir, seeded.caseId);
    expect(code).toBe(1);
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: item(0).id, problem: expect.stringContaining('no longer matches its SHA-256 (changed bytes') }));
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: item(1).id, problem: expect.stringContaining('(8 extra bytes') }));
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: item(2).id, problem: expect.stringContaining('is missing from the vault') }));
  });

  it('each stored column derived from the covered state, named by item and field', async () => {
    tamper(dataDir, "UPDATE items SET event_utc = '2026-07-01T21:40:00.000Z' WHERE id = ?", item(0).id);
    tamper(dataDir, 'UPDATE items SET lat = 51.5, lon = -0.12 WHERE id = ?', item(1).id);
    tamper(dataDir, 'UPDATE blobs SET size = size + 1 WHERE sha256 = ?', item(2).sha256);
    tamper(dataDir, "UPDATE blobs SET media_type = 'image/jpeg' WHERE sha256 = ?", item(0).sha256);
    tamper(dataDir, `UPDATE items SET flags = '["clock-mismatch"]' WHERE id = ?`, item(2).id);
    const { code, report, stdout } = await verify(dataDir, seeded.caseId);
    expect(code).toBe(1);
    const named = report.problems.map((p) => [p.itemId, (p as { field?: string }).field ?? null]);
    expect(named).toEqual(expect.arrayContaining([
      [item(0).id, 'eventUtc'], [item(1).id, 'lat'], [item(1).id, 'lon'], [item(2).id, 'blob.size'], [item(0).id, 'blob.mediaType'],
    ]));
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: item(0).id, problem: expect.stringContaining('stored event time (event_utc) is "2026-07-01T21:40:00.000Z", but its recorded event time gives none') }));
    expect(report.problems).toContainEqual(expect.objectContaining({ itemId: item(2).id, problem: expect.stringMatching(/differs from its custody record .* in: flags$/) }));
    expect(stdout).toContain(`item ${item(1).id}: item ${item(1).id}'s stored latitude (lat) is 51.5`);
  });

  it('a file planted in the vault that no item names', async () => {
    const planted = join(dataLayout(dataDir).vault, 'sha256', 'ab', 'cd', `abcd${'0'.repeat(60)}`);
    mkdirSync(join(planted, '..'), { recursive: true });
    writeFileSync(planted, 'planted');
    writeFileSync(join(dataLayout(dataDir).vault, 'sha256', 'notes.txt'), 'stray');
    const { code, report } = await verify(dataDir, seeded.caseId);
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.problem)).toEqual(expect.arrayContaining([
      `the vault holds sha256/ab/cd/abcd${'0'.repeat(60)}, which no item or artifact names (planted, or left by an interrupted import)`,
      'the vault holds sha256/notes.txt, which no item or artifact names (planted, or left by an interrupted import)',
    ]));
  });
});
