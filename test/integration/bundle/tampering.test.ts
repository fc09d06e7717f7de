import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import { verifyBundle } from '../../../src/bundle/verify/verifier.js';
import { keyFingerprint, rawPublicKey } from '../../../src/bundle/format/signing-key.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { runCliJson } from '../../support/cli.js';
import { rewriteZip } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('a tampered bundle is caught and the file named', () => {
  const temp = makeTempDir('gh-bundle-tamper-');
  const bundle = join(temp.path, 'sealed.zip');
  let fixture: BundleCase;
  let evidencePath = '';

  beforeAll(async () => {
    const core = openTestCore(join(temp.path, 'data'));
    fixture = await makeBundleCase(core);
    await exportBundle(core, { caseId: fixture.case.id, outPath: bundle, selection: {}, operator: 'alice' });
    await core.close();
    evidencePath = `evidence/${fixture.photo.sha256}.jpg`;
  });
  afterAll(() => temp.remove());

  async function tampered(name: string, change: Parameters<typeof rewriteZip>[1], extra: Parameters<typeof rewriteZip>[2] = []) {
    const path = join(temp.path, `${name}.zip`);
    writeFileSync(path, await rewriteZip(bundle, change, extra));
    return (await verifyBundle(path)).report;
  }

  const flipByte = (data: Buffer, at: number) => {
    const copy = Buffer.from(data);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    return copy;
  };

  it('the untouched bundle (rewritten entry for entry) still verifies', async () => {
    const report = await tampered('same', (_name, data) => data);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('a changed byte in an evidence file', async () => {
    const report = await tampered('evidence', (name, data) => (name === evidencePath ? flipByte(data, 500) : data));
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ path: evidencePath, problem: expect.stringContaining('content changed') });
  });

  it("a changed item JSON (and the ledger says which fields)", async () => {
    const path = `items/${fixture.photo.id}.json`;
    const report = await tampered('item', (name, data) => (name === path ? Buffer.from(data.toString('utf8').replace('north-east', 'south-west')) : data));
    expect(report.problems).toContainEqual({ path, problem: expect.stringContaining('content changed') });
    expect(report.problems).toContainEqual({ path, problem: expect.stringMatching(/custody ledger last recorded .*\(notes\)/) });
  });

  it('a changed manifest', async () => {
    const report = await tampered('manifest', (name, data) => (name === 'manifest.json' ? Buffer.from(data.toString('utf8').replace('"exporter": "alice"', '"exporter": "mallory"')) : data));
    expect(report.problems).toContainEqual({ path: 'seal.json', problem: expect.stringContaining('the manifest was changed after sealing') });
    expect(report.problems).toContainEqual({ path: 'SHA256SUMS', problem: expect.stringContaining('manifest.json') });
  });

  it('a changed ledger entry', async () => {
    const report = await tampered('ledger', (name, data) => (name === 'custody.jsonl' ? Buffer.from(data.toString('utf8').replace('"operator":"alice"', '"operator":"alicf"')) : data));
    expect(report.problems).toContainEqual({ path: 'custody.jsonl', problem: expect.stringContaining('content changed') });
    expect(report.problems).toContainEqual({ path: 'custody.jsonl', problem: expect.stringMatching(/entry 1 \(case created\) was altered/) });
  });

  it('a deleted file', async () => {
    const report = await tampered('deleted', (name, data) => (name === evidencePath ? null : data));
    expect(report.problems).toContainEqual({ path: evidencePath, problem: expect.stringContaining('missing') });
  });

  it('an added file', async () => {
    const report = await tampered('added', (_name, data) => data, [{ name: 'evidence/planted.jpg', data: Buffer.from('not from the scene') }]);
    expect(report.problems).toContainEqual({ path: 'evidence/planted.jpg', problem: expect.stringContaining('extra file') });
  });

  it('a wrong signature, and a bundle re-signed with another key', async () => {
    const forged = await tampered('signature', (name, data) => {
      if (name !== 'seal.json') return data;
      const seal = JSON.parse(data.toString('utf8')) as { signature: string };
      seal.signature = Buffer.alloc(64, 7).toString('base64');
      return Buffer.from(JSON.stringify(seal));
    });
    expect(forged.signature.valid).toBe(false);
    expect(forged.problems).toContainEqual({ path: 'seal.json', problem: expect.stringContaining('does not verify') });

    const other = generateKeyPairSync('ed25519');
    const resignedPath = join(temp.path, 'resigned.zip');
    writeFileSync(resignedPath, await rewriteZip(bundle, (name, data) => {
      if (name !== 'seal.json') return data;
      const seal = JSON.parse(data.toString('utf8')) as Record<string, string>;
      seal.signature = sign(null, Buffer.from(seal.manifestSha256 as string, 'hex'), other.privateKey).toString('base64');
      seal.publicKeyPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      seal.publicKeyRaw = rawPublicKey(other.publicKey).toString('base64');
      seal.fingerprint = keyFingerprint(other.publicKey);
      return Buffer.from(JSON.stringify(seal));
    }));
    const original = (await verifyBundle(bundle)).report.signature.fingerprint ?? '';
    // Re-signing holds together on its own: only the fingerprint confirmed with the sender exposes it.
    expect((await verifyBundle(resignedPath)).report.ok).toBe(true);
    const withKey = await runCliJson<{ ok: boolean; problems: { path: string; problem: string }[] }>(['verify', resignedPath, '--key', original.replace(/(.{4})/g, '$1 ')]);
    expect(withKey.code).toBe(1);
    expect(withKey.json.problems).toContainEqual({ path: 'seal.json', problem: expect.stringContaining(`not the expected ${original}`) });
  });

  it('the CLI exits 1 and lists every problem file by file', async () => {
    const path = join(temp.path, 'cli.zip');
    writeFileSync(path, await rewriteZip(bundle, (name, data) => (name === evidencePath ? flipByte(data, 10) : name === 'timeline.csv' ? null : data)));
    const result = await runCliJson<{ ok: boolean; problems: { path: string; problem: string }[]; files: number }>(['verify', path]);
    expect(result.code).toBe(1);
    expect(result.json.ok).toBe(false);
    expect(result.json.problems.map((p) => p.path)).toEqual(expect.arrayContaining([evidencePath, 'timeline.csv']));
    expect(result.json.files).toBeGreaterThan(10);
  });
});
