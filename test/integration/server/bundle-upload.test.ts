import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import type { Core } from '../../../src/core.js';
import { startBrowserServer, type BrowserServer } from '../../../src/server/http-server.js';
import { makeBundleCase, openTestCore } from '../../support/bundle-case.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** Browser mode's review upload: a real exported bundle streamed to the data folder, and what is refused. */
describe('POST /api/upload-bundle (review in browser mode)', () => {
  const temp = makeTempDir('gh-bundle-upload-');
  const bundlePath = join(temp.path, 'sealed.zip');
  const limit = 4 * 1024 * 1024;
  let core: Core;
  let api: Api;
  let server: BrowserServer;
  let bundle: Buffer;
  const review = () => join(temp.path, 'data', 'uploads', 'review');
  const leftovers = () => (existsSync(review()) ? readdirSync(review()).filter((name) => !name.endsWith('.zip')) : []);
  const post = (body: Blob | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${server.port}/api/upload-bundle`, {
    method: 'POST', headers: { Authorization: `Bearer ${server.token}`, ...headers }, body, duplex: 'half',
  } as RequestInit);

  beforeAll(async () => {
    core = openTestCore(join(temp.path, 'data'));
    api = createApi(core);
    const c = await makeBundleCase(core);
    await api.call('bundle.export', { caseId: c.case.id, out: bundlePath });
    bundle = readFileSync(bundlePath);
    expect(bundle.length).toBeLessThan(limit);
    server = await startBrowserServer({ api, core, rendererDir: temp.path, port: 0, reviewUploadLimit: limit });
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    temp.remove();
  });

  it('streams a bundle into uploads/review/ under its SHA-256, which bundle.open then reads in place', async () => {
    const response = await post(new Blob([bundle]));
    const answer = (await response.json()) as { ok: boolean; value: { path: string; sha256: string; size: number } };
    const sha256 = createHash('sha256').update(bundle).digest('hex');
    expect(answer).toEqual({ ok: true, value: { path: join(review(), `${sha256}.zip`), sha256, size: bundle.length } });
    expect(readFileSync(answer.value.path).equals(bundle)).toBe(true);
    const opened = await api.call('bundle.open', { path: answer.value.path });
    expect(opened.verification.ok).toBe(true);
    // The same bundle again lands on the same file; nothing else is left behind.
    const again = (await (await post(new Blob([bundle]))).json()) as { value: { path: string } };
    expect(again.value.path).toBe(answer.value.path);
    expect(readdirSync(review())).toEqual([`${sha256}.zip`]);
  });

  it('refuses a bundle over the limit before reading it, and one that runs past it without saying its size, keeping nothing', async () => {
    const declared = await post(new Blob([Buffer.alloc(limit + 1)]));
    expect(declared.status).toBe(413);
    const said = (await declared.json()) as { error: { message: string } };
    expect(said.error.message).toBe('This file is 4.0 MB; bundles up to 4.0 MB can be opened for review in the browser. Open it in the Golden Hour desktop app, which reads a bundle where it is.');
    // A body sent in chunks, with no Content-Length: cut off once it passes the limit.
    const chunk = Buffer.alloc(256 * 1024, 7);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > limit * 2) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const chunked = await post(stream);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: { message: string } }).error.message).toMatch(/^This file is larger than 4\.0 MB; bundles up to 4\.0 MB/);
    await expect.poll(leftovers).toEqual([]);
    expect(readdirSync(review()).length).toBe(1);
  });

  it('keeps nothing of an upload cut short', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST /api/upload-bundle HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nContent-Length: ${bundle.length}\r\n\r\n`);
    socket.write(bundle.subarray(0, Math.floor(bundle.length / 2)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await expect.poll(leftovers).toEqual([]);
    expect(readdirSync(review()).length).toBe(1);
  });
});
