import { createPublicKey, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { tool } from '../../version.js';
import { BUNDLE_FILES } from './layout.js';
import { groupFingerprint, keyFingerprint, rawPublicKey, type SigningKey } from './signing-key.js';

/** Where the RFC 3161 timestamp is and what it said (the token itself is `seal.tsr`). */
export const sealTimestampSchema = z.object({
  path: z.string(),
  tsaUrl: z.string(),
  genTime: z.string(),
  serialNumber: z.string(),
  policy: z.string(),
  tsaName: z.string().nullable(),
});
export type SealTimestamp = z.infer<typeof sealTimestampSchema>;

/** `seal.json`: the manifest's digest, signed with the installation's Ed25519 key. */
export const sealSchema = z.object({
  format: z.literal('goldenhour-seal'),
  formatVersion: z.literal(1),
  manifest: z.string(),
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  algorithm: z.literal('Ed25519'),
  /** What was signed: the 32 raw bytes of the manifest's SHA-256. */
  signedMessage: z.literal('sha256(manifest.json), 32 raw bytes'),
  signature: z.string(),
  publicKeyPem: z.string(),
  publicKeyRaw: z.string(),
  fingerprint: z.string(),
  fingerprintGrouped: z.string(),
  signedAt: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  timestamp: sealTimestampSchema.nullable(),
});
export type Seal = z.infer<typeof sealSchema>;

/** Signs a manifest digest (hex) and describes the seal. */
export function makeSeal(manifestSha256: string, key: SigningKey, signedAt: string, timestamp: SealTimestamp | null): Seal {
  const signature = sign(null, Buffer.from(manifestSha256, 'hex'), key.privateKey).toString('base64');
  return {
    format: 'goldenhour-seal',
    formatVersion: 1,
    manifest: BUNDLE_FILES.manifest,
    manifestSha256,
    algorithm: 'Ed25519',
    signedMessage: 'sha256(manifest.json), 32 raw bytes',
    signature,
    publicKeyPem: key.publicKeyPem,
    publicKeyRaw: key.publicKeyRaw,
    fingerprint: key.fingerprint,
    fingerprintGrouped: groupFingerprint(key.fingerprint),
    signedAt,
    tool: { name: tool.name, version: tool.version },
    timestamp,
  };
}

/** What checking a seal found. */
export interface SealCheck {
  valid: boolean;
  fingerprint: string | null;
  problems: string[];
}

/**
 * Checks a seal against the actual digest of manifest.json: the digest it names, the
 * signature, and that the PEM, raw key and fingerprint all describe the same key.
 */
export function checkSeal(seal: Seal, actualManifestSha256: string): SealCheck {
  const problems: string[] = [];
  if (seal.manifestSha256 !== actualManifestSha256) {
    problems.push(`the seal names manifest sha256 ${seal.manifestSha256} but manifest.json has ${actualManifestSha256}: the manifest was changed after sealing`);
  }
  let fingerprint: string | null = null;
  try {
    const publicKey = createPublicKey(seal.publicKeyPem);
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${publicKey.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
    fingerprint = keyFingerprint(publicKey);
    if (rawPublicKey(publicKey).toString('base64') !== seal.publicKeyRaw) problems.push('the raw public key does not match the PEM public key');
    if (fingerprint !== seal.fingerprint) problems.push(`the fingerprint given (${seal.fingerprint}) is not that of the included public key (${fingerprint})`);
    const signature = Buffer.from(seal.signature, 'base64');
    if (!verify(null, Buffer.from(seal.manifestSha256, 'hex'), publicKey, signature)) {
      problems.push('the Ed25519 signature does not verify with the included public key: the seal is forged or damaged');
    }
  } catch (error) {
    problems.push(`the seal's public key or signature is unreadable: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { valid: problems.length === 0, fingerprint, problems };
}
