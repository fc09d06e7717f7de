import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import type { RecordedExchange } from '../../../src/capture/network-recorder.js';
import { sha256Hex } from '../../../src/util/canonical-json.js';
import { validateWacz } from '../../../src/wacz/wacz-validator.js';
import { writeWacz } from '../../../src/wacz/wacz-writer.js';
import { WARC_FILE_BUFFER_BYTES, WarcFile } from '../../../src/wacz/warc-file.js';
import { readZip } from '../../../src/wacz/zip-reader.js';

const at = new Date('2026-11-21T10:00:00.000Z');
const info = { software: 'Golden Hour 0.1.0', operator: 'alice' };
const segment = (i: number, body: Buffer): RecordedExchange => ({
  url: `https://cdn.example/seg-${i}.ts`, method: 'GET', resourceType: 'media', requestHeaders: [['Referer', 'https://example.com/']], requestBody: null, requestedAt: at,
  response: { status: 200, statusText: 'OK', headers: [['Content-Type', 'video/mp2t']], receivedAt: at, serverIp: null, serverPort: null, tls: null },
  body, truncated: null, failure: null, redirectedFrom: null,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'goldenhour-warc-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function payloads(warc: Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const record of WARCParser.iterRecords([new Uint8Array(warc)])) {
    if (record.warcType === 'response') out.set(record.warcTargetURI!, Buffer.from(await record.readFully(false)));
  }
  return out;
}

describe('WarcFile', () => {
  it('has each segment on disk once its exchange is added, holding at most a bounded buffer, and hashes what it wrote', async () => {
    const file = await WarcFile.create(join(dir, 'a.warc'), info, 'a.warc', at);
    const bodies = Array.from({ length: 6 }, () => randomBytes(3 * 1024 * 1024 + 17));
    let bodyBytes = 0;
    for (const [i, body] of bodies.entries()) {
      await file.writer.add(segment(i, body));
      bodyBytes += body.length;
      // Every body added so far is in the file (headers may wait in the buffer, never a body).
      expect(statSync(file.path).size).toBeGreaterThanOrEqual(bodyBytes);
      expect(file.buffered).toBeLessThanOrEqual(WARC_FILE_BUFFER_BYTES);
    }
    const written = await file.finish();
    const bytes = readFileSync(written.path);
    expect(written.size).toBe(bytes.length);
    expect(written.sha256).toBe(sha256Hex(bytes));
    const archived = await payloads(bytes);
    for (const [i, body] of bodies.entries()) expect(archived.get(`https://cdn.example/seg-${i}.ts`)?.equals(body)).toBe(true);
    // The index points at each response record where it starts.
    expect(file.writer.cdx).toHaveLength(6);
    for (const entry of file.writer.cdx) expect(bytes.subarray(entry.offset, entry.offset + 9).toString()).toBe('WARC/1.1\r');
    expect(file.writer.records).toBe(1 + 6 * 2);
  });

  it('writes exchanges in the order they were added, even when added at once', async () => {
    const file = await WarcFile.create(join(dir, 'b.warc'), info, 'b.warc', at);
    await Promise.all([0, 1, 2, 3].map((i) => file.writer.add(segment(i, Buffer.from(`segment ${i}`)))));
    const written = await file.finish();
    expect([...(await payloads(readFileSync(written.path))).keys()]).toEqual([0, 1, 2, 3].map((i) => `https://cdn.example/seg-${i}.ts`));
  });

  it('leaves nothing behind when aborted', async () => {
    const file = await WarcFile.create(join(dir, 'c.warc'), info, 'c.warc', at);
    await file.writer.add(segment(0, randomBytes(1000)));
    await file.abort();
    expect(existsSync(file.path)).toBe(false);
  });
});

describe('writeWacz', () => {
  async function written(name: string, bodies: Buffer[]) {
    const file = await WarcFile.create(join(dir, name), info, name, at);
    for (const [i, body] of bodies.entries()) await file.writer.add(segment(i, body));
    return { warc: await file.finish(), cdx: file.writer.cdx };
  }

  it('streams the WARC file into a WACZ our validator accepts, stored, byte for byte, hashed as written', async () => {
    const bodies = [randomBytes(2 * 1024 * 1024), randomBytes(5000)];
    const { warc, cdx } = await written('data.warc', bodies);
    const out = await writeWacz({ warc, warcName: 'data.warc', cdx, pages: [{ url: 'https://example.com/', ts: at.toISOString(), title: 'X' }], title: 'X', software: 'Golden Hour', created: at }, join(dir, 'data.wacz'));
    const wacz = readFileSync(out.path);
    expect(out).toMatchObject({ size: wacz.length, sha256: sha256Hex(wacz) });
    expect(await validateWacz(out.path)).toMatchObject({ valid: true, waczVersion: '1.1.1', pages: 1, warcRecords: 5, errors: [], warnings: [] });
    const entry = (await readZip(wacz)).find((f) => f.path === 'archive/data.warc')!;
    expect(entry.compressionMethod).toBe(0);
    expect(entry.data.equals(readFileSync(warc.path))).toBe(true);
  });

  it('refuses a WARC that changed on disk after it was written, and leaves no WACZ', async () => {
    const { warc, cdx } = await written('data.warc', [Buffer.from('<p>the post as captured</p>')]);
    const bytes = readFileSync(warc.path);
    const at2 = bytes.indexOf('as captured');
    bytes.write('AS', at2);
    writeFileSync(warc.path, bytes);
    const path = join(dir, 'data.wacz');
    await expect(writeWacz({ warc, warcName: 'data.warc', cdx, pages: [], title: 'X', software: 'Golden Hour', created: at }, path)).rejects.toThrow(/changed on disk after it was written/);
    expect(existsSync(path)).toBe(false);
  });
});
