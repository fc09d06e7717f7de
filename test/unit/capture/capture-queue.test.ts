import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptureQueue } from '../../../src/capture/capture-queue.js';
import { openCore, type Core } from '../../../src/core.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let core: Core;
let queue: CaptureQueue;
let caseId: number;

beforeEach(() => {
  temp = makeTempDir();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  queue = new CaptureQueue(core.db, core.clock);
  caseId = core.cases.create({ title: 'queue' }, 'tester').id;
});
afterEach(() => {
  core.close();
  temp.remove();
});

describe('CaptureQueue', () => {
  it('queues each URL once and hands them out oldest first', () => {
    queue.enqueue(caseId, ['https://a.example/', 'https://b.example/'], 'tester');
    const again = queue.enqueue(caseId, ['https://a.example/'], 'tester');
    expect(again.queued.map((e) => e.id)).toEqual([1]);
    expect(queue.claimNext(caseId)).toMatchObject({ url: 'https://a.example/', state: 'running', attempts: 1 });
    expect(queue.claimNext(caseId)).toMatchObject({ url: 'https://b.example/' });
    expect(queue.claimNext(caseId)).toBeNull();
  });

  it('puts entries a killed run left running back in the queue', () => {
    queue.enqueue(caseId, ['https://a.example/'], 'tester');
    queue.claimNext(caseId);
    expect(queue.recoverInterrupted(caseId)).toBe(1);
    expect(queue.list(caseId, 'queued')).toHaveLength(1);
  });

  it('reports captured URLs instead of queueing them again, and requeues failed ones', () => {
    queue.enqueue(caseId, ['https://a.example/', 'https://b.example/'], 'tester');
    const a = queue.claimNext(caseId)!;
    const item = core.items.insert({ caseId, kind: 'page', sha256: 'a'.repeat(64), size: 1, mediaType: 'application/json' }, 'tester');
    queue.markCaptured(a.id, item.id);
    const b = queue.claimNext(caseId)!;
    expect(queue.markFailed(b.id, 'redirect loop')).toMatchObject({ state: 'failed', error: 'redirect loop' });
    const again = queue.enqueue(caseId, ['https://a.example/', 'https://b.example/'], 'tester');
    expect(again.alreadyCaptured).toEqual([expect.objectContaining({ url: 'https://a.example/', itemId: item.id })]);
    expect(again.queued).toEqual([expect.objectContaining({ url: 'https://b.example/', state: 'queued', error: null })]);
  });

  it('refuses a captured row without its item (a database check)', () => {
    queue.enqueue(caseId, ['https://a.example/'], 'tester');
    expect(() => core.db.prepare("UPDATE capture_queue SET state = 'captured' WHERE id = 1").run()).toThrow(/CHECK constraint/);
  });
});
