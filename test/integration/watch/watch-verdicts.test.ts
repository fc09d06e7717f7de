import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import { verifyCase } from '../../../src/custody/verify-case.js';
import { WatchService, type WatchRunReport } from '../../../src/watch/watch-service.js';
import { startChangingPostSite, type ChangingPostSite } from '../../support/changing-post-site.js';
import { startTestProxy, type TestProxy } from '../../support/http-proxy.js';
import { makeTempDir } from '../../support/temp-dir.js';

// The post is reached as http://x.com/... through a proxy that serves the changing site, so X's own
// "unavailable" pages are read as X's. The clock is stepped one interval per run: no test waits.
const temp = makeTempDir();
let site: ChangingPostSite;
let proxy: TestProxy;
let core: Core;
let watches: WatchService;
let caseId: number;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const postUrl = 'http://x.com/harbourwatch/status/1';
const operator = 'watcher';

beforeAll(async () => {
  site = await startChangingPostSite();
  proxy = await startTestProxy(site.origin);
  core = openCore({ dataDir: temp.path, operator, clock });
  caseId = (await core.cases.create({ title: 'watch' }, operator)).id;
  watches = new WatchService({ ...core, capture: new CaptureService(core) });
}, 60_000);
afterAll(async () => {
  await core.close();
  await proxy.close();
  await site.close();
  temp.remove();
});

/** Steps the clock to the next run and runs what is due: exactly one run of the one watch. */
async function nextRun(): Promise<WatchRunReport> {
  const [watch] = await core.watches.list(caseId);
  offsetMs += Math.max(0, Date.parse(watch!.nextRunAt) - clock.now().getTime());
  const reports = await watches.runDue(caseId, { operator, timeoutSeconds: 10 });
  expect(reports).toHaveLength(1);
  return reports[0]!;
}

const changeEntries = async () => (await core.ledger.list(caseId)).filter((e) => e.action === 'watch change');

it('gives each change of the post its verdict, in the ledger with its time window and both captures', async () => {
  const { watches: [watch] } = await watches.register({ caseId, urls: [postUrl], everySeconds: 120, untilAt: null, settings: { proxy: proxy.url }, operator });
  expect(watch!.itemId).toBeNull();
  expect((await core.ledger.list(caseId)).some((e) => e.action === 'watch started' && e.details.everySeconds === 120)).toBe(true);

  const first = await nextRun();
  expect(first.run).toMatchObject({ outcome: 'first', version: 1, error: null });
  expect(first.watch.itemId).toBe(first.run.itemId);
  const firstItem = await core.items.get(first.run.itemId!);
  expect(firstItem.post).toMatchObject({ platform: 'x', handle: '@harbourwatch' });

  expect((await nextRun()).run.outcome).toBe('unchanged');
  expect(await changeEntries()).toHaveLength(0);

  site.state.text = 'Water over the kerb on Harbour Road, two cars stuck.';
  const edited = await nextRun();
  expect(edited.run.outcome).toBe('edited');
  expect(edited.run.verdict.evidence).toEqual(expect.arrayContaining([expect.stringMatching(/post text changed: .*-"turning back\."/)]));
  // The version is a new item; the first capture is never touched.
  expect(edited.run.itemId).not.toBe(first.run.itemId);
  expect(await core.items.get(first.run.itemId!)).toEqual(firstItem);
  expect((await core.items.get(edited.run.itemId!)).flags).toContain('watch-version');

  site.state.photo = 'large';
  const photo = await nextRun();
  expect(photo.run.outcome).toBe('edited');
  const media = (photo.run.verdict.differences as { media: { replaced: unknown[] } }).media;
  expect(media.replaced).toHaveLength(1);

  site.state.replies = ['Saw it too, at 8:10.'];
  const reply = await nextRun();
  expect(reply.run.outcome).toBe('edited');
  expect((reply.run.verdict.differences as { comments: { removed: string[] } }).comments.removed).toEqual([expect.stringContaining('Road closed now.')]);

  site.state.mode = 'server-down';
  const down = await nextRun();
  expect(down.run.outcome).toBe('unreachable');

  site.state.mode = 'not-found';
  const gone = await nextRun();
  expect(gone.run.outcome).toBe('deleted');
  const deletion = (await changeEntries()).at(-1)!;
  // Still there at the last run that saw it (before the server went down), gone at this one.
  expect(deletion.details).toMatchObject({
    outcome: 'deleted', from: 'present',
    window: { lastSeen: { state: 'present', at: reply.run.startedAt }, firstSeen: { state: 'deleted', at: gone.run.startedAt } },
    before: { itemId: reply.run.itemId, captureRecordSha256: (await core.items.get(reply.run.itemId!)).sha256 },
    after: { itemId: gone.run.itemId, captureRecordSha256: (await core.items.get(gone.run.itemId!)).sha256, status: 404 },
  });

  site.state.mode = 'post';
  expect((await nextRun()).run.outcome).toBe('unchanged');
  for (const [mode, outcome] of [['unavailable', 'deleted'], ['suspended', 'account-suspended'], ['protected', 'account-private'], ['login-wall', 'login-wall']] as const) {
    site.state.mode = mode;
    const report = await nextRun();
    expect({ mode, outcome: report.run.outcome, status: (await core.items.get(report.run.itemId!)).capture?.status }).toEqual({ mode, outcome, status: 200 });
  }
  expect((await changeEntries()).map((e) => e.details.outcome)).toEqual(['edited', 'edited', 'edited', 'unreachable', 'deleted', 'unchanged', 'deleted', 'account-suspended', 'account-private', 'login-wall']);

  const stopped = await watches.stop(caseId, operator, 'stopped by user');
  expect(stopped[0]).toMatchObject({ state: 'stopped', stopReason: 'stopped by user' });
  expect((await core.ledger.list(caseId)).at(-1)).toMatchObject({ action: 'watch stopped', details: { reason: 'stopped by user' } });
  expect(await watches.runDue(caseId, { operator })).toEqual([]);
  const verification = await verifyCase(core, caseId);
  expect(verification.problems ?? verification).toEqual([]);
}, 240_000);
