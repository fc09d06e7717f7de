import { describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import type { RecordedExchange } from '../../../src/capture/network-recorder.js';
import { buildWacz, pagesJsonl } from '../../../src/wacz/wacz-writer.js';
import { buildWarc, cdxjText } from '../../../src/wacz/warc-writer.js';
import { validateWacz } from '../../../src/wacz/wacz-validator.js';
import { readZip } from '../../../src/wacz/zip-reader.js';

const at = new Date('2026-11-21T10:00:00.000Z');
const exchange = (url: string, body: string, over: Partial<RecordedExchange> = {}): RecordedExchange => ({
  url, method: 'GET', resourceType: 'document', requestHeaders: [['User-Agent', 'test']], requestBody: null, requestedAt: at,
  response: { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/html'], ['Content-Encoding', 'gzip']], receivedAt: at, serverIp: '203.0.113.7', serverPort: 443, tls: null },
  body: Buffer.from(body), truncated: null, failure: null, redirectedFrom: null, ...over,
});

async function records(warc: Buffer) {
  const out = [];
  for await (const record of WARCParser.iterRecords([new Uint8Array(warc)])) {
    const names = ['WARC-IP-Address', 'WARC-Payload-Digest', 'WARC-Record-ID', 'WARC-Concurrent-To', 'WARC-Truncated', 'WARC-Goldenhour-Failure'];
    const headers = Object.fromEntries(names.map((name) => [name, record.warcHeader(name)]).filter(([, v]) => v));
    out.push({ type: record.warcType, headers, http: record.httpHeaders?.headers, body: await record.contentText() });
  }
  return out;
}

describe('buildWarc', () => {
  it('writes warcinfo first, then response+request pairs with IP, digests and decoded bodies', async () => {
    const warc = await buildWarc([exchange('https://example.com/post', '<p>hello</p>')], { software: 'Golden Hour 0.1.0', operator: 'alice' }, 'a.warc', at);
    const parsed = await records(warc.bytes);
    expect(parsed.map((r) => r.type)).toEqual(['warcinfo', 'response', 'request']);
    expect(parsed[0]!.body).toMatch(/software: Golden Hour 0.1.0\r\noperator: alice/);
    const response = parsed[1]!;
    expect(response.headers['WARC-IP-Address']).toBe('203.0.113.7');
    expect(response.headers['WARC-Payload-Digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(response.body).toBe('<p>hello</p>');
    // The stored body is decoded, so the original encoding header is kept under another name.
    expect(response.http?.get('content-encoding')).toBeNull();
    expect(response.http?.get('x-archive-orig-content-encoding')).toBe('gzip');
    expect(parsed[2]!.headers['WARC-Concurrent-To']).toBe(response.headers['WARC-Record-ID']);
    expect(warc.cdx[0]).toMatchObject({ urlkey: 'com,example)/post', timestamp: '20261121100000', status: 200, mime: 'text/html', offset: expect.any(Number) });
  });

  it('marks bodies that never finished as truncated, and failed requests with their reason', async () => {
    const warc = await buildWarc([
      exchange('https://example.com/never', '', { truncated: 'time', body: null }),
      exchange('https://example.com/blocked', '', { response: null, body: null, failure: 'net::ERR_FAILED' }),
    ], { software: 'x', operator: 'y' }, 'a.warc', at);
    const parsed = await records(warc.bytes);
    expect(parsed[1]!.headers['WARC-Truncated']).toBe('time');
    expect(parsed[3]).toMatchObject({ type: 'request', headers: expect.objectContaining({ 'WARC-Goldenhour-Failure': 'net::ERR_FAILED' }) });
  });

  it('indexes at the offsets where records start', async () => {
    const warc = await buildWarc([exchange('https://b.example/', 'b'), exchange('https://a.example/', 'a')], { software: 'x', operator: 'y' }, 'a.warc', at);
    for (const entry of warc.cdx) expect(warc.bytes.subarray(entry.offset, entry.offset + 9).toString()).toBe('WARC/1.1\r');
    expect(cdxjText(warc.cdx).split('\n')[0]).toMatch(/^example,a\)\//);
  });
});

describe('buildWacz', () => {
  it('makes a WACZ 1.1.1 our validator accepts, with the archive stored uncompressed', async () => {
    const warc = await buildWarc([exchange('https://example.com/', '<p>x</p>')], { software: 'x', operator: 'y' }, 'data.warc', at);
    const wacz = await buildWacz({ warc: warc.bytes, warcName: 'data.warc', cdx: warc.cdx, pages: [{ url: 'https://example.com/', ts: at.toISOString(), title: 'X' }], title: 'X', software: 'Golden Hour', created: at });
    const report = await validateWacz(wacz);
    expect(report).toMatchObject({ valid: true, waczVersion: '1.1.1', pages: 1, warcRecords: 3, errors: [], warnings: [] });
    const files = await readZip(wacz);
    expect(files.find((f) => f.path === 'archive/data.warc')?.compressionMethod).toBe(0);
  });

  it('is found invalid when a byte of the archive changes', async () => {
    const warc = await buildWarc([exchange('https://example.com/', '<p>x</p>')], { software: 'x', operator: 'y' }, 'data.warc', at);
    const wacz = await buildWacz({ warc: warc.bytes, warcName: 'data.warc', cdx: warc.cdx, pages: [], title: 'X', software: 'Golden Hour', created: at });
    const offset = wacz.indexOf(Buffer.from('<p>x</p>'));
    wacz[offset + 3] = 'y'.charCodeAt(0);
    const report = await validateWacz(wacz);
    expect(report.valid).toBe(false);
    expect(report.errors.join('\n')).toMatch(/archive\/data\.warc: hash mismatch|CRC|not a readable zip|invalid/i);
  });

  it('is found invalid when an index line points at the wrong record, as replay would fail on it', async () => {
    const warc = await buildWarc([exchange('https://example.com/a', 'a'), exchange('https://example.com/b', 'b')], { software: 'x', operator: 'y' }, 'data.warc', at);
    const [a, b] = warc.cdx;
    const swapped = [{ ...a!, offset: b!.offset, length: b!.length }, b!];
    const wacz = await buildWacz({ warc: warc.bytes, warcName: 'data.warc', cdx: swapped, pages: [], title: 'X', software: 'Golden Hour', created: at });
    const report = await validateWacz(wacz);
    expect(report.valid).toBe(false);
    expect(report.errors).toContainEqual(expect.stringMatching(/indexes\/index\.cdxj line \d: the record at offset \d+ is for https:\/\/example\.com\/b, not https:\/\/example\.com\/a/));
  });

  it('writes a pages.jsonl header line', () => {
    expect(pagesJsonl([]).trim()).toBe('{"format":"json-pages-1.0","id":"pages","title":"All Pages"}');
  });
});
