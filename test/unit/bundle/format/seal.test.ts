import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSeal, makeSeal } from '../../../../src/bundle/format/seal.js';
import { groupFingerprint, loadOrCreateSigningKey } from '../../../../src/bundle/format/signing-key.js';
import { makeTempDir } from '../../../support/temp-dir.js';

const DIGEST = '3'.repeat(64);

describe('signing key and seal', () => {
  const temp = makeTempDir('gh-seal-');
  afterAll(() => temp.remove());

  it('makes the key once, owner-only, and loads the same key after', () => {
    const keys = join(temp.path, 'keys');
    const first = loadOrCreateSigningKey(keys);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(statSync(keys).mode & 0o777).toBe(0o700);
    expect(loadOrCreateSigningKey(keys).fingerprint).toBe(first.fingerprint);
    expect(Buffer.from(first.publicKeyRaw, 'base64')).toHaveLength(32);
    expect(groupFingerprint(first.fingerprint)).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  });

  it('refuses an unreadable key file with a message saying what to do', () => {
    const keys = join(temp.path, 'broken');
    loadOrCreateSigningKey(keys);
    const path = join(keys, 'bundle-signing-ed25519.pem');
    chmodSync(path, 0o600);
    writeFileSync(path, 'not a key');
    expect(() => loadOrCreateSigningKey(keys)).toThrow(/unreadable.*Move it aside/);
  });

  it('a seal verifies, and every kind of damage is named', () => {
    const key = loadOrCreateSigningKey(join(temp.path, 'keys'));
    const seal = makeSeal(DIGEST, key, '2026-11-21T00:00:00.000Z', null);
    expect(checkSeal(seal, DIGEST)).toEqual({ valid: true, fingerprint: key.fingerprint, problems: [] });
    expect(checkSeal(seal, '4'.repeat(64)).problems[0]).toContain('the manifest was changed after sealing');
    const flipped = Buffer.from(seal.signature, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(checkSeal({ ...seal, signature: flipped.toString('base64') }, DIGEST).problems[0]).toContain('does not verify');
    expect(checkSeal({ ...seal, fingerprint: 'f'.repeat(64) }, DIGEST).problems[0]).toContain('is not that of the included public key');
    expect(checkSeal({ ...seal, publicKeyPem: 'garbage' }, DIGEST).problems[0]).toContain('unreadable');
    // Deterministic (RFC 8032): the same digest and key give the same signature.
    expect(makeSeal(DIGEST, key, '2026-11-21T00:00:00.000Z', null).signature).toBe(seal.signature);
  });
});
