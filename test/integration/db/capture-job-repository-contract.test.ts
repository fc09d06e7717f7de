import { expect, it } from 'vitest';
import type { ClaimedJob } from '../../../src/capture/capture-job-repository.js';
import { describeOnEachBackend } from '../../support/store-backends.js';

const T0 = '2026-12-02T00:00:00.000Z';
const T1 = '2026-12-02T00:00:30.000Z';
const T2 = '2026-12-02T00:01:00.000Z';

/** The capture job repository's contract (workers, leases, per-host spacing), on SQLite and on PostgreSQL. */
describeOnEachBackend('capture job repository on %s', (db) => {

  async function queue(urls: string[]) {
    return db.store.withTransaction(async (tx) => {
      const c = await tx.cases.create({ title: 'Jobs' }, 'lena');
      const { queued } = await tx.captureQueue.enqueue(c.id, urls, 'lena');
      for (const entry of queued) await tx.captureJobs.addJob(entry.id, { allowPrivate: true, proxy: 'http://u:secret@proxy:8080' }, 'lena');
      return { caseId: c.id, ids: queued.map((e) => e.id) };
    });
  }

  it('adds workers once per name and finds them by token hash only', async () => {
    const w = await db.store.withTransaction((tx) => tx.captureJobs.addWorker('rack-1', 'a'.repeat(64), T0));
    expect(w).toEqual({ id: w.id, name: 'rack-1', createdAt: T0, lastSeenAt: null });
    await expect(db.store.withTransaction((tx) => tx.captureJobs.addWorker('rack-1', 'b'.repeat(64), T0))).rejects.toMatchObject({ code: 'conflict' });
    expect(await db.store.read((tx) => tx.captureJobs.workerByToken('a'.repeat(64)))).toMatchObject({ name: 'rack-1' });
    expect(await db.store.read((tx) => tx.captureJobs.workerByToken('c'.repeat(64)))).toBeNull();
    expect(await db.store.read((tx) => tx.captureJobs.workersSeenSince(T0))).toBe(0);
    await db.store.withTransaction((tx) => tx.captureJobs.touchWorker(w.id, T1));
    expect(await db.store.read((tx) => tx.captureJobs.workersSeenSince(T0))).toBe(1);
    expect(await db.store.read((tx) => tx.captureJobs.workersSeenSince(T2))).toBe(0);
  });

  it('leases each job to one worker; a lease that runs out goes to the next claimant, and the old holder can neither renew nor end it', async () => {
    const { ids } = await queue(['https://a.example/1', 'https://a.example/2']);
    const [w1, w2] = await db.store.withTransaction(async (tx) => [await tx.captureJobs.addWorker('w1', '1'.repeat(64), T0), await tx.captureJobs.addWorker('w2', '2'.repeat(64), T0)]);
    const first = await db.store.withTransaction((tx) => tx.captureJobs.claim(w1!.id, 'lease-1', T0, T1, 3)) as ClaimedJob;
    expect(first).toMatchObject({ queueId: ids[0], url: 'https://a.example/1', queuedBy: 'lena', leaseId: 'lease-1', leaseExpiresAt: T1, leases: 1, settings: { allowPrivate: true } });
    const second = await db.store.withTransaction((tx) => tx.captureJobs.claim(w2!.id, 'lease-2', T0, T1, 3)) as ClaimedJob;
    expect(second.queueId).toBe(ids[1]);
    // Both held and not run out: nothing to claim.
    expect(await db.store.withTransaction((tx) => tx.captureJobs.claim(w2!.id, 'lease-3', T0, T1, 3))).toBeNull();
    expect(await db.store.withTransaction((tx) => tx.captureJobs.renewLease(ids[1]!, 'lease-2', T2))).toBe(true);
    // w1 stops renewing: after T1 its job is taken again, by w2.
    const again = await db.store.withTransaction((tx) => tx.captureJobs.claim(w2!.id, 'lease-4', '2026-12-02T00:00:31.000Z', T2, 3)) as ClaimedJob;
    expect(again).toMatchObject({ queueId: ids[0], leaseId: 'lease-4', leases: 2 });
    expect(await db.store.withTransaction((tx) => tx.captureJobs.renewLease(ids[0]!, 'lease-1', T2))).toBe(false);
    expect(await db.store.withTransaction((tx) => tx.captureJobs.heldJob(ids[0]!, 'lease-1'))).toBeNull();
    expect(await db.store.withTransaction((tx) => tx.captureJobs.heldJob(ids[0]!, 'lease-4'))).toMatchObject({ queueId: ids[0] });
    expect((await db.store.read((tx) => tx.captureQueue.get(ids[0]!))).attempts).toBe(2);
    await db.store.withTransaction(async (tx) => {
      await tx.captureQueue.markFailed(ids[0]!, 'gone');
      await tx.captureJobs.endJob(ids[0]!);
    });
    expect(await db.store.withTransaction((tx) => tx.captureJobs.heldJob(ids[0]!, 'lease-4'))).toBeNull();
  });

  it('hands back a job that has stopped too many workers as lost instead of leasing it again', async () => {
    const { ids } = await queue(['https://a.example/crash']);
    const w = await db.store.withTransaction((tx) => tx.captureJobs.addWorker('w', 'f'.repeat(64), T0));
    await db.store.withTransaction((tx) => tx.captureJobs.claim(w.id, 'l1', T0, T1, 2));
    await db.store.withTransaction((tx) => tx.captureJobs.claim(w.id, 'l2', '2026-12-02T00:00:31.000Z', T2, 2));
    const lost = await db.store.withTransaction((tx) => tx.captureJobs.claim(w.id, 'l3', '2026-12-02T00:01:01.000Z', '2026-12-02T00:02:00.000Z', 2));
    expect(lost).toMatchObject({ lost: { queueId: ids[0], leases: 2 } });
  });

  it('never leases one job twice to claimants at once, and spaces a host across them', async () => {
    const { ids } = await queue(Array.from({ length: 6 }, (_, i) => `https://b.example/${i}`));
    const w = await db.store.withTransaction((tx) => tx.captureJobs.addWorker('w', 'e'.repeat(64), T0));
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => db.store.withTransaction((tx) => tx.captureJobs.claim(w.id, `l${i}`, T0, T1, 3))));
    const taken = claims.filter((c): c is ClaimedJob => c !== null && !('lost' in c)).map((c) => c.queueId).sort((a, b) => a - b);
    expect(taken).toEqual(ids);
    const slots = await Promise.all(Array.from({ length: 5 }, () => db.store.withTransaction((tx) => tx.captureJobs.reserveHostSlot('b.example', 1_000_000, 500))));
    expect(slots.sort((a, b) => a - b)).toEqual([1_000_000, 1_000_500, 1_001_000, 1_001_500, 1_002_000]);
    // A host idle past its next slot starts at once.
    expect(await db.store.withTransaction((tx) => tx.captureJobs.reserveHostSlot('b.example', 2_000_000, 500))).toBe(2_000_000);
    expect(await db.store.withTransaction((tx) => tx.captureJobs.reserveHostSlot('c.example', 1_000_000, 500))).toBe(1_000_000);
  });

  it('ends a job by forgetting its settings (a proxy password does not outlive the capture)', async () => {
    const { ids } = await queue(['https://a.example/p']);
    await db.store.withTransaction((tx) => tx.captureJobs.endJob(ids[0]!));
    const w = await db.store.withTransaction((tx) => tx.captureJobs.addWorker('w', 'd'.repeat(64), T0));
    const job = await db.store.withTransaction((tx) => tx.captureJobs.claim(w.id, 'l', T0, T1, 3)) as ClaimedJob;
    expect(job.settings).toEqual({});
  });
});
