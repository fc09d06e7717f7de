import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import type { Core } from '../../../src/core.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { rawZip, rewriteZip } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('bundle operations through the API (export, verify, open read-only, read a file, key)', () => {
  const temp = makeTempDir('gh-bundle-review-');
  const bundle = join(temp.path, 'sealed.zip');
  let core: Core;
  let api: Api;
  let fixture: BundleCase;

  beforeAll(async () => {
    core = openTestCore(join(temp.path, 'data'));
    api = createApi(core);
    fixture = await makeBundleCase(core);
  });
  afterAll(async () => {
    await core.close();
    temp.remove();
  });

  it('exports with progress events and verifies', async () => {
    const events: unknown[] = [];
    const result = await api.invoke('bundle.export', { caseId: fixture.case.id, out: bundle, operator: 'alice' }, { emit: (event) => events.push(event) });
    expect(result.ok).toBe(true);
    expect(events.length).toBeGreaterThan(5);
    expect(events[events.length - 1]).toMatchObject({ topic: 'bundle.progress' });
    const verified = await api.invoke('bundle.verify', { path: bundle });
    expect(verified).toMatchObject({ ok: true, value: { ok: true, problems: [] } });
  });

  it('opens a bundle read-only: verdict, case, items (withdrawn marked), custody, timeline and map data', async () => {
    const before = (await core.ledger.list(fixture.case.id)).length;
    const opened = await api.call('bundle.open', { path: bundle });
    expect(opened.verification.ok).toBe(true);
    expect(opened.case?.uuid).toBe(fixture.case.uuid);
    expect(opened.items.map((item) => item.id)).toEqual([fixture.photo.id, fixture.farPhoto.id, fixture.page.id, fixture.pageImage.id, fixture.withdrawn.id, fixture.untimed.id]);
    expect(opened.items.find((item) => item.id === fixture.withdrawn.id)?.withdrawn?.reason).toBe('Stock photo, not from the scene');
    expect(opened.custody.length).toBe(before - 1);
    expect(opened.timeline[0]?.itemId).toBe(fixture.farPhoto.id);
    expect((opened.geojson as { features: unknown[] }).features.length).toBe(4);
    expect((await core.ledger.list(fixture.case.id)).length).toBe(before);
  });

  it('reads a thumbnail by sha256, checked against the manifest; refuses unknown hashes and changed bytes', async () => {
    const thumbnail = fixture.photo.artifacts.find((a) => a.role === 'thumbnail');
    const file = await api.call('bundle.file', { path: bundle, sha256: thumbnail?.sha256 });
    expect(file.mediaType).toBe('image/jpeg');
    expect(createHash('sha256').update(Buffer.from(file.base64, 'base64')).digest('hex')).toBe(thumbnail?.sha256);
    const unknown = await api.invoke('bundle.file', { path: bundle, sha256: 'f'.repeat(64) });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const bad = await api.invoke('bundle.file', { path: bundle, sha256: 'not-a-hash' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    const changed = join(temp.path, 'changed.zip');
    writeFileSync(changed, await rewriteZip(bundle, (name, data) => (name.startsWith('derived/') ? Buffer.concat([data.subarray(0, data.length - 1), Buffer.from([0])]) : data)));
    const refused = await api.invoke('bundle.file', { path: changed, sha256: thumbnail?.sha256 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'verification-failed' } });
    const opened = await api.call('bundle.open', { path: changed });
    expect(opened.verification.ok).toBe(false);
    expect(opened.verification.problems.some((p) => p.path.startsWith('derived/'))).toBe(true);
  });

  it('marks the item whose file was changed or removed, in words, and still lists an item whose record is gone', async () => {
    const original = fixture.farPhoto.sha256;
    const opened = await api.call('bundle.open', { path: bundle });
    expect(opened.items.every((item) => item.faults.length === 0)).toBe(true);
    expect(opened.unreadableItems).toEqual([]);
    const evidencePath = (sha256: string) => opened.manifest.files.find((f) => f.sha256 === sha256 && f.role === 'original')?.path as string;
    const farPath = evidencePath(original);
    const notePath = evidencePath(fixture.untimed.sha256);
    const tampered = join(temp.path, 'tampered.zip');
    writeFileSync(tampered, await rewriteZip(bundle, (name, data) => {
      if (name === farPath) return Buffer.concat([data.subarray(0, data.length - 2), Buffer.from([0xff, 0xd9 ^ 1])]);
      if (name === notePath) return null;
      if (name === `items/${fixture.withdrawn.id}.json`) return null;
      return data;
    }));
    const seen = await api.call('bundle.open', { path: tampered });
    expect(seen.verification.ok).toBe(false);
    const faultsOf = (id: number) => seen.items.find((item) => item.id === id)?.faults;
    expect(faultsOf(fixture.farPhoto.id)).toEqual([{ path: farPath, role: 'original', fault: 'changed', says: "this file's bytes do not match the hash sealed in the bundle" }]);
    expect(faultsOf(fixture.untimed.id)).toEqual([{ path: notePath, role: 'original', fault: 'missing', says: 'missing from the bundle' }]);
    expect(faultsOf(fixture.photo.id)).toEqual([]);
    expect(seen.items.map((item) => item.id)).not.toContain(fixture.withdrawn.id);
    expect(seen.unreadableItems).toEqual([{ id: fixture.withdrawn.id, kind: 'photo', sha256: fixture.withdrawn.sha256, withdrawn: true,
      faults: [{ path: `items/${fixture.withdrawn.id}.json`, role: 'item', fault: 'missing', says: 'missing from the bundle' }] }]);
  });

  it('a file with nothing to review is an error that says what it is; verify still gives a verdict', async () => {
    expect(await api.invoke('bundle.open', { path: join(temp.path, 'none.zip') })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const cases: [string, Buffer, RegExp][] = [
      ['junk.zip', Buffer.from('junk'), /not a zip file/],
      ['empty.zip', Buffer.alloc(0), /empty \(0 bytes\)/],
      ['cut.zip', readFileSync(bundle).subarray(0, 4000), /cut short \(truncated\)/],
      ['other.zip', rawZip([{ name: 'notes.txt', data: Buffer.from('hello') }]), /a zip, but not a Golden Hour bundle \(it has no manifest\.json/],
      ['fake.zip', rawZip([{ name: 'manifest.json', data: Buffer.from('{"format":"something-else"}') }]), /its manifest\.json is not one Golden Hour writes/],
    ];
    for (const [name, bytes, words] of cases) {
      const path = join(temp.path, name);
      writeFileSync(path, bytes);
      const result = await api.invoke('bundle.open', { path });
      expect(result, name).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(words) } });
      expect(result.ok ? '' : result.error.message, name).not.toMatch(/central directory|yauzl|ZodError|Unexpected token/i);
      const verdict = await api.call('bundle.verify', { path });
      expect(verdict.ok, name).toBe(false);
    }
  });

  it('shows the signing key', async () => {
    const key = await api.call('key.show', {});
    expect(key.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(key.fingerprintGrouped.replace(/ /g, '')).toBe(key.fingerprint);
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });
});
