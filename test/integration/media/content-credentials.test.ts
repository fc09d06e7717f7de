import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFields } from '../../../src/api/handlers/review-fields.js';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
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
// A real C2PA-signed MP4 (test/fixtures/index.json: c2pa-rs's video1.mp4, signed by c2patool with the
// C2PA test certificate, a c2pa.hash.bmff.v2 binding, and the manifest of the file it was made from as
// an ingredient).
const signedMp4 = join(fixtures, 'c2pa/c2pa-rs__video1.mp4');

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
  const heic = readFileSync(signedHeic);
  writeFileSync(join(input, 'cut-short.heic'), heic.subarray(0, Math.floor(heic.length / 2)));
  const damagedStore = Buffer.from(heic);
  damagedStore.fill(0xff, Math.floor(heic.length * 0.02), Math.floor(heic.length * 0.02) + 64); // inside the manifest store
  writeFileSync(join(input, 'damaged-store.heic'), damagedStore);
  copyFileSync(signedMp4, join(input, 'signed.mp4'));
  const mp4 = readFileSync(signedMp4);
  const tamperedMp4 = Buffer.from(mp4);
  tamperedMp4[mp4.indexOf('mdat') + 5000]! ^= 0x01; // one byte of the video's media data
  writeFileSync(join(input, 'tampered.mp4'), tamperedMp4);
  // The manifest's C2PA box kept, its content cut to nothing a reader can find a manifest store in.
  const c2paBox = mp4.indexOf(Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex'));
  const brokenMp4 = Buffer.from(mp4);
  brokenMp4.fill(0, c2paBox + 16 + 8, c2paBox + 16 + 8 + 64); // after the box's UUID, version and offset
  writeFileSync(join(input, 'broken-manifest.mp4'), brokenMp4);
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
    expect(cc.findings).toEqual(["the file's bytes are not the ones that were signed (assertion.dataHash.mismatch)"]);
    expect(cc.summary).toBe("Content Credentials INVALID: the file's bytes are not the ones that were signed (assertion.dataHash.mismatch)");
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

  it('a photo cut short before its manifest ends is said in words; the validator\'s own message is kept apart', () => {
    const cc = credentials('cut-short.heic');
    expect(cc.status).toBe('invalid');
    expect(cc.summary).toBe('Content Credentials present but unreadable');
    expect(cc.failures).toEqual(['manifest could not be read: the HEIF/MP4 box structure of the file is damaged or cut short, so its manifest could not be taken out']);
    expect(cc.validatorMessage).toMatch(/^Malformed BMFF/);
    expect(cc.summary + cc.failures!.join('')).not.toMatch(/Malformed|Internal error/);
  });

  it('a manifest store damaged inside is said in words, never as the validator\'s "Internal error"', () => {
    const cc = credentials('damaged-store.heic');
    expect(cc.status).toBe('invalid');
    expect(cc.summary).toMatch(/^Content Credentials INVALID: /);
    expect(cc.summary).not.toMatch(/Internal error/);
    const fields = describeFields(itemView(byName.get('damaged-store.heic')!, c)).filter((f) => f.group === 'Content Credentials (C2PA)');
    expect(fields.find((f) => f.name === 'Failed checks')?.value).not.toMatch(/Internal error|Malformed/);
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
    expect(tampered?.value).toBe("the file's bytes are not the ones that were signed (assertion.dataHash.mismatch)");
  });

  it('a real signed MP4 is valid, with its signer, claim generator, actions and BMFF hash binding', () => {
    const cc = credentials('signed.mp4');
    expect(byName.get('signed.mp4')!.kind).toBe('video');
    expect(cc).toMatchObject({
      status: 'valid', signer: 'C2PA Signer', issuer: 'C2PA Test Signing Cert', signedAt: '2023-12-02T16:34:19.000Z',
      claimGenerator: 'TestApp c2patool/0.6.2 c2pa-rs/0.28.2', title: 'My Title', manifests: 2, failures: [],
    });
    expect(cc.validator).toMatch(/^c2pa-rs \(@contentauth\/c2pa-wasm \d+\.\d+\.\d+\)$/);
    expect(cc.actions).toEqual([{ action: 'c2pa.opened', softwareAgent: null, reason: null, digitalSourceType: null }]);
    expect(cc.passed).toEqual(expect.arrayContaining(['claimSignature.validated', 'assertion.hashedURI.match', 'assertion.bmffHash.match']));
    expect(cc.summary).toBe("Content Credentials valid: signed by C2PA Signer; signature, claim and hash binding hold (the signer's certificate is not checked against a trust list)");
    expect(byName.get('signed.mp4')!.flags).not.toContain('c2pa-invalid');
  });

  it('one changed byte of the video makes its manifest invalid: the BMFF hash no longer matches', () => {
    const item = byName.get('tampered.mp4')!;
    const cc = credentials('tampered.mp4');
    expect(cc.status).toBe('invalid');
    expect(cc.failures).toEqual(['assertion.bmffHash.mismatch: asset hash error, name: jumbf manifest, error: hash verification( BMFF file level hash mismatch )']);
    expect(cc.passed).toContain('claimSignature.validated');
    expect(cc.summary).toBe("Content Credentials INVALID: the file's bytes are not the ones that were signed (assertion.bmffHash.mismatch)");
    expect(item.flags).toContain('c2pa-invalid');
    expect(item.metadata!.notes).toContain(cc.summary);
    expect(readFileSync(core.vault.pathOf(item.sha256)).equals(readFileSync(join(temp.path, 'in', 'tampered.mp4')))).toBe(true);
  });

  it('a video whose C2PA box holds no readable manifest is said plainly', () => {
    const cc = credentials('broken-manifest.mp4');
    expect(cc.status).toBe('invalid');
    expect(cc.summary).toBe('Content Credentials present but unreadable');
    expect(cc.failures).toEqual(['manifest could not be read: C2PA box present without a readable manifest']);
    expect(byName.get('broken-manifest.mp4')!.flags).toContain('c2pa-invalid');
  });

  it('item detail shows a video\'s verdict, signer and actions', () => {
    const fields = describeFields(itemView(byName.get('signed.mp4')!, c)).filter((f) => f.group === 'Content Credentials (C2PA)');
    const value = (name: string) => fields.find((f) => f.name === name)?.value;
    expect(value('Verdict')).toMatch(/^Content Credentials valid: signed by C2PA Signer/);
    expect(value('Claim generator')).toBe('TestApp c2patool/0.6.2 c2pa-rs/0.28.2');
    expect(value('Action 1')).toBe('c2pa.opened');
    expect(fields.find((f) => f.name === 'Verdict')?.source).toMatch(/^validated by c2pa-rs/);
  });

  it('the exported bundle keeps each verdict in items/<id>.json', async () => {
    const out = join(temp.path, 'case.zip');
    await exportBundle(core, { caseId: c.id, outPath: out, selection: {}, operator: 'tester' });
    const unzipped = join(temp.path, 'unzipped');
    mkdirSync(unzipped);
    execFileSync('unzip', ['-q', out, '-d', unzipped]);
    for (const [name, status] of [['signed.png', 'valid'], ['tampered.png', 'invalid'], ['plain.jpg', 'absent'], ['signed.mp4', 'valid'], ['tampered.mp4', 'invalid']] as const) {
      const exported = JSON.parse(readFileSync(join(unzipped, 'items', `${byName.get(name)!.id}.json`), 'utf8')) as Item;
      expect((exported.metadata!.contentCredentials as ContentCredentials).status, name).toBe(status);
    }
  }, 60_000);
});
