import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import { loadOrCreateSigningKey } from '../../../src/bundle/format/signing-key.js';
import { verifyBundle } from '../../../src/bundle/verify/verifier.js';
import { fixedClock, openTestCore } from '../../support/bundle-case.js';
import { readZipEntries } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** A "phone dump": a binary header (NULs, so sniffed as application/octet-stream) before a long log that deflates well. */
function compressibleDump(bytes: number): Buffer {
  const lines = Array.from({ length: Math.ceil(bytes / 40) }, (_, i) => `2026-11-21 14:${String(i % 60).padStart(2, '0')} event ${i % 97}\n`).join('');
  return Buffer.concat([Buffer.alloc(512), Buffer.from(lines)]).subarray(0, bytes);
}

describe('bundle entries of types not known to be media', () => {
  const temp = makeTempDir('gh-bundle-storage-');
  const dataDir = join(temp.path, 'data');
  const blobs: Record<string, { sha256: string; bytes: Buffer; mediaType: string }> = {};
  let caseId = 0;

  beforeAll(async () => {
    const core = openTestCore(dataDir, fixedClock('2026-11-21T15:00:00.000Z'));
    const c = await core.cases.create({ title: 'Phone dumps', scene: { lat: 51.5, lon: -0.12, radiusM: 500 } }, 'alice');
    caseId = c.id;
    const contents = {
      // Streamed (over 2 MB) and read whole (small), incompressible and compressible, unknown types.
      randomLarge: { bytes: randomBytes(3 * 1024 * 1024 + 5), mediaType: 'application/octet-stream' },
      randomSmall: { bytes: randomBytes(200 * 1024), mediaType: 'application/x-tar' },
      dumpLarge: { bytes: compressibleDump(3 * 1024 * 1024), mediaType: 'application/octet-stream' },
      dumpSmall: { bytes: compressibleDump(100 * 1024), mediaType: 'application/vnd.sqlite3' },
      // Known by type: text deflated however random, compressed media stored however repetitive.
      text: { bytes: Buffer.from(randomBytes(60 * 1024).toString('base64')), mediaType: 'text/plain' },
      zip: { bytes: compressibleDump(101 * 1024), mediaType: 'application/zip' },
    };
    for (const [name, { bytes, mediaType }] of Object.entries(contents)) {
      const stored = await core.vault.putBuffer(bytes);
      blobs[name] = { sha256: stored.sha256, bytes, mediaType };
      await core.items.insert({ caseId: c.id, kind: 'file', sha256: stored.sha256, size: stored.size, mediaType, originalName: name }, 'alice');
    }
    loadOrCreateSigningKey(core.layout.keys);
    await core.close();
  });
  afterAll(() => temp.remove());

  async function exportCopy(name: string): Promise<string> {
    const copy = join(temp.path, `copy-${name}`);
    cpSync(dataDir, copy, { recursive: true });
    const core = openTestCore(copy, fixedClock('2026-11-21T16:00:00.000Z'));
    try {
      return (await exportBundle(core, { caseId, outPath: join(temp.path, `${name}.zip`), selection: {}, operator: 'alice' })).path;
    } finally {
      await core.close();
    }
  }

  it('stores what does not compress and deflates what does, deterministically, and the bundle still verifies', async () => {
    const path = await exportCopy('a');
    const entries = await readZipEntries(path);
    const storedOf = (name: string) => entries.find((e) => e.name.startsWith(`evidence/${blobs[name]?.sha256 ?? ''}`))?.stored;
    expect(Object.fromEntries(Object.keys(blobs).map((name) => [name, storedOf(name)]))).toEqual({
      randomLarge: true, randomSmall: true, dumpLarge: false, dumpSmall: false, text: false, zip: true,
    });
    for (const { sha256, bytes } of Object.values(blobs)) {
      expect(entries.find((e) => e.name.startsWith(`evidence/${sha256}`))?.data.equals(bytes)).toBe(true);
    }
    expect((await verifyBundle(path)).report).toMatchObject({ ok: true, problems: [] });
    expect(readFileSync(await exportCopy('b')).equals(readFileSync(path))).toBe(true);

    const unzipped = join(temp.path, 'unzipped');
    mkdirSync(unzipped);
    execFileSync('unzip', ['-q', path, '-d', unzipped]);
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: unzipped, encoding: 'utf8' });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
  });
});
