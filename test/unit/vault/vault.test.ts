import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault } from '../../../src/vault/vault.js';
import { makeTempDir } from '../../support/temp-dir.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('evidence vault', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let vault: Vault;
  beforeEach(() => {
    dir = makeTempDir();
    vault = new Vault(join(dir.path, 'vault'));
  });
  afterEach(() => dir.remove());

  it('stores a file under the SHA-256 of its bytes, read-only, and gives the bytes back unchanged', async () => {
    const bytes = randomBytes(300_000);
    const source = join(dir.path, 'photo.bin');
    writeFileSync(source, bytes);
    const stored = await vault.putFile(source);
    expect(stored.sha256).toBe(sha256(bytes));
    expect(stored.size).toBe(bytes.length);
    expect(stored.created).toBe(true);
    expect(stored.head.equals(bytes.subarray(0, stored.head.length))).toBe(true);
    const path = vault.pathOf(stored.sha256);
    expect(path).toContain(join('sha256', stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256));
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o400);
    expect(readdirSync(join(dir.path, 'vault', 'tmp'))).toEqual([]);
  });

  it('stores identical content once, even from two writers at the same time', async () => {
    const bytes = randomBytes(50_000);
    const [a, b] = await Promise.all([vault.putBuffer(bytes), vault.putBuffer(bytes)]);
    expect(a.sha256).toBe(b.sha256);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const again = await vault.putBuffer(bytes);
    expect(again.created).toBe(false);
    expect(readdirSync(join(dir.path, 'vault', 'sha256', a.sha256.slice(0, 2), a.sha256.slice(2, 4)))).toEqual([a.sha256]);
  });

  it('never overwrites a stored blob, even when the stored copy was damaged', async () => {
    const stored = await vault.putBuffer('original evidence');
    const path = vault.pathOf(stored.sha256);
    chmodSync(path, 0o644);
    writeFileSync(path, 'damaged');
    chmodSync(path, 0o444);
    await vault.putBuffer('original evidence');
    expect(readFileSync(path, 'utf8')).toBe('damaged');
    const rehash = await vault.rehash(stored.sha256);
    expect(rehash).toMatchObject({ state: 'present', size: 7 });
    expect(rehash.state === 'present' && rehash.sha256).not.toBe(stored.sha256);
  });

  it('reports a missing blob as missing', async () => {
    const stored = await vault.putBuffer('soon gone');
    rmSync(vault.pathOf(stored.sha256), { force: true });
    expect(await vault.rehash(stored.sha256)).toEqual({ state: 'missing' });
  });

  it('refuses a malformed hash instead of building a path from it', () => {
    expect(() => vault.pathOf('../../etc/passwd')).toThrow(/Expected a lowercase hex SHA-256/);
  });

  it('leaves nothing behind when the source fails mid-stream', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk read error'));
      },
    });
    await expect(vault.putStream(failing)).rejects.toThrow('disk read error');
    expect(readdirSync(join(dir.path, 'vault', 'tmp'))).toEqual([]);
  });

  it('streams 2 GiB through with flat memory, hashing as it goes', async () => {
    const chunk = randomBytes(1024 * 1024);
    const total = 2048;
    const expected = createHash('sha256');
    for (let i = 0; i < total; i++) expected.update(chunk);
    let sent = 0;
    let peak = 0;
    const baseline = process.memoryUsage().rss;
    const source = new Readable({
      read() {
        peak = Math.max(peak, process.memoryUsage().rss - baseline);
        if (sent === total) this.push(null);
        else {
          sent += 1;
          this.push(chunk);
        }
      },
    });
    const stored = await vault.putStream(source);
    expect(stored.size).toBe(total * chunk.length);
    expect(stored.sha256).toBe(expected.digest('hex'));
    // Memory grows by a few buffers at most, never with the size of the stream.
    expect(peak).toBeLessThan(96 * 1024 * 1024);
    rmSync(vault.pathOf(stored.sha256));
  }, 180_000);
});
