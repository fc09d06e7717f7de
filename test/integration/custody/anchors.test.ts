import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import { openCore, type Core } from '../../../src/core.js';
import { runCli, runCliJson } from '../../support/cli.js';
import { forgeLedger } from '../../support/ledger-forgery.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { startTestTsa, type TestTsa } from '../../support/tsa-server.js';

/** Anchors outside the machine: the local RFC 3161 authority of the tests stamps each ledger head. */
describe('ledger anchors with a time-stamping authority', () => {
  let tsa: TestTsa;
  let now = new Date();
  const clock = { now: () => now };
  let tmp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let caseId: number;
  let itemIds: number[];

  beforeAll(async () => {
    tsa = await startTestTsa({ now: () => now });
  });
  afterAll(() => tsa.close());

  /** Runs against a core opened as a command opens one, and takes its anchors as a command does before exiting. */
  async function withCore<T>(work: (api: Api, core: Core) => Promise<T>): Promise<T> {
    const core = openCore({ dataDir, clock, analyser: null, operator: 'DC Anchor', anchorTimer: false });
    try {
      const result = await work(createApi(core), core);
      await core.anchors.anchorPending({ wait: true });
      return result;
    } finally {
      await core.close();
    }
  }
  const verify = (extra: Record<string, unknown> = {}) => withCore((api) => api.call('custody.verify', { caseId, ...extra }));
  const ledger = () => withCore((api) => api.call('custody.list', { caseId }));

  beforeEach(async () => {
    now = new Date();
    tmp = makeTempDir();
    dataDir = join(tmp.path, 'data');
    const evidence = join(tmp.path, 'evidence');
    mkdirSync(evidence);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(evidence, name), `statement ${name}\n`);
    await withCore((api) => api.call('settings.setTsa', { tsa: [tsa.url], intervalSeconds: 0 }));
    caseId = (await withCore((api) => api.call('case.create', { title: 'Anchored' }))).id;
    now = new Date(now.getTime() + 60_000);
    itemIds = (await withCore((api) => api.call('items.ingest', { caseId, paths: [evidence] }))).items.map((i) => i.id);
    now = new Date(now.getTime() + 3_600_000); // an hour later, the case is checked
  });
  afterEach(() => tmp.remove());

  it('anchors the head after each piece of work, and the anchors hold (chained to the authority\'s root)', async () => {
    const entries = await ledger();
    const anchors = entries.filter((e) => e.action === 'anchor');
    expect(anchors.map((e) => e.details.headSeq)).toEqual([2, anchors[1] ? (anchors[1].seq - 1) : -1]);
    expect(anchors[1]?.details).toMatchObject({ tsaUrl: tsa.url, tsaName: 'Golden Hour Test TSA', fromSeq: 3 });
    expect(typeof anchors[1]?.details.token).toBe('string');
    const report = await verify({ tsaCaPem: tsa.caPem });
    expect(report.problems).toEqual([]);
    expect(report.anchors).toEqual({ count: 2, intact: 2 });
  });

  it('names an entry rewritten and re-hashed with the anchors kept', async () => {
    const renamed = itemIds[0];
    let changedSeq = 0;
    forgeLedger(dataDir, caseId, (entries) => entries.map((e) => {
      if (e.itemId !== renamed || e.action !== 'item acquired') return e;
      changedSeq = e.seq;
      return { ...e, details: { ...e.details, state: { ...(e.details.state as object), originalName: 'harmless.txt' } } };
    }), [`UPDATE items SET original_name = 'harmless.txt' WHERE id = ${renamed}`]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({
      seq: changedSeq, itemId: renamed,
      problem: expect.stringMatching(new RegExp(`^entry ${changedSeq} changed after anchor \\d+, timestamped \\S+Z by TSA Golden Hour Test TSA$`)),
    }));
    expect(report.problems).toContainEqual(expect.objectContaining({ problem: expect.stringMatching(/no longer match anchor \d+, .*: re-hashed after an earlier entry changed$/) }));
  });

  it('names the entries no anchor covered in time when the broken anchors are dropped and the rest renumbered', async () => {
    const renamed = itemIds[1];
    forgeLedger(dataDir, caseId, (entries) => entries
      .filter((e) => e.action !== 'anchor' || e.details.headSeq === 2)
      .map((e) => (e.itemId === renamed && e.action === 'item acquired'
        ? { ...e, details: { ...e.details, state: { ...(e.details.state as object), originalName: 'harmless.txt' } } }
        : e)), [`UPDATE items SET original_name = 'harmless.txt' WHERE id = ${renamed}`]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.anchors.intact).toBeGreaterThanOrEqual(1);
    expect(report.problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(
      /^entries 4-6 \(from \S+\) were not anchored within 5 minutes while anchoring was on \(the first intact anchor covering them was timestamped \S+\): anchors were removed, or the authorities could not be reached$/));
  });

  it('a case created while anchoring is on says so in its ledger: dropping every anchor and rewriting is named', async () => {
    const entries = await ledger();
    expect(entries.slice(0, 2).map((e) => [e.seq, e.action, e.details.tsa ?? null])).toEqual([[1, 'case created', null], [2, 'anchoring changed', [tsa.url]]]);
    const renamed = itemIds[0];
    forgeLedger(dataDir, caseId, (all) => all
      .filter((e) => e.action !== 'anchor')
      .map((e) => (e.itemId === renamed && e.action === 'item acquired'
        ? { ...e, details: { ...e.details, state: { ...(e.details.state as object), originalName: 'harmless.txt' } } }
        : e)), [`UPDATE items SET original_name = 'harmless.txt' WHERE id = ${renamed}`]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(
      /^entries 2-\d+ \(from \S+\) were not anchored within 5 minutes while anchoring was on \(the first intact anchor covering them was timestamped \S+\): anchors were removed/));
  });

  it('an authority that cannot be reached leaves the anchor waiting; the next command takes it', async () => {
    await withCore((api) => api.call('settings.setTsa', { tsa: ['http://127.0.0.1:9/tsa'], intervalSeconds: 0 }));
    const outcome = await withCore(async (_api, core) => core.anchors.anchorPending());
    expect(outcome).toContainEqual(expect.objectContaining({ caseId, state: 'failed', message: expect.stringContaining('did not answer') }));
    const waiting = (await ledger()).filter((e) => e.action === 'anchor' && e.details.tsaUrl === 'http://127.0.0.1:9/tsa');
    expect(waiting).toEqual([]);
    await withCore((api) => api.call('settings.setTsa', { tsa: [tsa.url], intervalSeconds: 0 }));
    const last = (await ledger()).filter((e) => e.action === 'anchor').at(-1);
    expect(last?.details).toMatchObject({ tsaUrl: tsa.url });
    expect(Date.parse(String(last?.details.obtainedAt))).toBeGreaterThanOrEqual(Date.parse(String(last?.details.pendingSince)));
  });
});

