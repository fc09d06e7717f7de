import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, rawRequest, startBrowserMode, type BrowserModeFixture } from '../../support/browser-mode.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** Payloads a hostile or careless client sends: each is refused with a clear 400, never guessed at. */
describe('browser-mode server: strict requests', () => {
  let fixture: BrowserModeFixture;
  const renderer = makeTempDir('goldenhour-renderer-');
  const out = makeTempDir('goldenhour-out-');
  let caseId: number;

  beforeAll(async () => {
    writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>Golden Hour</title>');
    fixture = await startBrowserMode(renderer.path);
    const created = await callApi(fixture, 'case.create', { title: 'Strict' });
    caseId = (created.json.value as { id: number }).id;
  });
  afterAll(async () => {
    await fixture.close();
    renderer.remove();
    out.remove();
  });

  it('refuses an unknown (misspelt) field instead of ignoring it: no whole-case export', async () => {
    const zip = join(out.path, 'two-items.zip');
    const response = await callApi(fixture, 'bundle.export', { caseId, out: zip, itemIds: [1, 2] });
    expect(response.status).toBe(400);
    expect(response.json.error?.code).toBe('invalid-input');
    expect(response.json.error?.message).toContain('itemIds');
    expect(existsSync(zip)).toBe(false);
  });

  it('takes ids as whole numbers only: true, "0x1", "1e0" and 1.5 are refused; 1 and "1" are the same', async () => {
    for (const bad of [true, '0x1', '1e0', 1.5, '', -1]) {
      const response = await callApi(fixture, 'case.get', { caseId: bad });
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.json.error?.message).toContain('caseId');
    }
    expect((await callApi(fixture, 'case.get', { caseId })).status).toBe(200);
    expect((await callApi(fixture, 'case.get', { caseId: String(caseId) })).status).toBe(200);
  });

  it('answers malformed percent-encoding with 400, not 500', async () => {
    const response = await rawRequest(fixture.server.port, {
      method: 'POST', path: '/api/case.%E0%A4%A', body: '{}',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${fixture.server.token}` },
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const page = await rawRequest(fixture.server.port, { path: '/%E0%A4%A' });
    expect(page.status).toBe(200);
  });
});
