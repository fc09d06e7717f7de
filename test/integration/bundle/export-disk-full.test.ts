import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { mountTmpfs } from '../../support/tmpfs.js';

const tmp = makeTempDir();
const target = join(tmp.path, 'small-stick');
mkdirSync(target);
// Mounting the small disk needs root (the suite runs as root in CI); without it the test is skipped.
const mounted = mountTmpfs(target, '4m');
afterAll(() => {
  if (mounted) execFileSync('umount', [target]);
  tmp.remove();
});

/** An export to a 4 MB tmpfs (a small stick) of a case holding 8 MB that does not compress. */
describe.skipIf(!mounted)('export to a full disk', { timeout: 240_000 }, () => {
  it('says which disk is full and how much is free, writes no bundle and leaves nothing behind', async () => {
    const dataDir = join(tmp.path, 'data');
    const caseId = (await runCliJson<{ id: number }>(['case', 'create', '--title', 'Too big'], { dataDir })).json.id;
    const evidence = join(tmp.path, 'evidence');
    mkdirSync(evidence);
    writeFileSync(join(evidence, 'video.bin'), randomBytes(8 * 1024 * 1024));
    expect((await runCli(['ingest', String(caseId), evidence], { dataDir })).code).toBe(0);
    const out = join(target, 'case.zip');
    const result = await runCli(['export', String(caseId), '--out', out], { dataDir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`The disk holding ${target} is full \\(\\d+\\.\\d MB free\\): the bundle was not written, and nothing of it was left there\\. Free some space there, or choose another folder, and export again\\.`));
    expect(readdirSync(target)).toEqual([]);
    const ledger = await runCliJson<{ action: string }[]>(['custody', String(caseId)], { dataDir });
    expect(ledger.json.filter((entry) => entry.action === 'export')).toEqual([]);
  });
});
