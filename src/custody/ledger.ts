import type { CaseDatabase } from '../db/database.js';
import { GoldenHourError } from '../util/errors.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { tool } from '../version.js';
import { entryHash, type CustodyAction, type CustodyEntry } from './chain.js';

interface CustodyRow {
  case_id: number;
  seq: number;
  at: string;
  operator: string;
  tool: string;
  tool_version: string;
  action: string;
  item_id: number | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** What a caller asks the ledger to record. */
export interface CustodyEvent {
  caseId: number;
  operator: string;
  action: CustodyAction;
  itemId?: number | null;
  details?: Record<string, unknown>;
}

/**
 * The custody ledger: an append-only, hash-chained log per case, stored in the case database.
 * `append` must run inside the transaction that makes the change it records, so the change
 * and its record land together or not at all.
 */
export class CustodyLedger {
  constructor(
    private readonly db: CaseDatabase,
    private readonly clock: Clock,
  ) {}

  /** Appends an entry after the case's current head and moves the head. */
  append(event: CustodyEvent): CustodyEntry {
    if (!this.db.inTransaction) throw new Error('CustodyLedger.append must run inside a transaction');
    const head = this.db
      .prepare('SELECT uuid, ledger_seq, ledger_head FROM cases WHERE id = ?')
      .get(event.caseId) as { uuid: string; ledger_seq: number; ledger_head: string } | undefined;
    if (!head) throw new GoldenHourError('not-found', `no case with id ${event.caseId}`);
    const unhashed = {
      caseUuid: head.uuid,
      seq: head.ledger_seq + 1,
      at: isoUtc(this.clock.now()),
      operator: event.operator,
      tool: tool.name,
      toolVersion: tool.version,
      action: event.action,
      itemId: event.itemId ?? null,
      details: event.details ?? {},
      prevHash: head.ledger_head,
    };
    const entry: CustodyEntry = { ...unhashed, hash: entryHash(unhashed) };
    this.db
      .prepare(
        `INSERT INTO custody (case_id, seq, at, operator, tool, tool_version, action, item_id, details, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(event.caseId, entry.seq, entry.at, entry.operator, entry.tool, entry.toolVersion, entry.action,
        entry.itemId, JSON.stringify(entry.details), entry.prevHash, entry.hash);
    this.db.prepare('UPDATE cases SET ledger_seq = ?, ledger_head = ? WHERE id = ?').run(entry.seq, entry.hash, event.caseId);
    return entry;
  }

  /** When an anchor was last asked of this authority, in any case (ISO UTC), or null. */
  lastAnchorRequest(tsaUrl: string): string | null {
    const row = this.db
      .prepare("SELECT max(json_extract(details, '$.requestedAt')) AS at FROM custody WHERE action = 'anchor' AND json_extract(details, '$.tsaUrl') = ?")
      .get(tsaUrl) as { at: string | null } | undefined;
    return row?.at ?? null;
  }

  /** Every entry of a case, in sequence order (optionally only those about one item). */
  list(caseId: number, itemId?: number): CustodyEntry[] {
    const caseRow = this.db.prepare('SELECT uuid FROM cases WHERE id = ?').get(caseId) as { uuid: string } | undefined;
    if (!caseRow) throw new GoldenHourError('not-found', `no case with id ${caseId}`);
    const rows = (itemId === undefined
      ? this.db.prepare('SELECT * FROM custody WHERE case_id = ? ORDER BY seq').all(caseId)
      : this.db.prepare('SELECT * FROM custody WHERE case_id = ? AND item_id = ? ORDER BY seq').all(caseId, itemId)) as CustodyRow[];
    return rows.map((row) => rowToEntry(row, caseRow.uuid));
  }
}

function rowToEntry(row: CustodyRow, caseUuid: string): CustodyEntry {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details) as Record<string, unknown>;
  } catch {
    details = { unreadable: row.details };
  }
  return {
    caseUuid,
    seq: row.seq,
    at: row.at,
    operator: row.operator,
    tool: row.tool,
    toolVersion: row.tool_version,
    action: row.action,
    itemId: row.item_id,
    details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
