import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFields } from '../../../src/api/handlers/review-fields.js';
import { exportBundle } from '../../../src/bundle/exporter.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Case } from '../../../src/domain/case.js';
import type { Item } from '../../../src/domain/item.js';
import { itemView } from '../../../src/items/item-view.js';
import type { ContentCredentials } from '../../../src/media/content-credentials.js';
import { makeTempDir } from '../../support/temp-dir.js';

// Real C2PA-signed files (test/fixtures/index.json: from the c2pa-ts project), imported the way an
// investigator imports them; the tampered copies are made here by changing one byte of the picture.
const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const signedPng = join(fixtures, 'c2pa/c2pa-ts__amazon-titan-g1.png');
const signedHeic = join(fixtures, 'c2pa/c2pa-ts__trustnxt-icon-signed-v2-bmff.heic');
const plainJpeg = join(fixtures, 'camera/exiftool__Canon.jpg');

let core: Core;
let temp: ReturnType<typeof makeTempDir>;
let c: Case;
const byName = new Map<string, Item>();

function credentials(name: string): ContentCredentials {
  return byName.get(name)!.metadata!.contentCredentials as ContentCredentials;
}

beforeAll(async () => {
  temp = makeTempDir('goldenhour-c2pa-');
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  c = await core.cases.create({ title: 'field cameras', timezone: 'Europe/London' }, 'tester');
  const input = join(temp.path, 'in');
  mkdirSync(input);
  copyFileSync(signedPng, join(input, 'signed.png'));
  copyFileSync(signedHeic, join(input, 'signed.heic'));
  copyFileSync(plainJpeg, join(input, 'plain.jpg'));
  const png = readFileSync(signedPng);
  const tampered = Buffer.from(png);
  tampered[Math.floor(png.length / 2)]! ^= 0x01; // one pixel-data byte, far from the manifest chunk
  writeFileSync(join(input, 'tampered.png'), tampered);
  // Cut off inside the manifest: the file is still a PNG but its manifest chunk is broken.
  const manifestAt = png.indexOf('caBX');
  writeFileSync(join(input, 'broken-manifest.png'), png.subarray(0, manifestAt + 200));
  const result = await core.ingest.ingest(c.id, [input], { operator: 'tester' });
  expect(result.errors).toEqual([]);
  for (const item of result.items) byName.set(item.originalName!, item);
}, 60_000);

afterAll(async () => {
  await core.close();
  temp.remove();
});

describe('C2PA Content Credentials on import', () => {
  it('a real signed PNG (Amazon Bedrock) is valid, with its signer, claim generator and actions', () => {
    const cc = credentials('signed.png');
    expect(cc).toMatchObject({ status: 'valid', claimGenerator: 'Amazon Bedrock', manifests: 1 });
    expect(cc.signer).toContain('O=Amazon Web Services');
    expect(cc.issuer).toContain('DigiCert');
    expect(cc.actions).toEqual([{ action: 'c2pa.created', softwareAgent: 'Titan Image Generator G1', reason: null, digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' }]);
    expect(cc.passed).toEqual(expect.arrayContaining(['claimSignature.validated', 'assertion.dataHash.match']));
    expect(cc.failures).toEqual([]);
    expect(byName.get('signed.png')!.flags).not.toContain('c2pa-invalid');
  });

  it('a signed HEIC with a BMFF hash binding is valid', () => {
    expect(credentials('signed.heic')).toMatchObject({ status: 'valid', claimGenerator: 'origo_Unauthenticated', failures: [] });
    expect(credentials('signed.heic').passed).toContain('assertion.bmffHash.match');
  });

  it('one changed byte of the picture makes the manifest invalid, with the reason, flagged and noted', () => {
    const item = byName.get('tampered.png')!;
    const cc = credentials('tampered.png');
    expect(cc.status).toBe('invalid');
    expect(cc.failures).toEqual(['assertion.dataHash.mismatch']);
    expect(cc.summary).toBe('Content Credentials INVALID: assertion.dataHash.mismatch');
    expect(item.flags).toContain('c2pa-invalid');
    expect(item.metadata!.notes).toContain(cc.summary);
    // The tampered file is still kept as received.
    expect(readFileSync(core.vault.pathOf(item.sha256)).length).toBe(readFileSync(signedPng).length);
  });

  it('a broken manifest is said plainly, and the import goes on', () => {
    const cc = credentials('broken-manifest.png');
    expect(cc.status).toBe('invalid');
    expect(cc.summary).toMatch(/^Content Credentials (INVALID|present but unreadable)/);
    expect(byName.get('broken-manifest.png')!.flags).toContain('c2pa-invalid');
  });

  it('a photo without a manifest says so', () => {
    expect(credentials('plain.jpg')).toMatchObject({ status: 'absent', summary: 'no Content Credentials (C2PA manifest) in this file' });
    expect(byName.get('plain.jpg')!.flags).not.toContain('c2pa-invalid');
  });

  it('item detail shows the verdict, signer, generator and actions', () => {
    const fields = describeFields(itemView(byName.get('signed.png')!, c)).filter((f) => f.group === 'Content Credentials (C2PA)');
    const value = (name: string) => fields.find((f) => f.name === name)?.value;
    expect(value('Verdict')).toMatch(/^Content Credentials valid: signed by .*Amazon Web Services/);
    expect(value('Claim generator')).toBe('Amazon Bedrock');
    expect(value('Action 1')).toBe('c2pa.created by Titan Image Generator G1 (http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia)');
    const tampered = describeFields(itemView(byName.get('tampered.png')!, c)).find((f) => f.name === 'Failed checks');
    expect(tampered?.value).toBe('assertion.dataHash.mismatch');
  });

  it('the exported bundle keeps each verdict in items/<id>.json', async () => {
    const out = join(temp.path, 'case.zip');
    await exportBundle(core, { caseId: c.id, outPath: out, selection: {}, operator: 'tester' });
    const unzipped = join(temp.path, 'unzipped');
    mkdirSync(unzipped);
    execFileSync('unzip', ['-q', out, '-d', unzipped]);
    for (const [name, status] of [['signed.png', 'valid'], ['tampered.png', 'invalid'], ['plain.jpg', 'absent']] as const) {
      const exported = JSON.parse(readFileSync(join(unzipped, 'items', `${byName.get(name)!.id}.json`), 'utf8')) as Item;
      expect((exported.metadata!.contentCredentials as ContentCredentials).status, name).toBe(status);
    }
  }, 60_000);
});
