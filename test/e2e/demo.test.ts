import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('goldenhour demo', () => {
  const temp = makeTempDir('goldenhour-demo-test-');
  afterAll(() => temp.remove());

  it('captures the built-in site, imports photos, exports and verifies a bundle, and prints where the bundle and report are', async () => {
    const data = join(temp.path, 'data');
    const result = await runCli(['demo', '--data', data]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Captured 3 of 3 pages');
    expect(result.stdout).toContain('Imported 6 demo photos');
    expect(result.stdout).toContain('Verified:      yes');
    const bundlePath = /Bundle: +(\S+\.zip)/.exec(result.stdout)?.[1] ?? '';
    const bundleSha256 = /Bundle SHA-256: +([0-9a-f]{64})/.exec(result.stdout)?.[1];
    const reportPath = /Report: +(\S+-report\.html)/.exec(result.stdout)?.[1] ?? '';
    expect(bundlePath.startsWith(join(data, 'exports'))).toBe(true);
    expect(createHash('sha256').update(readFileSync(bundlePath)).digest('hex')).toBe(bundleSha256);
    expect(readFileSync(reportPath, 'utf8')).toContain('Demo: fire at the old railway bridge');

    // The recipient's check, with the tool's own verifier.
    const verify = await runCli(['verify', bundlePath]);
    expect(verify.code).toBe(0);
    const items = await runCliJson<{ kind: string; flags: string[]; location: unknown }[]>(['items', '1', '--data', data]);
    expect(items.json.filter((item) => item.kind === 'photo' && item.location !== null).length).toBeGreaterThanOrEqual(5);
    expect(items.json.some((item) => item.flags.includes('login-wall'))).toBe(true);
  }, 180_000);
});
