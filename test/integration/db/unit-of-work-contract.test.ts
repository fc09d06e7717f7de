import { beforeEach, expect, it } from 'vitest';
import { GENESIS_HASH, verifyChain } from '../../../src/custody/chain.js';
import { autoCommitRepositories } from '../../../src/store/unit-scope.js';
import { appendFromAnotherThread, describeOnEachBackend } from '../../support/store-backends.js';

/** Units of work on every backend: atomic, isolated from each other, and refusing misuse. */
describeOnEachBackend('units of work on %s', (db) => {
  let caseId: number;
  beforeEach(async () => {
    caseId = (await db.store.withTransaction((tx) => tx.cases.create({ title: 'Units' }, 'alice'))).id;
  });

  const photo = (sha: string) => ({ caseId, kind: 'photo' as const, sha256: sha.repeat(64), size: 1, mediaType: 'image/jpeg' });

  it('keeps nothing of a unit that throws: neither the item nor its custody entry, nor the moved head', async () => {
    const before = await db.store.read((tx) => tx.ledger.head(caseId));
    await expect(db.store.withTransaction(async (tx) => {
      await tx.items.insert(photo('a'), 'alice');
      await tx.items.insert(photo('b'), 'alice');
      throw new Error('the vault filled up');
    })).rejects.toThrow('the vault filled up');
    await db.store.read(async (tx) => {
      expect(await tx.items.ids(caseId)).toEqual([]);
      expect(await tx.ledger.head(caseId)).toEqual(before);
      expect(await tx.ledger.list(caseId)).toHaveLength(1);
      expect(await tx.review.blob('a'.repeat(64))).toBeNull();
    });
    expect(before.hash).not.toBe(GENESIS_HASH);
  });

  it('never shows a unit its neighbour has not committed, and runs both whole', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let committed = false;
    const writer = db.store.withTransaction(async (tx) => {
      await tx.items.insert(photo('a'), 'alice');
      await gate;
      await tx.items.insert(photo('b'), 'alice');
    }).then(() => {
      committed = true;
    });
    // The reader starts while the writer is open (SQLite: it waits for it; PostgreSQL: it reads the committed state).
    const reader = db.store.read(async (tx) => ({ ids: await tx.items.ids(caseId), afterCommit: committed }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await writer;
    const seen = await reader;
    expect(seen.ids.length === 0 || (seen.afterCommit && seen.ids.length === 2)).toBe(true);
    expect(await db.store.read((tx) => tx.items.ids(caseId))).toHaveLength(2);
  });

  it('appends concurrent units to one ledger one after the other: each unit whole, the chain unbroken', async () => {
    const unit = (n: number) => db.store.withTransaction(async (tx) => {
      const first = await tx.ledger.append({ caseId, operator: `writer-${n}`, action: 'verification', details: { n, part: 1 } });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await tx.ledger.append({ caseId, operator: `writer-${n}`, action: 'verification', details: { n, part: 2 } });
      return [first.seq, second.seq];
    });
    const seqs = await Promise.all([1, 2, 3, 4, 5].map(unit));
    for (const [first, second] of seqs) expect(second).toBe(first! + 1);
    const entries = await db.store.read((tx) => tx.ledger.list(caseId));
    const head = await db.store.read((tx) => tx.ledger.head(caseId));
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(verifyChain(entries, { headSeq: head.seq, headHash: head.hash })).toEqual([]);
  });

  it('appends from another connection (another thread) at once without losing or forking an entry', async () => {
    const here = Promise.all(Array.from({ length: 20 }, (_, n) =>
      db.store.withTransaction((tx) => tx.ledger.append({ caseId, operator: 'here', action: 'verification', details: { n } }))));
    await Promise.all([here, appendFromAnotherThread(db.name, db.location, caseId, 20, 'there')]);
    const entries = await db.store.read((tx) => tx.ledger.list(caseId));
    expect(entries).toHaveLength(41);
    expect(entries.filter((e) => e.operator === 'there')).toHaveLength(20);
    const head = await db.store.read((tx) => tx.ledger.head(caseId));
    expect(verifyChain(entries, { headSeq: head.seq, headHash: head.hash })).toEqual([]);
  }, 120_000);

  it('refuses a unit opened inside another, and repositories used after their unit ended', async () => {
    await expect(db.store.withTransaction(async () => db.store.read((tx) => tx.cases.list()))).rejects.toThrow(/inside another/);
    const auto = autoCommitRepositories(db.store);
    await expect(db.store.withTransaction(async () => auto.cases.get(caseId))).rejects.toThrow(/inside another/);
    const kept = await db.store.read(async (tx) => tx);
    await expect(kept.cases.get(caseId)).rejects.toThrow(/after its unit of work ended/);
    // Work started from inside a unit that has ended may open its own.
    let later: Promise<unknown> = Promise.resolve();
    await db.store.withTransaction(async () => {
      later = new Promise((resolve) => setTimeout(resolve, 10)).then(() => db.store.read((tx) => tx.cases.get(caseId)));
    });
    await expect(later).resolves.toMatchObject({ id: caseId });
  });

  it('runs each call of the auto-commit repositories as its own unit', async () => {
    const auto = autoCommitRepositories(db.store);
    const item = await auto.items.insert(photo('c'), 'alice');
    expect(await auto.items.get(item.id)).toEqual(item);
    expect((await auto.ledger.list(caseId)).map((e) => e.action)).toEqual(['case created', 'item acquired']);
    expect((auto.items as unknown as { then?: unknown }).then).toBeUndefined();
  });
});
