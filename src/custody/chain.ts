import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';

/** The previous-hash of a case's first custody entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The actions written to the ledger. New actions may be added; old ones never change meaning. */
export const custodyActions = [
  'case created',
  'case updated',
  'case closed',
  'case reopened',
  'item acquired',
  'item analysed',
  'item time re-placed',
  'item updated',
  'item withdrawn',
  'note changed',
  'tags changed',
  'grading changed',
  'item triaged',
  'item commented',
  'capture queued',
  'export',
  'verification',
  'push received',
] as const;
export type CustodyAction = (typeof custodyActions)[number] | (string & {});

/** One custody entry, exactly as hashed and as written to `custody.jsonl`. */
export const custodyEntrySchema = z.object({
  caseUuid: z.string(),
  seq: z.number().int().positive(),
  at: z.string(),
  operator: z.string(),
  tool: z.string(),
  toolVersion: z.string(),
  action: z.string(),
  itemId: z.number().int().positive().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type CustodyEntry = z.infer<typeof custodyEntrySchema>;

/** The hash of an entry: SHA-256 of the canonical JSON of every field but `hash` itself. */
export function entryHash(entry: Omit<CustodyEntry, 'hash'>): string {
  const { caseUuid, seq, at, operator, tool, toolVersion, action, itemId, details, prevHash } = entry;
  return sha256Hex(canonicalJson({ caseUuid, seq, at, operator, tool, toolVersion, action, itemId, details, prevHash }));
}

/** A break in the chain, named by sequence number and item. */
export interface ChainProblem {
  seq: number | null;
  itemId: number | null;
  problem: string;
}

/**
 * Walks a chain of entries (in sequence order) and reports every break: a missing or
 * out-of-order sequence number, an entry whose content no longer matches its hash, or a
 * previous-hash that does not match the entry before. Needs nothing but the entries, so a
 * recipient can check an exported `custody.jsonl` on its own.
 */
export function verifyChain(entries: CustodyEntry[], expected?: { caseUuid?: string; headSeq?: number; headHash?: string }): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const entry of entries) {
    if (expected?.caseUuid !== undefined && entry.caseUuid !== expected.caseUuid) {
      problems.push({ seq: entry.seq, itemId: entry.itemId, problem: `entry ${entry.seq} belongs to another case (${entry.caseUuid})` });
    }
    if (entry.seq !== expectedSeq) {
      problems.push({
        seq: entry.seq,
        itemId: entry.itemId,
        problem: entry.seq > expectedSeq
          ? `entries ${expectedSeq}${entry.seq - 1 > expectedSeq ? `-${entry.seq - 1}` : ''} are missing before entry ${entry.seq}`
          : `entry ${entry.seq} is out of sequence (expected ${expectedSeq})`,
      });
    }
    if (entryHash(entry) !== entry.hash) {
      problems.push({ seq: entry.seq, itemId: entry.itemId, problem: `entry ${entry.seq} (${entry.action}) was altered: its content no longer matches its hash` });
    }
    if (entry.prevHash !== prevHash) {
      problems.push({ seq: entry.seq, itemId: entry.itemId, problem: `entry ${entry.seq} does not follow the entry before it (previous-hash mismatch)` });
    }
    prevHash = entry.hash;
    expectedSeq = entry.seq + 1;
  }
  if (expected?.headSeq !== undefined && expected.headSeq !== expectedSeq - 1) {
    problems.push({
      seq: expected.headSeq,
      itemId: null,
      problem: expected.headSeq > expectedSeq - 1
        ? `the ledger should end at entry ${expected.headSeq} but ends at ${expectedSeq - 1}: entries were deleted`
        : `the ledger has entries past its recorded head (${expected.headSeq})`,
    });
  } else if (expected?.headHash !== undefined && entries.length > 0 && expected.headHash !== prevHash) {
    problems.push({ seq: expected.headSeq ?? null, itemId: null, problem: 'the last ledger entry does not match the recorded head hash' });
  }
  return problems;
}
