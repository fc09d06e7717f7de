import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as openpgp from 'openpgp';
import { rawZip } from './raw-zip.js';

/** A phone's OpenPGP key, made for a test (ProofMode makes one per phone). */
export interface PhoneKey {
  privateKey: openpgp.PrivateKey;
  publicKey: string;
  fingerprint: string;
}

export async function makePhoneKey(): Promise<PhoneKey> {
  const made = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'ProofMode test phone' }], format: 'object' });
  return { privateKey: made.privateKey, publicKey: made.publicKey.armor(), fingerprint: made.publicKey.getFingerprint().toUpperCase() };
}

/** A detached binary-document signature, armored, as ProofMode writes them. */
async function sign(key: PhoneKey, bytes: Buffer): Promise<Buffer> {
  const armored = await openpgp.sign({ message: await openpgp.createMessage({ binary: new Uint8Array(bytes) }), signingKeys: key.privateKey, detached: true });
  return Buffer.from(armored as string);
}

/**
 * Writes a ProofMode bundle in the newer layout (files named after the media's SHA-256, a JSON
 * proof, the phone's public key) around a real photo; `tamperAfterSigning` ships the photo with
 * one byte added after the phone signed it.
 */
export async function signedBundle(key: PhoneKey, path: string, name: string, photo: Buffer, options: { tamperAfterSigning?: boolean } = {}): Promise<string> {
  const hash = createHash('sha256').update(photo).digest('hex');
  const proof = Buffer.from(JSON.stringify({
    'File Hash SHA256': hash, 'File Path': `/storage/emulated/0/DCIM/Camera/${name}`, 'Proof Generated': '2026-07-01T21:40:03.000Z',
    'Location.Latitude': '50.0875', 'Location.Longitude': '14.4213', 'Location.Accuracy': '12.5', 'Location.Provider': 'gps',
    Manufacturer: 'Google', Hardware: 'Pixel 7', DeviceID: 'a1b2c3',
  }));
  const shipped = options.tamperAfterSigning ? Buffer.concat([photo, Buffer.from([0])]) : photo;
  writeFileSync(path, rawZip([
    { name, data: shipped, deflate: true },
    { name: `${hash}.asc`, data: await sign(key, photo) },
    { name: `${hash}.proof.json`, data: proof, deflate: true },
    { name: `${hash}.proof.json.asc`, data: await sign(key, proof) },
    { name: 'pubkey.asc', data: Buffer.from(key.publicKey) },
    { name: 'HowToVerifyProofData.txt', data: Buffer.from('gpg --verify FILE.asc FILE\n') },
  ]));
  return path;
}
