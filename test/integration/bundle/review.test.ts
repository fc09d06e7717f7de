import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import type { Core } from '../../../src/core.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { rewriteZip } from '../../support/raw-zip.js';
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

  it('a missing bundle is an error, a damaged one a verdict', async () => {
    expect(await api.invoke('bundle.open', { path: join(temp.path, 'none.zip') })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const junk = join(temp.path, 'junk.zip');
    writeFileSync(junk, 'junk');
    const opened = await api.call('bundle.open', { path: junk });
    expect(opened.verification.ok).toBe(false);
    expect(opened.items).toEqual([]);
  });

  it('shows the signing key', async () => {
    const key = await api.call('key.show', {});
    expect(key.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(key.fingerprintGrouped.replace(/ /g, '')).toBe(key.fingerprint);
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });
});
