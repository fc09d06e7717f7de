import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Repositories, Store, WatchRepository } from '../../../src/store/repositories.js';
import { WatchService } from '../../../src/watch/watch-service.js';
import { startChangingPostSite, type ChangingPostSite } from '../../support/changing-post-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

// A run that fails after its version was written, but before its run row, must leave neither:
// the store below makes the watch repository of the next unit of work fail at `recordRun`, as a
// process killed at that point would. The clock is stepped one interval per run.
const temp = makeTempDir();
let site: ChangingPostSite;
let core: Core;
let watches: WatchService;
let caseId: number;
let offsetMs = 0;
let failRecordRun = false;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const operator = 'watcher';

function failingOnce(repository: WatchRepository): WatchRepository {
  return new Proxy(repository, {
    get: (target, method) => {
      if (method === 'recordRun' && failRecordRun) {
        return async () => {
          failRecordRun = false;
          throw new Error('the process stopped before the run row was written');
        };
      }
      const value = (target as unknown as Record<string | symbol, unknown>)[method];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  site = await startChangingPostSite();
  core = openCore({ dataDir: temp.path, operator, clock, analyser: null });
  caseId = (await core.cases.create({ title: 'watch' }, operator)).id;
  const store: Store = {
    backend: core.store.backend,
    close: () => core.store.close(),
    read: (work) => core.store.read(work),
    withTransaction: (work) => core.store.withTransaction((tx: Repositories) => work({ ...tx, watches: failingOnce(tx.watches) })),
  };
  watches = new WatchService({ ...core, store, capture: new CaptureService({ ...core, store }) });
}, 60_000);
afterAll(async () => {
  await core.close();
  await site.close();
  temp.remove();
});

async function nextRun() {
  const [watch] = await core.watches.list(caseId);
  offsetMs += Math.max(0, Date.parse(watch!.nextRunAt) - clock.now().getTime());
  const reports = await watches.runDue(caseId, { operator, timeoutSeconds: 10, allowPrivate: true });
  expect(reports).toHaveLength(1);
  return reports[0]!.run;
}

it('never keeps a version without its run: a run failing between them leaves no version, and the next one is stored with its run', async () => {
  await watches.register({ caseId, urls: [`${site.origin}${site.postPath}`], everySeconds: 120, untilAt: null, settings: { allowPrivate: true }, operator });
  const first = await nextRun();
  expect(first).toMatchObject({ outcome: 'first', version: 1 });
  const itemsBefore = await core.items.ids(caseId);

  site.state.text = 'Water over the kerb on Harbour Road, two cars stuck.';
  failRecordRun = true;
  const failed = await nextRun();
  expect(failed).toMatchObject({ itemId: null, version: null, error: expect.stringContaining('the process stopped before the run row was written') });
  expect(await core.items.ids(caseId)).toEqual(itemsBefore);
  expect((await core.ledger.list(caseId)).filter((e) => e.action === 'item acquired' && e.details.watchId !== undefined && e.details.version === 2)).toEqual([]);

  const edited = await nextRun();
  expect(edited).toMatchObject({ outcome: 'edited', version: 2 });
  // Every version item of the case is named by exactly one run, and every run's version is an item.
  const runs = await core.watches.runs(first.watchId);
  const versions = (await core.items.list(caseId)).filter((item) => item.parentId === null).map((item) => item.id);
  expect(runs.flatMap((r) => (r.itemId === null ? [] : [r.itemId])).sort()).toEqual(versions.sort());
}, 120_000);
