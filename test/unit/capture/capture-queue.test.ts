import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/core.js';
import type { CaptureQueueRepository } from '../../../src/store/repositories.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let core: Core;
let queue: CaptureQueueRepository;
let caseId: number;

beforeEach(async () => {
  temp = makeTempDir();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  queue = core.captureQueue;
  caseId = (await core.cases.create({ title: 'queue' }, 'tester')).id;
});
afterEach(async () => {
  await core.close();
  temp.remove();
});

describe('CaptureQueue', () => {
  it('queues each URL once and hands them out oldest first', async () => {
    await queue.enqueue(caseId, ['https://a.example/', 'https://b.example/'], 'tester');
    const again = await queue.enqueue(caseId, ['https://a.example/'], 'tester');
    expect(again.queued.map((e) => e.id)).toEqual([1]);
    expect(await queue.claimNext(caseId)).toMatchObject({ url: 'https://a.example/', state: 'running', attempts: 1 });
    expect(await queue.claimNext(caseId)).toMatchObject({ url: 'https://b.example/' });
    expect(await queue.claimNext(caseId)).toBeNull();
  });

  it('puts entries a killed run left running back in the queue', async () => {
    await queue.enqueue(caseId, ['https://a.example/'], 'tester');
    await queue.claimNext(caseId);
    expect(await queue.recoverInterrupted(caseId)).toBe(1);
    expect(await queue.list(caseId, 'queued')).toHaveLength(1);
  });

  it('reports captured URLs instead of queueing them again, and requeues failed ones', async () => {
    await queue.enqueue(caseId, ['https://a.example/', 'https://b.example/'], 'tester');
    const a = (await queue.claimNext(caseId))!;
    const item = await core.items.insert({ caseId, kind: 'page', sha256: 'a'.repeat(64), size: 1, mediaType: 'application/json' }, 'tester');
    await queue.markCaptured(a.id, item.id);
    const b = (await queue.claimNext(caseId))!;
    expect(await queue.markFailed(b.id, 'redirect loop')).toMatchObject({ state: 'failed', error: 'redirect loop' });
    const again = await queue.enqueue(caseId, ['https://a.example/', 'https://b.example/'], 'tester');
    expect(again.alreadyCaptured).toEqual([expect.objectContaining({ url: 'https://a.example/', itemId: item.id })]);
    expect(again.queued).toEqual([expect.objectContaining({ url: 'https://b.example/', state: 'queued', error: null })]);
  });

  it('refuses a captured row without its item (a database check)', async () => {
    await queue.enqueue(caseId, ['https://a.example/'], 'tester');
    const db = new Database(core.layout.database);
    try {
      expect(() => db.prepare("UPDATE capture_queue SET state = 'captured' WHERE id = 1").run()).toThrow(/CHECK constraint/);
    } finally {
      db.close();
    }
  });
});
