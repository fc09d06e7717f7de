import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { mountTmpfs } from '../../support/tmpfs.js';

const tmp = makeTempDir();
const disk = join(tmp.path, 'small-disk');
mkdirSync(disk);
const mounted = mountTmpfs(disk, '8m');

/** A data folder on an 8 MB tmpfs (mounting needs root: the suite runs as root in CI). */
describe.skipIf(!mounted)('a full disk', { timeout: 240_000 }, () => {
  const dataDir = join(disk, 'data');
  let caseId: number;
  beforeAll(async () => {
    caseId = (await runCliJson<{ id: number }>(['case', 'create', '--title', 'Full'], { dataDir })).json.id;
    const small = join(tmp.path, 'small');
    mkdirSync(small);
    writeFileSync(join(small, 'a.txt'), 'statement');
    expect((await runCli(['ingest', String(caseId), small], { dataDir })).code).toBe(0);
  });
  afterAll(() => {
    execFileSync('umount', [disk]);
    tmp.remove();
  });

  it('an import too big for the disk says which folder is full and how much it needed', async () => {
    const big = join(tmp.path, 'big');
    mkdirSync(big);
    writeFileSync(join(big, 'video.bin'), Buffer.alloc(12 * 1024 * 1024, 7));
    const result = await runCliJson<{ errors: { path: string; error: string }[] }>(['ingest', String(caseId), big], { dataDir });
    expect(result.code).toBe(1);
    expect(result.json.errors).toEqual([{ path: join(big, 'video.bin'), error: expect.stringMatching(
      new RegExp(`^The disk holding ${join(dataDir, 'vault')} is full \\(\\d+\\.\\d MB free; it needs at least 12\\.0 MB\\): the file .*video\\.bin was not stored`)) }]);
  });

  it('custody --verify on a disk with no byte left still verifies, and says its own ledger entry was skipped', async () => {
    // Every byte taken: SQLite cannot even grow the WAL index (the -shm file) that reading needs.
    const filler = join(disk, 'filler');
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
    } catch {
      // dd stops with "No space left on device": that is the point.
    }
    try {
      const result = await runCliJson<{ ok: boolean; entries: number; items: number; notes: string[]; problems: unknown[] }>(['custody', String(caseId), '--verify'], { dataDir });
      expect(result.json).toMatchObject({ ok: true, items: 1, problems: [] });
      expect(result.code).toBe(0);
      expect(result.json.notes).toEqual(expect.arrayContaining([expect.stringMatching(
        new RegExp(`^The disk holding ${dataDir} is full \\(.*\\): this verification's own ledger entry was not stored`))]));
      const human = await runCli(['custody', String(caseId), '--verify'], { dataDir });
      expect(human.stdout).toMatch(/Custody verified: intact\./);
      expect(human.code).toBe(0);
    } finally {
      rmSync(filler, { force: true });
    }
    // With room again, the verification is recorded as before.
    const again = await runCliJson<{ ok: boolean; notes: string[] }>(['custody', String(caseId), '--verify'], { dataDir });
    expect(again.json.ok).toBe(true);
    expect(again.json.notes.filter((note) => /is full/.test(note))).toEqual([]);
    const ledger = await runCliJson<{ action: string }[]>(['custody', String(caseId)], { dataDir });
    expect(ledger.json.filter((entry) => entry.action === 'verification')).toHaveLength(1);
  });
});
