import { closedCaseError } from '../cases/closed-case.js';
import type { CustodyLedger } from '../store/repositories.js';
import { ROWS_PER_STATEMENT, type SqlExecutor } from '../store/sql.js';
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

interface CaseHead {
  uuid: string;
  title: string;
  ledger_seq: number;
  ledger_head: string;
  closed_at: string | null;
  closed_by: string | null;
}

/** What a caller asks the ledger to record. */
export interface CustodyEvent {
  caseId: number;
  /**
   * Who acted. On a team server this is the authenticated account the door established, never a
   * name taken from the request; locally it is the operator of this machine.
   */
  operator: string;
  action: CustodyAction;
  itemId?: number | null;
  details?: Record<string, unknown>;
}

/**
 * What may still be recorded in a closed case: reading it out (export, verification, anchoring
 * what it holds), stopping a watch, and reopening it. Anything else is a change, and refused.
 */
export const ACTIONS_ON_A_CLOSED_CASE: ReadonlySet<string> = new Set(['case reopened', 'export', 'verification', 'anchor', 'watch stopped']);

/** Where a case's chain ends: its last entry's number and hash (0 and the genesis hash when empty). */
export interface LedgerHead {
  seq: number;
  hash: string;
}

/**
 * The custody ledger in SQL (both backends): an append-only, hash-chained log per case. The
 * case row holds the head, read with a row lock and moved in the same transaction as each
 * entry, so concurrent appends to one case queue behind each other and a deleted last entry is
 * noticed.
 */
export class SqlCustodyLedger implements CustodyLedger {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly clock: Clock,
  ) {}

  async append(event: CustodyEvent): Promise<CustodyEntry> {
    return (await this.appendMany([event]))[0]!;
  }

  async appendMany(events: CustodyEvent[]): Promise<CustodyEntry[]> {
    const heads = new Map<number, CaseHead>();
    const entries: { caseId: number; entry: CustodyEntry }[] = [];
    for (const event of events) {
      let head = heads.get(event.caseId);
      if (!head) {
        head = await this.lockHead(event.caseId);
        heads.set(event.caseId, head);
      }
      // Every change to a case is recorded here in the same unit of work, so this one check keeps a
      // closed case read-only whichever door or service the change comes from.
      if (head.closed_at !== null && !ACTIONS_ON_A_CLOSED_CASE.has(event.action)) {
        throw closedCaseError({ caseId: event.caseId, title: head.title, closedAt: head.closed_at, closedBy: head.closed_by });
      }
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
      head.ledger_seq = entry.seq;
      head.ledger_head = entry.hash;
      entries.push({ caseId: event.caseId, entry });
    }
    // Many rows a statement: one round trip per batch, not per entry (PostgreSQL over a network).
    for (let start = 0; start < entries.length; start += ROWS_PER_STATEMENT) {
      const batch = entries.slice(start, start + ROWS_PER_STATEMENT);
      await this.sql.run(
        `INSERT INTO custody (case_id, seq, at, operator, tool, tool_version, action, item_id, details, prev_hash, hash)
         VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        batch.flatMap(({ caseId, entry }) => [caseId, entry.seq, entry.at, entry.operator, entry.tool, entry.toolVersion, entry.action,
          entry.itemId, JSON.stringify(entry.details), entry.prevHash, entry.hash]));
    }
    // The head moves once per case, however many entries: the row is read locked, and written here.
    for (const [caseId, head] of heads) {
      await this.sql.run('UPDATE cases SET ledger_seq = ?, ledger_head = ? WHERE id = ?', [head.ledger_seq, head.ledger_head, caseId]);
    }
    return entries.map(({ entry }) => entry);
  }

  /** A case's head row, locked for the unit of work (a second append to the case waits for this unit to commit). */
  private async lockHead(caseId: number): Promise<CaseHead> {
    const head = await this.sql.get<CaseHead>(
      `SELECT uuid, title, ledger_seq, ledger_head, closed_at, closed_by FROM cases WHERE id = ?${this.sql.dialect.lockRow}`, [caseId]);
    if (!head) throw new GoldenHourError('not-found', `no case with id ${caseId}`);
    return head;
  }

  async lastAnchorRequest(tsaUrl: string): Promise<string | null> {
    const { jsonField } = this.sql.dialect;
    const row = await this.sql.get<{ at: string | null }>(
      `SELECT max(${jsonField('details', 'requestedAt')}) AS at FROM custody WHERE action = 'anchor' AND ${jsonField('details', 'tsaUrl')} = ?`, [tsaUrl]);
    return row?.at ?? null;
  }

  async pushedLedgers(): Promise<string[]> {
    const { jsonField } = this.sql.dialect;
    const rows = await this.sql.all<{ sha256: string | null }>(
      `SELECT DISTINCT ${jsonField('details', 'ledgerSha256')} AS sha256 FROM custody WHERE action = 'push received'`, []);
    return rows.flatMap((row) => (typeof row.sha256 === 'string' ? [row.sha256] : []));
  }

  async list(caseId: number, itemId?: number): Promise<CustodyEntry[]> {
    const caseRow = await this.sql.get<{ uuid: string }>('SELECT uuid FROM cases WHERE id = ?', [caseId]);
    if (!caseRow) throw new GoldenHourError('not-found', `no case with id ${caseId}`);
    const rows = itemId === undefined
      ? await this.sql.all<CustodyRow>('SELECT * FROM custody WHERE case_id = ? ORDER BY seq', [caseId])
      : await this.sql.all<CustodyRow>('SELECT * FROM custody WHERE case_id = ? AND item_id = ? ORDER BY seq', [caseId, itemId]);
    return rows.map((row) => rowToEntry(row, caseRow.uuid));
  }

  async head(caseId: number): Promise<LedgerHead> {
    const row = await this.sql.get<{ ledger_seq: number; ledger_head: string }>('SELECT ledger_seq, ledger_head FROM cases WHERE id = ?', [caseId]);
    if (!row) throw new GoldenHourError('not-found', `no case with id ${caseId}`);
    return { seq: row.ledger_seq, hash: row.ledger_head };
  }

  async itemsChangedSince(caseId: number, seq: number): Promise<number[]> {
    const rows = await this.sql.all<{ item_id: number }>(
      'SELECT DISTINCT item_id FROM custody WHERE case_id = ? AND seq > ? AND item_id IS NOT NULL ORDER BY item_id', [caseId, seq]);
    return rows.map((row) => row.item_id);
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
