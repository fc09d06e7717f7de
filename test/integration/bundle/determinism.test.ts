import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import { loadOrCreateSigningKey } from '../../../src/bundle/format/signing-key.js';
import { verifyBundle } from '../../../src/bundle/verify/verifier.js';
import { fixedClock, makeBundleCase, openTestCore } from '../../support/bundle-case.js';
import { readZipEntries } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';

const EXPORT_TIME = '2026-11-21T16:00:00.000Z';

describe('deterministic bundles', () => {
  const temp = makeTempDir('gh-bundle-determinism-');
  const original = join(temp.path, 'data');
  let caseId = 0;

  beforeAll(async () => {
    const core = openTestCore(original, fixedClock('2026-11-21T15:00:00.000Z'));
    caseId = (await makeBundleCase(core)).case.id;
    // The installation's key is part of the input: make it before the data dir is copied.
    loadOrCreateSigningKey(core.layout.keys);
    await core.close();
  });
  afterAll(() => temp.remove());

  async function exportFrom(dataDir: string, out: string, at: string) {
    const core = openTestCore(dataDir, fixedClock(at));
    try {
      return await exportBundle(core, { caseId, outPath: join(temp.path, out), selection: {}, operator: 'alice' });
    } finally {
      await core.close();
    }
  }

  it('the same selection of the same case state, key and export time gives byte-identical zips', async () => {
    // Two copies of one installation (database, vault and key): each export then starts from the
    // same ledger, which a second export from the same copy would not (the first one is recorded).
    cpSync(original, join(temp.path, 'copy-a'), { recursive: true });
    cpSync(original, join(temp.path, 'copy-b'), { recursive: true });
    const a = await exportFrom(join(temp.path, 'copy-a'), 'a.zip', EXPORT_TIME);
    const b = await exportFrom(join(temp.path, 'copy-b'), 'b.zip', EXPORT_TIME);
    expect(a.sha256).toBe(b.sha256);
    expect(readFileSync(join(temp.path, 'a.zip')).equals(readFileSync(join(temp.path, 'b.zip')))).toBe(true);
    expect((await verifyBundle(join(temp.path, 'a.zip'))).report.ok).toBe(true);
  });

  it('at another time, only manifest.json, seal.json and the grown ledger differ; order, dates and storage are fixed', async () => {
    const first = await exportFrom(original, 'first.zip', EXPORT_TIME);
    const second = await exportFrom(original, 'second.zip', '2026-11-22T09:30:00.000Z');
    expect(first.sha256).not.toBe(second.sha256);
    const one = await readZipEntries(join(temp.path, 'first.zip'));
    const two = await readZipEntries(join(temp.path, 'second.zip'));
    expect(two.map((e) => e.name)).toEqual(one.map((e) => e.name));
    const differing = one.filter((entry, i) => !entry.data.equals(two[i]?.data ?? Buffer.alloc(0))).map((e) => e.name);
    expect(differing.sort()).toEqual(['SHA256SUMS', 'custody.jsonl', 'manifest.json', 'report.html', 'seal.json'].sort());
    // report.html shows the ledger's length and head, which the first export moved on by one entry.
    // One DOS date for every entry: 2000-01-01 00:00:00, written from UTC (whatever the TZ of the run).
    expect(new Set([...one, ...two].map((e) => e.time))).toEqual(new Set([(((2000 - 1980) << 9) | (1 << 5) | 1) * 65536]));
    for (const entry of one) {
      expect(entry.stored, entry.name).toBe(entry.name.startsWith('evidence/') && /\.(jpg|png)$/.test(entry.name) || entry.name.startsWith('derived/') || entry.name === 'report.html');
    }
    const secondLedger = two.find((e) => e.name === 'custody.jsonl')?.data.toString('utf8') ?? '';
    expect(secondLedger).toContain(first.sha256);
  });
});
