import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src/bundle/verify/verifier.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { runCli, runCliJson } from '../../support/cli.js';
import { readZipEntries, rewriteZip } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { startTestTsa, type TestTsa } from '../../support/tsa-server.js';

interface Verified { ok: boolean; problems: { path: string; problem: string }[]; signature: { timestamp: { present: boolean; valid?: boolean; genTime?: string; tsaName?: string } } }

describe('RFC 3161 timestamp against a local time-stamping authority', () => {
  const temp = makeTempDir('gh-bundle-tsa-');
  const dataDir = join(temp.path, 'data');
  let tsa: TestTsa;
  let fixture: BundleCase;

  beforeAll(async () => {
    tsa = await startTestTsa();
    const core = openTestCore(dataDir);
    fixture = await makeBundleCase(core);
    await core.close();
  });
  afterAll(async () => {
    await tsa?.close();
    temp.remove();
  });

  it('stamps the manifest digest on export; verify checks imprint and signature; OpenSSL agrees', async () => {
    const out = join(temp.path, 'stamped.zip');
    const started = Date.now();
    const exported = await runCliJson<{ manifestSha256: string; timestamp: { tsaUrl: string; genTime: string; tsaName: string } }>(
      ['export', String(fixture.case.id), '--out', out, '--tsa', tsa.url], { dataDir });
    expect(exported.code, exported.stderr).toBe(0);
    expect(tsa.requests).toBe(1);
    expect(exported.json.timestamp.tsaUrl).toBe(tsa.url);
    expect(exported.json.timestamp.tsaName).toBe('Golden Hour Test TSA');
    expect(Math.abs(Date.parse(exported.json.timestamp.genTime) - started)).toBeLessThan(60_000);

    const verified = await runCliJson<Verified>(['verify', out]);
    expect(verified.code, JSON.stringify(verified.json.problems)).toBe(0);
    expect(verified.json.signature.timestamp).toMatchObject({ present: true, valid: true, tsaName: 'Golden Hour Test TSA', genTime: exported.json.timestamp.genTime });
    expect((await runCli(['verify', out])).stdout).toContain('Timestamp: valid');

    // The recipient's own check, with the authority's root certificate, as VERIFY.txt describes.
    const dir = join(temp.path, 'openssl');
    mkdirSync(dir);
    execFileSync('unzip', ['-q', out, 'seal.tsr', 'manifest.json', '-d', dir]);
    writeFileSync(join(dir, 'TSA-CA.pem'), tsa.caPem);
    const openssl = spawnSync('openssl', ['ts', '-verify', '-digest', exported.json.manifestSha256, '-in', 'seal.tsr', '-token_in', '-CAfile', 'TSA-CA.pem'], { cwd: dir, encoding: 'utf8' });
    expect(`${openssl.stdout}${openssl.stderr}`).toContain('Verification: OK');
  });

  it('with --tsa-ca, the authority must chain to the root the reader trusts', async () => {
    const out = join(temp.path, 'stamped.zip');
    const rootFile = join(temp.path, 'tsa-root.pem');
    writeFileSync(rootFile, tsa.caPem);
    const trusted = await runCliJson<Verified & { signature: { timestamp: { chainTrusted: boolean | null } } }>(['verify', out, '--tsa-ca', rootFile]);
    expect(trusted.code, JSON.stringify(trusted.json.problems)).toBe(0);
    expect(trusted.json.signature.timestamp.chainTrusted).toBe(true);
    expect((await runCli(['verify', out, '--tsa-ca', rootFile])).stdout).toContain('chains to the --tsa-ca root');

    const stranger = await startTestTsa();
    try {
      const report = (await verifyBundle(out, { trustedTsaPem: stranger.caPem })).report;
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual({ path: 'seal.tsr', problem: expect.stringContaining('does not chain to the trusted root') });
    } finally {
      await stranger.close();
    }
    const notPem = join(temp.path, 'not.pem');
    writeFileSync(notPem, 'hello');
    const bad = await runCli(['verify', out, '--tsa-ca', notPem]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tsa-ca');
  });

  it('a token for another manifest, or a damaged token, is named', async () => {
    const out = join(temp.path, 'stamped.zip');
    const otherOut = join(temp.path, 'other.zip');
    expect((await runCli(['export', String(fixture.case.id), '--out', otherOut, '--tsa', tsa.url, '--items', String(fixture.photo.id)], { dataDir })).code).toBe(0);
    const token = (await readZipEntries(otherOut)).find((e) => e.name === 'seal.tsr')?.data ?? Buffer.alloc(0);
    const swapped = join(temp.path, 'swapped.zip');
    writeFileSync(swapped, await rewriteZip(out, (name, data) => (name === 'seal.tsr' ? token : data)));
    const report = (await verifyBundle(swapped)).report;
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ path: 'seal.tsr', problem: expect.stringContaining('not this manifest') });

    const damaged = join(temp.path, 'damaged.zip');
    writeFileSync(damaged, await rewriteZip(out, (name, data) => {
      if (name !== 'seal.tsr') return data;
      const copy = Buffer.from(data);
      copy[copy.length - 20] = (copy[copy.length - 20] ?? 0) ^ 0xff;
      return copy;
    }));
    const damagedReport = (await verifyBundle(damaged)).report;
    expect(damagedReport.problems.some((p) => p.path === 'seal.tsr')).toBe(true);
    expect(readFileSync(out).length).toBeGreaterThan(0);
  });

  it('an authority that does not answer stops the export and writes nothing', async () => {
    const out = join(temp.path, 'unanswered.zip');
    const result = await runCli(['export', String(fixture.case.id), '--out', out, '--tsa', 'http://127.0.0.1:9/tsa'], { dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did not answer');
    expect(spawnSync('ls', [out]).status).not.toBe(0);
    const bad = await runCli(['export', String(fixture.case.id), '--out', out, '--tsa', 'ftp://example'], { dataDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tsa');
  });
});
