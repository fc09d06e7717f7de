import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import type { Core } from '../../../src/core.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** The pid of a process that has come and gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('an export killed midway', () => {
  const temp = makeTempDir('gh-bundle-leftover-');
  let core: Core;
  let fixture: BundleCase;

  beforeAll(async () => {
    core = openTestCore(join(temp.path, 'data'));
    fixture = await makeBundleCase(core);
  });
  afterAll(async () => {
    await core.close();
    temp.remove();
  });

  it('leaves an unfinished zip that the next export to the same file removes; one still being written is left alone', async () => {
    const killed = `.bundle.zip.${await deadPid()}.5f3a9c01d2e4.part`;
    const killedByOlderVersion = `.bundle.zip.${await deadPid()}.part`;
    const otherFile = `.other.zip.${await deadPid()}.5f3a9c01d2e4.part`;
    // A live process's: another export under way (the desktop app may run two).
    const live = `.bundle.zip.${process.pid}.0123456789ab.part`;
    for (const name of [killed, killedByOlderVersion, otherFile, live]) writeFileSync(join(temp.path, name), 'half a zip');

    const result = await exportBundle(core, { caseId: fixture.case.id, outPath: join(temp.path, 'bundle.zip'), selection: {}, operator: 'alice' });
    expect(existsSync(result.path)).toBe(true);
    const left = readdirSync(temp.path).filter((name) => name.endsWith('.part')).sort();
    expect(left).toEqual([live, otherFile].sort());
  });

  it('two exports to the same file at once: one bundle is placed, the other says so, and neither leaves a part', async () => {
    const outPath = join(temp.path, 'twice.zip');
    const both = await Promise.allSettled([1, 2].map(() => exportBundle(core, { caseId: fixture.case.id, outPath, selection: {}, operator: 'alice' })));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = both.find((r) => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'conflict', message: expect.stringContaining('appeared while exporting') });
    expect(readdirSync(temp.path).filter((name) => name.startsWith('.twice.zip.'))).toEqual([]);
  });
});
