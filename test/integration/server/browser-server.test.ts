import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, rawRequest, startBrowserMode, type BrowserModeFixture } from '../../support/browser-mode.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('browser-mode server: the door', () => {
  let fixture: BrowserModeFixture;
  const renderer = makeTempDir('goldenhour-renderer-');
  const inputs = makeTempDir('goldenhour-inputs-');

  beforeAll(async () => {
    writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>Golden Hour</title>');
    mkdirSync(join(renderer.path, 'assets'));
    writeFileSync(join(renderer.path, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(renderer.path, 'assets', 'app.js'), 'console.log(1)');
    mkdirSync(join(renderer.path, 'assets', 'outline-0123456789', '110m', '0', '0'), { recursive: true });
    writeFileSync(join(renderer.path, 'assets', 'outline-0123456789', '110m', '0', '0', '0.pbf'), Buffer.from([0x1a, 0x00]));
    // A trailing slash, as fileURLToPath(new URL('dist/renderer/', ...)) gives, must not matter.
    fixture = await startBrowserMode(`${renderer.path}/`);
  });
  afterAll(async () => {
    await fixture.close();
    renderer.remove();
    inputs.remove();
  });

  it('prints a loopback address holding the token, on the port actually bound', () => {
    expect(fixture.server.url).toBe(`http://127.0.0.1:${fixture.server.port}/#token=${fixture.server.token}`);
    expect(fixture.server.port).toBeGreaterThan(0);
    expect(fixture.server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses API calls without the token, or with a wrong one, with 401', async () => {
    const port = fixture.server.port;
    const body = '{}';
    const missing = await rawRequest(port, { method: 'POST', path: '/api/case.list', headers: { 'Content-Type': 'application/json' }, body });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await rawRequest(port, { method: 'POST', path: '/api/case.list', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer nope' }, body });
    expect(wrong.status).toBe(401);
    const events = await rawRequest(port, { path: '/api/events' });
    expect(events.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    const response = await rawRequest(fixture.server.port, {
      method: 'POST',
      path: '/api/case.list',
      headers: { Host: 'attacker.example', 'Content-Type': 'application/json', Authorization: `Bearer ${fixture.server.token}` },
      body: '{}',
    });
    expect(response.status).toBe(403);
    const page = await rawRequest(fixture.server.port, { path: '/', headers: { Host: `attacker.example:${fixture.server.port}` } });
    expect(page.status).toBe(403);
  });

  it('refuses unknown operations and bad payloads with their codes', async () => {
    const unknown = await callApi(fixture, 'case.destroyEverything', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.code).toBe('unknown-operation');
    const bad = await callApi(fixture, 'case.create', { title: 42 });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('invalid-input');
    expect(bad.json.error?.message).toContain('title');
    const proto = await callApi(fixture, '__proto__', {});
    expect(proto.json.error?.code).toBe('unknown-operation');
    const notJson = await rawRequest(fixture.server.port, { method: 'POST', path: '/api/case.list', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${fixture.server.token}` }, body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('sends no CORS headers and serves the page with a strict CSP', async () => {
    const page = await rawRequest(fixture.server.port, { path: '/', headers: { Origin: 'http://evil.example' } });
    expect(page.status).toBe(200);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    const script = await rawRequest(fixture.server.port, { path: '/assets/app.js' });
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body).toBe('console.log(1)');
    // Vite names the files under assets/ after their content: the browser may keep them (and V8
    // its compiled code) without asking again. The page, which names them, is asked for each time.
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(page.headers['cache-control']).toBe('no-cache');
    const tile = await rawRequest(fixture.server.port, { path: '/assets/outline-0123456789/110m/0/0/0.pbf' });
    expect([tile.status, tile.headers['content-type'], tile.headers['cache-control']]).toEqual([200, 'application/x-protobuf', 'public, max-age=31536000, immutable']);
    // A file missing under assets/ is answered with the page, which is not to be kept.
    const missing = await rawRequest(fixture.server.port, { path: '/assets/gone-0123.js' });
    expect(missing.headers['cache-control']).toBe('no-cache');
    const escape = await rawRequest(fixture.server.port, { path: '/../../etc/passwd' });
    expect(escape.body).toContain('<title>Golden Hour</title>');
  });

  it('runs operations, records grading/notes/tags in the ledger, serves blobs and pushes progress events', async () => {
    const created = await callApi(fixture, 'case.create', { title: 'Bridge', scene: { lat: 51.5, lon: -0.1, radiusM: 300 } });
    expect(created.status).toBe(200);
    const caseId = (created.json.value as { id: number }).id;
    const photo = join(inputs.path, 'red.png');
    await sharp({ create: { width: 32, height: 24, channels: 3, background: '#c00' } }).png().toFile(photo);

    const events: unknown[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${fixture.origin}/api/events?token=${fixture.server.token}`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reading = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
        for (const line of decoder.decode(chunk).split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
      }
    })().catch(() => undefined);

    const ingested = await callApi(fixture, 'items.ingest', { caseId, paths: [photo] });
    expect(ingested.status).toBe(200);
    const item = (ingested.json.value as { items: { id: number; sha256: string }[] }).items[0]!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await reading;
    expect(events.some((event) => (event as { topic: string }).topic === 'ingest.progress')).toBe(true);

    // Read once before the changes, so the summary cache must follow them from the ledger.
    const first = (await callApi(fixture, 'items.summary', { caseId })).json.value as { rows: { grading: string | null; tags: string[] }[] };
    expect(first.rows[0]).toMatchObject({ grading: null, tags: [] });
    await callApi(fixture, 'item.setGrading', { itemId: item.id, grading: { source: '2', intelligence: 'B', handling: 'P' } });
    await callApi(fixture, 'item.setNotes', { itemId: item.id, notes: 'Seen from the north bank' });
    await callApi(fixture, 'item.setTags', { itemId: item.id, tags: ['bridge', 'smoke'] });
    const badGrade = await callApi(fixture, 'item.setGrading', { itemId: item.id, grading: { source: '4', intelligence: 'B', handling: 'P' } });
    expect(badGrade.status).toBe(400);
    const detail = (await callApi(fixture, 'item.detail', { itemId: item.id })).json.value as { item: { notes: string; tags: string[]; grading: unknown }; custody: { action: string }[] };
    expect(detail.item.notes).toBe('Seen from the north bank');
    expect(detail.item.tags).toEqual(['bridge', 'smoke']);
    // (the media analyser may add 'item analysed' after acquisition)
    expect(detail.custody.map((entry) => entry.action).filter((action) => action !== 'item analysed')).toEqual(['item acquired', 'grading changed', 'note changed', 'tags changed']);

    const searched = (await callApi(fixture, 'items.summary', { caseId, filter: { text: 'NORTH bank' } })).json.value as { rows: unknown[] };
    expect(searched.rows).toHaveLength(1);
    const summary = (await callApi(fixture, 'items.summary', { caseId, filter: { tags: ['smoke'] } })).json.value as { rows: { id: number; grading: string; thumbSha256: string }[] };
    expect(summary.rows).toHaveLength(1);
    expect(summary.rows[0]).toMatchObject({ id: item.id, grading: '2BP', tags: ['bridge', 'smoke'] });
    expect(summary.rows[0]?.thumbSha256).toMatch(/^[0-9a-f]{64}$/);

    const blob = await fetch(`${fixture.origin}/api/blob/${item.sha256}?token=${fixture.server.token}`);
    expect(blob.status).toBe(200);
    expect(blob.headers.get('content-type')).toBe('image/png');
    expect(blob.headers.get('content-security-policy')).toContain('sandbox');
    expect((await blob.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const unknownBlob = await fetch(`${fixture.origin}/api/blob/${'0'.repeat(64)}?token=${fixture.server.token}`);
    expect(unknownBlob.status).toBe(404);
    const badBlob = await fetch(`${fixture.origin}/api/blob/..%2F..%2Fgoldenhour.sqlite?token=${fixture.server.token}`);
    expect(badBlob.status).toBe(400);

    const verify = await callApi(fixture, 'custody.verify', { caseId });
    expect((verify.json.value as { ok: boolean }).ok).toBe(true);
  });

  it('receives an upload into the data dir without overwriting, for import in browser mode', async () => {
    const post = (name: string, body = 'hello') => fetch(`${fixture.origin}/api/upload?batch=batch-0001&name=${encodeURIComponent(name)}`, {
      method: 'POST', headers: { Authorization: `Bearer ${fixture.server.token}` }, body,
    });
    const first = (await (await post('notes.txt')).json()) as { ok: boolean; value: { path: string; sha256: string } };
    expect(first.ok).toBe(true);
    expect(first.value.path).toBe(join(fixture.dataDir, 'uploads', 'batch-0001', 'notes.txt'));
    expect(first.value.sha256).toBe(createHash('sha256').update('hello').digest('hex'));
    // The same bytes again (an upload resumed or repeated) are answered with the file already there;
    // other bytes under that name are refused and the file received first stays as it was.
    const again = (await (await post('notes.txt')).json()) as { ok: boolean; value: { path: string } };
    expect(again.value.path).toBe(first.value.path);
    const other = await post('notes.txt', 'goodbye');
    expect(other.status).toBe(409);
    expect(readFileSync(first.value.path, 'utf8')).toBe('hello');
    expect(readdirSync(join(fixture.dataDir, 'uploads', 'batch-0001')).filter((n) => n.endsWith('.part'))).toEqual([]);
    // A dropped folder keeps its inner paths; nothing may climb out of the batch folder.
    const nested = (await (await post('DCIM/100APPLE/IMG_1.jpg')).json()) as { value: { path: string } };
    expect(nested.value.path).toBe(join(fixture.dataDir, 'uploads', 'batch-0001', 'DCIM', '100APPLE', 'IMG_1.jpg'));
    expect((await post('../../notes.txt')).status).toBe(400);
    expect((await post('a/../../b.txt')).status).toBe(400);
    expect((await post('')).status).toBe(400);
  });
});
