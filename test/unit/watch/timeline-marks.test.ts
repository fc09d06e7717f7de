import { expect, it } from 'vitest';
import { watchMarks } from '../../../src/watch/timeline-marks.js';
import type { Watch, WatchOutcome, WatchRun } from '../../../src/watch/watch-types.js';

const watch: Watch = {
  id: 7, caseId: 1, url: 'https://x.com/a/status/1', itemId: 10, everySeconds: 300, untilAt: null, settings: {}, state: 'active',
  stopReason: null, stoppedAt: null, nextRunAt: '2026-07-01T21:00:00.000Z', createdAt: '2026-07-01T20:00:00.000Z', createdBy: 'alice',
};
let nextId = 0;
const run = (minute: number, outcome: WatchOutcome, itemId: number | null): WatchRun => ({
  id: ++nextId, watchId: 7, dueAt: '', startedAt: `2026-07-01T20:${String(minute).padStart(2, '0')}:00.000Z`, finishedAt: '', itemId,
  version: itemId === null ? null : itemId - 9, outcome, missed: 0, verdict: {}, error: null,
});
const at = (minute: number) => Date.parse(`2026-07-01T20:${String(minute).padStart(2, '0')}:00.000Z`);

it('marks each version, and each edit or removal with the time the post was last seen as before (never an unreachable run)', () => {
  const runs = [run(0, 'first', 10), run(5, 'unchanged', 11), run(10, 'edited', 12), run(15, 'unreachable', null), run(20, 'login-wall', 13),
    run(25, 'deleted', 14), run(30, 'account-suspended', 15), run(35, 'unchanged', 16)];
  expect(watchMarks([{ watch, runs }]).map((m) => [m.mark, m.outcome, m.atMs, m.lastSeenMs, m.itemId])).toEqual([
    ['version', 'first', at(0), null, 10],
    ['version', 'unchanged', at(5), null, 11],
    ['edited', 'edited', at(10), at(5), 12],
    // A login wall is a version, but it tells nothing: the deletion was last seen as before at the edit.
    ['version', 'login-wall', at(20), null, 13],
    ['removed', 'deleted', at(25), at(10), 14],
    ['removed', 'account-suspended', at(30), at(25), 15],
    ['version', 'unchanged', at(35), null, 16],
  ]);
  expect(watchMarks([{ watch, runs: [] }])).toEqual([]);
});

it('orders the marks of several watches by time', () => {
  const other = { ...watch, id: 8, url: 'https://x.com/b/status/2' };
  const marks = watchMarks([{ watch, runs: [run(10, 'first', 20)] }, { watch: other, runs: [{ ...run(5, 'first', 21), watchId: 8 }] }]);
  expect(marks.map((m) => [m.url, m.atMs])).toEqual([['https://x.com/b/status/2', at(5)], ['https://x.com/a/status/1', at(10)]]);
});
