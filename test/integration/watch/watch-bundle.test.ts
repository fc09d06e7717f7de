import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import { verifyBundle } from '../../../src/bundle/verify/verifier.js';
import { checkWatchesFile } from '../../../src/bundle/verify/watch-checks.js';
import type { CustodyEntry } from '../../../src/custody/chain.js';
import type { Manifest } from '../../../src/bundle/format/manifest.js';
import { WatchService } from '../../../src/watch/watch-service.js';
import { startChangingPostSite, type ChangingPostSite } from '../../support/changing-post-site.js';
import { readZipEntries } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';

const temp = makeTempDir();
let site: ChangingPostSite;
let core: Core;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

beforeAll(async () => {
  site = await startChangingPostSite();
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'watcher', clock });
}, 60_000);
afterAll(async () => {
  await core.close();
  await site.close();
  temp.remove();
});

it('a bundle of the watched item carries every version and the change records, shows them in report.html, and verifies', async () => {
  const caseId = (await core.cases.create({ title: 'watch bundle' }, 'watcher')).id;
  const watches = new WatchService({ ...core, capture: new CaptureService(core) });
  await watches.register({ caseId, urls: [`${site.origin}${site.postPath}`], everySeconds: 60, untilAt: null, settings: { allowPrivate: true }, operator: 'watcher' });
  const [first] = await watches.runDue(caseId, { operator: 'watcher', timeoutSeconds: 10 });
  site.state.text = 'Water over the kerb on Harbour Road, now knee deep.';
  offsetMs += 61_000;
  const [second] = await watches.runDue(caseId, { operator: 'watcher', timeoutSeconds: 10 });
  expect([first!.run.outcome, second!.run.outcome]).toEqual(['first', 'edited']);

  // Only the first capture is asked for: its version (and the version's own children) come along.
  const out = join(temp.path, 'watched.zip');
  const result = await exportBundle(core, { caseId, outPath: out, selection: { itemIds: [first!.run.itemId!] }, operator: 'watcher' });
  expect(result.itemIds).toEqual(expect.arrayContaining([first!.run.itemId, second!.run.itemId]));
  const entries = await readZipEntries(out);
  const names = entries.map((e) => e.name);
  expect(names).toEqual(expect.arrayContaining([`items/${first!.run.itemId}.json`, `items/${second!.run.itemId}.json`, 'watches.json']));
  const watchesJson = JSON.parse(entries.find((e) => e.name === 'watches.json')!.data.toString()) as { watches: { runs: { outcome: string; itemId: number }[] }[] };
  expect(watchesJson.watches[0]!.runs.map((r) => [r.outcome, r.itemId])).toEqual([['first', first!.run.itemId], ['edited', second!.run.itemId]]);
  const custody = entries.find((e) => e.name === 'custody.jsonl')!.data.toString().trim().split('\n').map((line) => JSON.parse(line) as { action: string; details: { after?: { itemId: number } } });
  expect(custody.find((e) => e.action === 'watch change')?.details.after?.itemId).toBe(second!.run.itemId);
  const report = entries.find((e) => e.name === 'report.html')!.data.toString();
  expect(report).toContain('Watched addresses: versions and changes');
  expect(report).toMatch(new RegExp(`<a href="#item-${second!.run.itemId}">v2, item ${second!.run.itemId}</a></td><td><strong>edited</strong>`));
  expect(report).toContain('-&quot;cars turning back.&quot;');

  const { report: verification } = await verifyBundle(out);
  expect(verification.problems).toEqual([]);
  expect(verification.ok).toBe(true);

  // watches.json is checked against the hash-chained ledger: a run rewritten before sealing is named.
  const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString()) as Manifest;
  const ledger = custody as unknown as CustodyEntry[];
  const original = entries.find((e) => e.name === 'watches.json')!.data;
  expect(checkWatchesFile(original, ledger, manifest)).toEqual([]);
  const rewritten = Buffer.from(original.toString().replace('"outcome": "edited"', '"outcome": "unchanged"'));
  expect(checkWatchesFile(rewritten, ledger, manifest)).toEqual([{ path: 'watches.json', problem: expect.stringMatching(/the change the custody ledger recorded at seq \d+ \(edited, item \d+\) is not among its runs/) }]);
  const unbundled = { ...manifest, items: manifest.items.filter((item) => item.id !== second!.run.itemId) };
  expect(checkWatchesFile(original, ledger, unbundled).map((p) => p.problem)).toEqual([expect.stringMatching(/version 2 \(item \d+\) is not in the bundle/)]);
}, 180_000);
