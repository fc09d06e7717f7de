import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import type { Core } from '../../../src/core.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('an export that cannot be trusted stops, leaves no file and records nothing', () => {
  const temp = makeTempDir('gh-bundle-fail-');
  const outDir = join(temp.path, 'out');
  let core: Core;
  let fixture: BundleCase;

  beforeAll(async () => {
    core = openTestCore(join(temp.path, 'data'));
    fixture = await makeBundleCase(core);
    rmSync(outDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await core.close();
    temp.remove();
  });

  const run = (name: string) => exportBundle(core, { caseId: fixture.case.id, outPath: join(temp.path, name), selection: {}, operator: 'alice' });

  it('a vault blob whose bytes changed (caught while streaming it into the zip)', async () => {
    const entries = (await core.ledger.list(fixture.case.id)).length;
    const path = core.vault.pathOf(fixture.farPhoto.sha256);
    chmodSync(path, 0o644);
    writeFileSync(path, Buffer.from('overwritten by something'));
    await expect(run('changed.zip')).rejects.toMatchObject({ code: 'verification-failed', message: expect.stringContaining(`item ${fixture.farPhoto.id}`) });
    expect(existsSync(join(temp.path, 'changed.zip'))).toBe(false);
    expect(readdirSync(temp.path).filter((name) => name.includes('.part'))).toEqual([]);
    expect(await core.ledger.list(fixture.case.id)).toHaveLength(entries);
  });

  it('a vault blob that is gone', async () => {
    rmSync(core.vault.pathOf(fixture.farPhoto.sha256));
    await expect(run('missing.zip')).rejects.toMatchObject({ code: 'verification-failed', message: expect.stringMatching(/is missing.*nothing was exported/) });
    expect(existsSync(join(temp.path, 'missing.zip'))).toBe(false);
    expect(readdirSync(temp.path).filter((name) => name.includes('.part'))).toEqual([]);
  });

  it('an empty selection and a missing output folder are input errors', async () => {
    await expect(exportBundle(core, { caseId: fixture.case.id, outPath: join(temp.path, 'none.zip'), selection: { from: '2030-01-01T00:00:00Z' }, operator: 'alice' }))
      .rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('matches no items') });
    await expect(exportBundle(core, { caseId: fixture.case.id, outPath: join(outDir, 'x.zip'), selection: {}, operator: 'alice' }))
      .rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('existing folder') });
    await expect(exportBundle(core, { caseId: 999, outPath: join(temp.path, 'y.zip'), selection: {}, operator: 'alice' }))
      .rejects.toMatchObject({ code: 'not-found' });
  });
});
