import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api/api.js';
import { dataLayout } from '../../../src/config/data-dir.js';
import { openCore } from '../../../src/core.js';
import { runCli } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

interface Report {
  ok: boolean;
  problems: { itemId: number | null; seq: number | null; field?: string; problem: string }[];
}

/**
 * Triage is covered by the item's state in the ledger (status and assignee) and comments by
 * their own entries (their text by SHA-256): a row edited behind the ledger's back is named.
 */
describe('custody --verify catches triage and comments changed behind the ledger', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let caseId: number;
  let ids: number[];
  let commentIds: number[];

  beforeEach(async () => {
    tmp = makeTempDir();
    dataDir = join(tmp.path, 'data');
    const evidence = join(tmp.path, 'evidence');
    mkdirSync(evidence, { recursive: true });
    for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(evidence, name), `witness statement ${name}\n`);
    const core = openCore({ dataDir, analyser: null, operator: 'DC Test' });
    try {
      const api = createApi(core);
      const c = await api.call('case.create', { title: 'Triage tamper' });
      caseId = c.id;
      ids = (await api.call('items.ingest', { caseId, paths: [evidence] })).items.map((item) => item.id);
      await core.triage.setTriage(ids[0]!, { status: 'disputed', assignee: 'DS Grey' }, 'DC Test', { membersOnly: false });
      await core.triage.setTriageOfMany(caseId, [ids[1]!, ids[2]!], { status: 'not-relevant' }, 'DC Test', { membersOnly: false });
      commentIds = [
        (await core.triage.comment(ids[0]!, 'The time on the sign does not match the EXIF.', 'DC Test')).id,
        (await core.triage.comment(ids[1]!, 'Reposted from another account.', 'DS Grey')).id,
      ];
    } finally {
      await core.close();
    }
  });
  afterEach(() => tmp.remove());

  function tamper(...statements: string[]): void {
    const db = new Database(dataLayout(dataDir).database);
    try {
      db.exec('DROP TRIGGER IF EXISTS item_comments_no_update; DROP TRIGGER IF EXISTS item_comments_no_delete;');
      for (const statement of statements) db.exec(statement);
    } finally {
      db.close();
    }
  }

  async function verify(): Promise<{ code: number | null; report: Report; stdout: string }> {
    const json = await runCli(['custody', String(caseId), '--verify', '--json'], { dataDir });
    const text = await runCli(['custody', String(caseId), '--verify'], { dataDir });
    return { code: json.code, report: JSON.parse(json.stdout) as Report, stdout: text.stdout };
  }

  it('passes the triaged, commented case as it was written', async () => {
    const { code, report } = await verify();
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
  });

  it('a status and an assignee forged in the items table', async () => {
    tamper(`UPDATE items SET triage_status = 'verified' WHERE id = ${ids[0]}`, `UPDATE items SET assignee = 'Mallory' WHERE id = ${ids[1]}`,
      // Put back to untriaged: the ledger still says not-relevant.
      `UPDATE items SET triage_status = 'new' WHERE id = ${ids[2]}`);
    const { code, report, stdout } = await verify();
    expect(code).toBe(1);
    for (const id of ids) {
      expect(report.problems).toContainEqual(expect.objectContaining({ itemId: id, problem: expect.stringMatching(new RegExp(`item ${id}'s database row differs from its custody record \\(entry \\d+\\) in: triage$`)) }));
    }
    expect(stdout).toContain(`item ${ids[0]}:`);
  });

  it('a comment edited, one removed and one added outside Golden Hour', async () => {
    tamper(`UPDATE item_comments SET body = 'The time on the sign matches the EXIF.' WHERE id = ${commentIds[0]}`,
      `DELETE FROM item_comments WHERE id = ${commentIds[1]}`,
      `INSERT INTO item_comments (id, item_id, case_id, at, author, body) VALUES (100, ${ids[2]}, ${caseId}, '2026-12-01T00:00:00.000Z', 'DC Test', 'Cleared.')`);
    const { code, report } = await verify();
    expect(code).toBe(1);
    expect(report.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ itemId: ids[0], field: 'comment', problem: expect.stringMatching(new RegExp(`comment ${commentIds[0]} on item ${ids[0]} differs from its custody record \\(entry \\d+\\) in: text`)) }),
      expect.objectContaining({ itemId: ids[1], field: 'comment', problem: `comment ${commentIds[1]} on item ${ids[1]} is in the custody ledger but missing from the database` }),
      expect.objectContaining({ itemId: ids[2], field: 'comment', problem: `comment 100 on item ${ids[2]} has no custody entry: it was added outside Golden Hour` }),
    ]));
  });
});
