import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { mountTmpfs } from '../../support/tmpfs.js';

const tmp = makeTempDir();
const disk = join(tmp.path, 'small-disk');
mkdirSync(disk);
const mounted = mountTmpfs(disk, '8m');
/** A real photo, served as each page's picture. */
const photo = readFileSync(join(import.meta.dirname, '../../fixtures/photos/exifr__issue-exifr-3.jpg'));

/** A data folder on an 8 MB tmpfs (mounting needs root: the suite runs as root in CI). */
describe.skipIf(!mounted)('a capture on a full disk', { timeout: 240_000 }, () => {
  const dataDir = join(disk, 'data');
  const filler = join(disk, 'filler');
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.endsWith('.jpg')) return void res.setHeader('content-type', 'image/jpeg').end(photo);
      res.setHeader('content-type', 'text/html').end(`<!doctype html><title>Quay ${req.url}</title><meta property="og:image" content="/photo.jpg"><p>${'Flooded road. '.repeat(500)}</p><img src="/photo.jpg">`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await runCliJson<{ id: number }>(['case', 'create', '--title', 'Full'], { dataDir })).json.id).toBe(1);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    execFileSync('umount', [disk]);
    tmp.remove();
  });

  it('says which folder is full and stores nothing half-way; what was captured before still verifies, and the page is captured once there is room', async () => {
    const capture = (path: string) => runCliJson<{ items: { kind: string }[]; errors: { url: string; error: string }[] }>(['capture', '1', `${origin}${path}`, '--allow-private', '--timeout', '15'], { dataDir });
    const first = await capture('/first');
    expect(first.json.errors).toEqual([]);
    // All but 300 KB of the disk taken: too little for the next page's screenshots, archive and photo.
    const info = statfsSync(disk);
    writeFileSync(filler, Buffer.alloc(Math.max(0, Number(info.bavail) * Number(info.bsize) - 300 * 1024)));
    try {
      const full = await capture('/second');
      expect(full.code).toBe(1);
      expect(full.json.errors).toEqual([{ url: `${origin}/second`, error: expect.stringMatching(
        new RegExp(`^The disk holding ${join(dataDir, 'vault')} is full \\(\\d+\\.\\d MB free\\): the capture of ${origin}/second was not stored\\. Free some space there`)) }]);
      const verified = await runCliJson<{ ok: boolean; items: number; problems: unknown[] }>(['custody', '1', '--verify'], { dataDir });
      expect(verified.json).toMatchObject({ ok: true, problems: [] });
      const items = await runCliJson<{ sourceUrl: string | null }[]>(['items', '1'], { dataDir });
      expect(items.json.map((item) => item.sourceUrl).filter((url) => url?.endsWith('/second'))).toEqual([]);
    } finally {
      rmSync(filler, { force: true });
    }
    const again = await capture('/second');
    expect(again.json.errors).toEqual([]);
    expect(again.json.items.filter((item) => item.kind === 'page')).toHaveLength(1);
  });
});
