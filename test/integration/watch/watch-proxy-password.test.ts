import Database from 'better-sqlite3';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { dataLayout } from '../../../src/config/data-dir.js';
import { openCore, type Core } from '../../../src/core.js';
import { WatchService } from '../../../src/watch/watch-service.js';
import { startChangingPostSite, type ChangingPostSite } from '../../support/changing-post-site.js';
import { startTestProxy, type TestProxy } from '../../support/http-proxy.js';
import { makeTempDir } from '../../support/temp-dir.js';

// The post is reached as http://x.com/... through a proxy that wants a user name and password.
const temp = makeTempDir();
const password = 'Harb0ur-s3cret';
let site: ChangingPostSite;
let proxy: TestProxy;
let core: Core;
let watches: WatchService;
let caseId: number;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const operator = 'watcher';
const postUrl = 'http://x.com/harbourwatch/status/1';

beforeAll(async () => {
  site = await startChangingPostSite();
  proxy = await startTestProxy(site.origin, { user: 'investigator', password });
  core = openCore({ dataDir: temp.path, operator, clock, analyser: null, anchorTimer: false });
  caseId = (await core.cases.create({ title: 'watch' }, operator)).id;
  watches = new WatchService({ ...core, capture: new CaptureService(core) });
}, 60_000);
afterAll(async () => {
  await core.close();
  await proxy.close();
  await site.close();
  temp.remove();
});

async function nextRun() {
  const [watch] = await core.watches.list(caseId);
  offsetMs += Math.max(0, Date.parse(watch!.nextRunAt) - clock.now().getTime());
  return watches.runDue(caseId, { operator, timeoutSeconds: 10 });
}

it("keeps a watch's proxy password out of the database and the ledger, runs with it, and says clearly when it is missing", async () => {
  const proxyWithPassword = proxy.url.replace('http://', `http://investigator:${password}@`);
  const { watches: [watch] } = await watches.register({ caseId, urls: [postUrl], everySeconds: 120, untilAt: null, settings: { proxy: proxyWithPassword }, operator });
  expect(watch!.settings).toEqual({ proxy: `${proxy.url.replace('http://', 'http://investigator@')}/`, proxyPassword: `${proxy.url.replace('http://', 'http://investigator@')}/` });
  const [first] = await nextRun();
  expect(first!.run).toMatchObject({ outcome: 'first', version: 1, error: null });
  expect(proxy.requestedHosts).toContain('x.com');

  // Nowhere in the case database (rows, ledger, anything) is the password.
  const db = new Database(dataLayout(temp.path).database, { readonly: true });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
  const dump = tables.map((name) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
  db.close();
  expect(dump).toContain('investigator');
  expect(dump).not.toContain(password);
  // It is kept on this machine, owner-only.
  const kept = join(dataLayout(temp.path).keys, 'proxy-passwords.json');
  expect(readFileSync(kept, 'utf8')).toContain(password);
  expect(statSync(kept).mode & 0o777).toBe(0o600);

  // Another machine (or a lost file): the run is refused with what is missing, and left due.
  rmSync(kept);
  const due = (await core.watches.list(caseId))[0]!;
  offsetMs += 121_000;
  await expect(watches.runDue(caseId, { operator, timeoutSeconds: 10 })).rejects.toMatchObject({
    code: 'unavailable',
    message: expect.stringMatching(/^Watch 1 \(http:\/\/x\.com\/harbourwatch\/status\/1\) goes through the proxy http:\/\/investigator@127\.0\.0\.1:\d+\/, but that proxy's password is not kept on this machine \(.*proxy-passwords\.json\); it is never stored in the case database\. Watch the address again with the proxy's password to keep it here, or stop the watch\.$/),
  });
  expect(await core.watches.runs(due.id)).toHaveLength(1);
  expect((await core.watches.list(caseId))[0]!.nextRunAt).toBe(due.nextRunAt);

  // Watching the address again with the password keeps it here again; the watch runs on.
  expect((await watches.register({ caseId, urls: [postUrl], everySeconds: 120, untilAt: null, settings: { proxy: proxyWithPassword }, operator })).alreadyWatched).toHaveLength(1);
  const [again] = await watches.runDue(caseId, { operator, timeoutSeconds: 10 });
  expect(again!.run).toMatchObject({ outcome: 'unchanged', version: 2, error: null });
}, 120_000);