describe('goldenhour settings set tsa, and custody --verify --tsa-ca', () => {
  it('anchors after each command and reports the anchors on verify', async () => {
    const tsa = await startTestTsa();
    const tmp = makeTempDir();
    try {
      const dataDir = join(tmp.path, 'data');
      const set = await runCli(['settings', 'set', 'tsa', tsa.url], { dataDir });
      expect(set.stdout).toContain(`Anchoring with ${tsa.url} (at most one request per 60 s each).`);
      const bad = await runCli(['settings', 'set', 'tsa', 'ftp://tsa.example'], { dataDir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('Expected each time-stamping authority to be an http(s) URL but received "ftp://tsa.example"');
      const created = await runCliJson<{ id: number }>(['case', 'create', '--title', 'CLI anchored'], { dataDir });
      expect(tsa.requests).toBe(1);
      // Within the minute, a verification is not waited for: it goes with the next anchor.
      writeFileSync(join(tmp.path, 'ca.pem'), tsa.caPem);
      const verified = await runCli(['custody', String(created.json.id), '--verify', '--tsa-ca', join(tmp.path, 'ca.pem')], { dataDir });
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain('Anchors: 1 of 1 hold.');
    } finally {
      await tsa.close();
      tmp.remove();
    }
  }, 240_000); // four commands, each a fresh process
});
