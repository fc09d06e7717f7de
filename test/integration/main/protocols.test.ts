import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAppRequest } from '../../../main/app-protocol.js';
import { answerBlobRequest } from '../../../main/blob-protocol.js';
import { openCore, type Core } from '../../../src/core.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** The desktop app's two schemes, answered by the same functions Electron calls (without Electron). */
describe('app:// and gh-blob:// answers', () => {
  const temp = makeTempDir('goldenhour-protocols-');
  const renderer = join(temp.path, 'renderer');
  let core: Core;
  let png: { sha256: string; size: number };
  let html: { sha256: string; size: number };

  beforeAll(async () => {
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Golden Hour</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'export {}');
    writeFileSync(join(temp.path, 'secret.txt'), 'not for the page');
    core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester', analyser: null });
    const c = await core.cases.create({ title: 'P', reference: null, scene: null, incidentTime: null, timezone: null, window: { beforeMin: 60, afterMin: 60 } }, 'tester');
    const pngBytes = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ffbf1e000502027f3f6d6b0000000049454e44ae426082', 'hex');
    const stored = await core.vault.putBuffer(pngBytes);
    png = stored;
    const page = await core.vault.putBuffer('<script>alert(1)</script>');
    html = page;
    await core.items.insert({ caseId: c.id, kind: 'photo', sha256: stored.sha256, size: stored.size, mediaType: 'image/png' }, 'tester');
    await core.items.insert({ caseId: c.id, kind: 'file', sha256: page.sha256, size: page.size, mediaType: 'text/html' }, 'tester');
  });
  afterAll(async () => {
    await core.close();
    temp.remove();
  });

  it('serves the renderer with the CSP, and nothing outside its folder', async () => {
    const index = await answerAppRequest('app://goldenhour/', renderer);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await answerAppRequest('app://goldenhour/assets/app.js', renderer)).headers.get('content-type')).toContain('javascript');
    expect((await answerAppRequest('app://goldenhour/../secret.txt', renderer)).status).toBe(404);
    expect((await answerAppRequest('app://goldenhour/%2e%2e/secret.txt', renderer)).status).toBe(404);
    expect((await answerAppRequest('app://other/index.html', renderer)).status).toBe(404);
  });

  it('serves a known image inline, whole or by range', async () => {
    const whole = await answerBlobRequest(core, new Request(`gh-blob://vault/${png.sha256}`));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await whole.arrayBuffer()).length).toBe(png.size);
    const part = await answerBlobRequest(core, new Request(`gh-blob://vault/${png.sha256}`, { headers: { range: 'bytes=0-7' } }));
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it('never serves captured HTML as a page, and refuses unknown or malformed blobs', async () => {
    const page = await answerBlobRequest(core, new Request(`gh-blob://vault/${html.sha256}`));
    expect(page.headers.get('content-type')).toBe('application/octet-stream');
    expect(page.headers.get('content-disposition')).toContain('attachment');
    expect(page.headers.get('content-security-policy')).toContain('sandbox');
    await page.arrayBuffer();
    expect((await answerBlobRequest(core, new Request(`gh-blob://vault/${'0'.repeat(64)}`))).status).toBe(404);
    expect((await answerBlobRequest(core, new Request('gh-blob://vault/..%2fgoldenhour.sqlite'))).status).toBe(400);
  });

  it('re-hashes a blob before serving it, and refuses one changed on disk', async () => {
    const path = core.vault.pathOf(html.sha256);
    chmodSync(path, 0o644);
    writeFileSync(path, '<script>alert(2)</script>');
    const changed = await answerBlobRequest(core, new Request(`gh-blob://vault/${html.sha256}`));
    expect(changed.status).toBe(409);
    expect(await changed.text()).toContain('no longer matches its SHA-256');
  });
});
