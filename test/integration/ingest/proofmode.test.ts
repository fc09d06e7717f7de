import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/core.js';
import type { Case } from '../../../src/domain/case.js';
import type { Item } from '../../../src/domain/item.js';
import type { ProofModeProvenance } from '../../../src/ingest/proofmode.js';
import { verifyCase } from '../../../src/custody/verify-case.js';
import { makePhoneKey, signedBundle, type PhoneKey } from '../../support/proofmode-bundle.js';
import { rawZip } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';

const SAMPLE_2016 = join(__dirname, '../../fixtures/proofmode/sample-2016-IMG_20161214_072053.zip');
const PHOTO = readFileSync(join(__dirname, '../../fixtures/camera/exiftool__GPS.jpg'));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let core: Core;
let temp: ReturnType<typeof makeTempDir>;
let key: PhoneKey;

beforeAll(async () => {
  temp = makeTempDir('goldenhour-proofmode-');
  core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
  key = await makePhoneKey();
});

afterAll(async () => {
  await core.close();
  temp.remove();
});

async function newCase(title: string): Promise<Case> {
  return core.cases.create({ title, timezone: 'Europe/Prague' }, 'tester');
}

function proofOf(item: Item): ProofModeProvenance {
  return (item.metadata as { proofMode: ProofModeProvenance }).proofMode;
}

describe('ProofMode bundles imported as one unit', { timeout: 120_000 }, () => {
  it('a real 2016 bundle: the zip kept whole, its photo a child item with the proof as provenance, the unsigned-for-want-of-a-key said plainly', async () => {
    const c = await newCase('ProofMode 2016');
    const result = await core.ingest.ingest(c.id, [SAMPLE_2016], { operator: 'tester' });
    expect(result.errors).toEqual([]);
    expect(result.items).toHaveLength(2);
    const [bundle, photo] = result.items as [Item, Item];
    expect(bundle.sha256).toBe(sha256(readFileSync(SAMPLE_2016)));
    expect(bundle.mediaType).toBe('application/zip');
    expect(photo.parentId).toBe(bundle.id);
    expect(photo.kind).toBe('photo');
    expect(photo.sha256).toBe('4ad116ee67a0ee4ff5c73e94a74ad8564a780b6ad9c070bb7c0e16240d97cf69');
    expect(photo.sourcePath).toBe(`${SAMPLE_2016}!/IMG_20161214_072053.jpg`);
    const proof = proofOf(photo);
    expect(proof.hashMatches).toBe(true);
    expect(proof.statedSha256).toBe(photo.sha256);
    expect(proof.proofGeneratedAt).toBe('2016-12-14T12:20:55.000Z');
    expect(proof.device).toBe('LGE LGE Nexus 5');
    expect(proof.fields.File).toBe('/storage/emulated/0/DCIM/Camera/IMG_20161214_072053.jpg');
    expect(proof.mediaSignature).toMatchObject({ file: 'IMG_20161214_072053.jpg.asc', status: 'no-key', keyId: 'B64C8428C2AE01C5' });
    expect(proof.proofSignatures).toEqual([expect.objectContaining({ file: 'IMG_20161214_072053.jpg.proof.csv.asc', status: 'no-key', keyId: 'B64C8428C2AE01C5' })]);
    expect(proof.summary).toMatch(/states this file's exact SHA-256; the file is signed by key B64C8428C2AE01C5, but the bundle holds no public key/);
    expect(photo.flags).not.toContain('proofmode-signature-invalid');
    const bundleRecord = (bundle.metadata as { proofModeBundle: { entries: { name: string }[]; media: { itemId: number }[] } }).proofModeBundle;
    expect(bundleRecord.entries.map((e) => e.name).sort()).toEqual(['IMG_20161214_072053.jpg', 'IMG_20161214_072053.jpg.asc', 'IMG_20161214_072053.jpg.proof.csv', 'IMG_20161214_072053.jpg.proof.csv.asc']);
    expect(bundleRecord.media).toEqual([{ entry: 'IMG_20161214_072053.jpg', itemId: photo.id, sha256: photo.sha256 }]);
    expect(result.notes.map((n) => n.note)).toContain(proof.summary);

    // Importing it again adds nothing, and the case's custody still verifies.
    const again = await core.ingest.ingest(c.id, [SAMPLE_2016], { operator: 'tester' });
    expect(again.items).toEqual([]);
    expect(again.alreadyPresent.map((p) => p.itemId)).toEqual([bundle.id]);
    expect(await core.items.list(c.id)).toHaveLength(2);
    const verdict = await verifyCase(core, c.id);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it('a signed bundle with the phone key: signatures of the photo and of its proof checked, place and time of the proof kept', async () => {
    const c = await newCase('ProofMode signed');
    const path = await signedBundle(key, join(temp.path, 'signed.zip'), 'PXL_20260701_214003.jpg', PHOTO);
    const result = await core.ingest.ingest(c.id, [path], { operator: 'tester' });
    expect(result.errors).toEqual([]);
    const photo = result.items.find((i) => i.kind === 'photo')!;
    const proof = proofOf(photo);
    expect(proof.hashMatches).toBe(true);
    expect(proof.mediaSignature).toMatchObject({ status: 'valid', file: `${photo.sha256}.asc` });
    expect(proof.proofSignatures).toEqual([expect.objectContaining({ status: 'valid', file: `${photo.sha256}.proof.json.asc` })]);
    expect(proof.publicKey).toEqual({ file: 'pubkey.asc', fingerprint: key.fingerprint, userIds: ['ProofMode test phone'] });
    expect(proof.location).toEqual({ lat: 50.0875, lon: 14.4213, accuracyM: 12.5, provider: 'gps' });
    expect(proof.proofGeneratedAt).toBe('2026-07-01T21:40:03.000Z');
    expect(proof.summary).toMatch(/the file's signature is valid \(key [0-9A-F]{16}, fingerprint [0-9A-F]{40}\)/);
    expect(photo.flags).not.toContain('proofmode-signature-invalid');
    // The photo's own analysis ran as for any import: its EXIF place is read.
    expect(photo.location).not.toBeNull();
  });

  it('a photo changed after the phone signed it: the signature fails, the hash disagrees, both flagged and said', async () => {
    const c = await newCase('ProofMode tampered');
    const path = await signedBundle(key, join(temp.path, 'tampered.zip'), 'PXL_20260701_214500.jpg', PHOTO, { tamperAfterSigning: true });
    const result = await core.ingest.ingest(c.id, [path], { operator: 'tester' });
    const photo = result.items.find((i) => i.kind === 'photo')!;
    const proof = proofOf(photo);
    expect(photo.sha256).not.toBe(sha256(PHOTO));
    expect(proof.hashMatches).toBe(false);
    expect(proof.mediaSignature?.status).toBe('invalid');
    expect(proof.proofSignatures[0]?.status).toBe('valid');
    expect(photo.flags).toEqual(expect.arrayContaining(['proofmode-signature-invalid', 'proofmode-hash-mismatch']));
    expect(proof.summary).toMatch(/states a different SHA-256 .*this is not the file the phone recorded; the file's signature does NOT verify/);
  });

  it('an ordinary zip stays one item', async () => {
    const c = await newCase('Plain zip');
    const path = join(temp.path, 'plain.zip');
    writeFileSync(path, rawZip([{ name: 'photo.jpg', data: PHOTO, deflate: true }]));
    const result = await core.ingest.ingest(c.id, [path], { operator: 'tester' });
    expect(result.items.map((i) => i.mediaType)).toEqual(['application/zip']);
  });
});
