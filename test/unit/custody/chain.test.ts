import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, entryHash, verifyChain, type CustodyEntry } from '../../../src/custody/chain.js';

function chain(n: number): CustodyEntry[] {
  const entries: CustodyEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const unhashed = {
      caseUuid: 'case-1', seq, at: `2026-11-21T10:00:0${seq}.000Z`, operator: 'pc 1234', tool: 'Golden Hour', toolVersion: '0.1.0',
      action: seq === 1 ? 'case created' : 'item acquired', itemId: seq === 1 ? null : seq, details: { n: seq }, prevHash,
    };
    const entry = { ...unhashed, hash: entryHash(unhashed) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

describe('custody chain', () => {
  it('accepts an intact chain whose head matches', () => {
    const entries = chain(5);
    expect(verifyChain(entries, { caseUuid: 'case-1', headSeq: 5, headHash: entries[4]?.hash })).toEqual([]);
  });

  it('names an edited entry by sequence number and item', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, operator: 'mallory' };
    expect(verifyChain(entries)).toEqual([{ seq: 3, itemId: 3, problem: 'entry 3 (item acquired) was altered: its content no longer matches its hash' }]);
  });

  it('notices an entry deleted from the middle', () => {
    const entries = chain(5);
    entries.splice(2, 1);
    const problems = verifyChain(entries).map((p) => p.problem);
    expect(problems).toContain('entries 3 are missing before entry 4');
    expect(problems).toContain('entry 4 does not follow the entry before it (previous-hash mismatch)');
  });

  it('notices the last entry deleted, against the recorded head', () => {
    const entries = chain(5);
    const head = entries[4]!;
    expect(verifyChain(entries.slice(0, 4), { headSeq: 5, headHash: head.hash }).map((p) => p.problem)).toEqual([
      'the ledger should end at entry 5 but ends at 4: entries were deleted',
    ]);
  });

  it('notices an entry re-hashed after editing (the next link breaks)', () => {
    const entries = chain(4);
    const { hash: _old, ...rest } = { ...entries[1]!, details: { n: 99 } };
    entries[1] = { ...rest, hash: entryHash(rest) };
    expect(verifyChain(entries).map((p) => p.seq)).toEqual([3]);
  });

  it('notices entries moved from another case', () => {
    const entries = chain(2);
    expect(verifyChain(entries, { caseUuid: 'case-2' }).map((p) => p.problem)).toContain('entry 1 belongs to another case (case-1)');
  });
});
