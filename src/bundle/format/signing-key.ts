import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import { sha256Hex } from '../../util/canonical-json.js';

/** The installation's signing key: what seals bundles, and how a recipient recognises it. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as SPKI PEM. */
  publicKeyPem: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKeyRaw: string;
  /** SHA-256 of the raw public key, lowercase hex. */
  fingerprint: string;
  /** Where the private key is stored. */
  path: string;
}

const KEY_FILE = 'bundle-signing-ed25519.pem';

/** The raw 32 bytes of an Ed25519 public key (the last 32 bytes of its SPKI DER). */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32);
}

/** SHA-256 of the raw public key, hex. */
export function keyFingerprint(publicKey: KeyObject): string {
  return sha256Hex(rawPublicKey(publicKey));
}

/** A fingerprint as people compare it by phone: groups of four, `ab12 cd34 ...`. */
export function groupFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,4}/g) ?? []).join(' ');
}

function describe(privateKey: KeyObject, path: string): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyRaw: rawPublicKey(publicKey).toString('base64'),
    fingerprint: keyFingerprint(publicKey),
    path,
  };
}

/**
 * Loads the installation's Ed25519 signing key from `keysDir`, making it on first use. The
 * folder is owner-only (0700) and the key file owner-read/write only (0600); it is written
 * with the exclusive flag so two processes starting at once cannot replace each other's key.
 */
export function loadOrCreateSigningKey(keysDir: string): SigningKey {
  const path = join(keysDir, KEY_FILE);
  let pem: string | null = null;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new GoldenHourError('unavailable', `Could not read the signing key ${path}: ${errorMessage(error)}`);
    }
  }
  if (pem === null) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    chmodSync(keysDir, 0o700);
    const { privateKey } = generateKeyPairSync('ed25519');
    const text = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
      pem = text;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      pem = readFileSync(path, 'utf8');
    }
  }
  try {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`it is a ${privateKey.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
    return describe(privateKey, path);
  } catch (error) {
    throw new GoldenHourError('unavailable', `The signing key ${path} is unreadable: ${errorMessage(error)}. Move it aside to make a new one (bundles sealed with it stay verifiable with their included public key).`);
  }
}
