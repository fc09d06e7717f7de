import Database from 'better-sqlite3';
import { entryHash, GENESIS_HASH, type CustodyEntry } from '../../src/custody/chain.js';
import { dataLayout } from '../../src/config/data-dir.js';

/**
 * Rewrites a case's ledger as an insider holding the data folder could: triggers dropped, the
 * entries edited by `edit`, renumbered from 1, every hash recomputed so the chain holds again,
 * and the case's head moved to the new last entry. What `custody --verify` alone cannot see.
 */
export function forgeLedger(dataDir: string, caseId: number, edit: (entries: CustodyEntry[]) => CustodyEntry[], sql: string[] = []): CustodyEntry[] {
  const db = new Database(dataLayout(dataDir).database);
  try {
    db.exec('DROP TRIGGER IF EXISTS custody_no_update; DROP TRIGGER IF EXISTS custody_no_delete; DROP TRIGGER IF EXISTS items_no_delete;');
    db.pragma('foreign_keys = OFF');
    const uuid = (db.prepare('SELECT uuid FROM cases WHERE id = ?').get(caseId) as { uuid: string }).uuid;
    const rows = db.prepare('SELECT * FROM custody WHERE case_id = ? ORDER BY seq').all(caseId) as Record<string, unknown>[];
    const entries: CustodyEntry[] = rows.map((row) => ({
      caseUuid: uuid, seq: row.seq as number, at: row.at as string, operator: row.operator as string, tool: row.tool as string,
      toolVersion: row.tool_version as string, action: row.action as string, itemId: row.item_id as number | null,
      details: JSON.parse(row.details as string) as Record<string, unknown>, prevHash: row.prev_hash as string, hash: row.hash as string,
    }));
    let prevHash = GENESIS_HASH;
    const forged = edit(entries).map((entry, index) => {
      const unhashed = { ...entry, seq: index + 1, prevHash };
      const hashed = { ...unhashed, hash: entryHash(unhashed) };
      prevHash = hashed.hash;
      return hashed;
    });
    db.transaction(() => {
      db.prepare('DELETE FROM custody WHERE case_id = ?').run(caseId);
      const insert = db.prepare(`INSERT INTO custody (case_id, seq, at, operator, tool, tool_version, action, item_id, details, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const e of forged) insert.run(caseId, e.seq, e.at, e.operator, e.tool, e.toolVersion, e.action, e.itemId, JSON.stringify(e.details), e.prevHash, e.hash);
      db.prepare('UPDATE cases SET ledger_seq = ?, ledger_head = ? WHERE id = ?').run(forged.length, prevHash, caseId);
      for (const statement of sql) db.exec(statement);
    })();
    return forged;
  } finally {
    db.close();
  }
}
