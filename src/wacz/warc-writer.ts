import { WARCRecord, WARCSerializer, getSurt } from 'warcio';
import type { RecordedExchange } from '../capture/network-recorder.js';

/** Who wrote the archive, for its `warcinfo` record. */
export interface WarcInfo {
  software: string;
  operator: string;
  /** Anything else worth stating (browser, user agent, proxy...). */
  extra?: Record<string, string>;
}

/** One CDXJ index line's fields for a response record in the WARC. */
export interface CdxEntry {
  urlkey: string;
  timestamp: string;
  url: string;
  mime: string;
  status: number;
  digest: string;
  offset: number;
  length: number;
  filename: string;
}

/** A WARC file built in memory, with the index of its response records. */
export interface BuiltWarc {
  bytes: Buffer;
  cdx: CdxEntry[];
  records: number;
}

const WARC_VERSION = 'WARC/1.1';
/** Headers that describe an encoding of the body we no longer hold: the browser gives us decoded bodies. */
const encodingHeaders = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

/** `2026-11-21T20:02:30Z`: WARC-Date in UTC to the second. */
export function warcDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20261121200230`: the 14-digit timestamp of CDX indexes and pages. */
export function cdxTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Writes every recorded exchange as WARC 1.1 records (a `warcinfo` first; then each response
 * followed by its request, linked by WARC-Concurrent-To), computing digests with warcio.
 * Bodies are the browser's decoded bytes, so Content-Encoding/Transfer-Encoding/Content-Length
 * are kept under X-Archive-Orig-* names and Content-Length states the stored length.
 */
export async function buildWarc(exchanges: RecordedExchange[], info: WarcInfo, filename: string, now: Date): Promise<BuiltWarc> {
  const chunks: Buffer[] = [];
  const cdx: CdxEntry[] = [];
  let offset = 0;
  let records = 0;
  const append = async (record: WARCRecord) => {
    const bytes = Buffer.from(await WARCSerializer.serialize(record, { gzip: false }));
    chunks.push(bytes);
    const at = offset;
    offset += bytes.length;
    records += 1;
    return { offset: at, length: bytes.length };
  };
  const fields: Record<string, string> = {
    software: info.software, operator: info.operator, format: 'WARC File Format 1.1',
    conformsTo: 'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/', ...info.extra,
  };
  await append(WARCRecord.createWARCInfo({ filename, warcVersion: WARC_VERSION, date: warcDate(now) }, fields));
  for (const exchange of exchanges) {
    let responseId: string | null = null;
    if (exchange.response) {
      const response = responseRecord(exchange);
      responseId = response.warcHeader('WARC-Record-ID') ?? null;
      const place = await append(response);
      cdx.push(cdxEntry(exchange, response, place, filename));
    }
    await append(requestRecord(exchange, responseId));
  }
  return { bytes: Buffer.concat(chunks), cdx, records };
}

function responseRecord(exchange: RecordedExchange): WARCRecord {
  const response = exchange.response!;
  const body = exchange.body ?? Buffer.alloc(0);
  const httpHeaders: [string, string][] = [];
  for (const [name, value] of response.headers) {
    if (name.startsWith(':')) continue;
    if (encodingHeaders.has(name.toLowerCase())) httpHeaders.push([`X-Archive-Orig-${name}`, value]);
    else httpHeaders.push([name, value]);
  }
  httpHeaders.push(['Content-Length', String(body.length)]);
  const warcHeaders: [string, string][] = [];
  if (response.serverIp) warcHeaders.push(['WARC-IP-Address', response.serverIp]);
  if (exchange.truncated) warcHeaders.push(['WARC-Truncated', exchange.truncated]);
  return WARCRecord.create(
    {
      url: exchange.url, date: warcDate(response.receivedAt), type: 'response', warcVersion: WARC_VERSION,
      statusline: `HTTP/1.1 ${response.status} ${response.statusText || 'Unknown'}`, httpHeaders, warcHeaders,
    },
    [new Uint8Array(body)],
  );
}

function requestRecord(exchange: RecordedExchange, responseId: string | null): WARCRecord {
  const url = new URL(exchange.url);
  const headers = exchange.requestHeaders.filter(([name]) => !name.startsWith(':'));
  if (!headers.some(([name]) => name.toLowerCase() === 'host')) headers.unshift(['Host', url.host]);
  const warcHeaders: [string, string][] = [];
  if (responseId) warcHeaders.push(['WARC-Concurrent-To', responseId]);
  // Custom WARC fields are allowed; this states plainly why a request has no response.
  if (exchange.failure) warcHeaders.push(['WARC-Goldenhour-Failure', exchange.failure]);
  else if (!exchange.response) warcHeaders.push(['WARC-Goldenhour-Failure', 'no response before the capture ended']);
  return WARCRecord.create(
    {
      url: exchange.url, date: warcDate(exchange.requestedAt), type: 'request', warcVersion: WARC_VERSION,
      statusline: `${exchange.method} ${url.pathname}${url.search} HTTP/1.1`, httpHeaders: headers, warcHeaders,
    },
    exchange.requestBody ? [new Uint8Array(exchange.requestBody)] : [],
  );
}

function cdxEntry(exchange: RecordedExchange, record: WARCRecord, place: { offset: number; length: number }, filename: string): CdxEntry {
  const response = exchange.response!;
  const contentType = response.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'unk';
  return {
    urlkey: getSurt(exchange.url),
    timestamp: cdxTimestamp(response.receivedAt),
    url: exchange.url,
    mime: contentType.split(';')[0]!.trim().toLowerCase() || 'unk',
    status: response.status,
    digest: record.warcPayloadDigest ?? '',
    offset: place.offset,
    length: place.length,
    filename,
  };
}

/** The CDXJ text for entries: `urlkey timestamp {json}` lines, sorted as CDXJ requires. */
export function cdxjText(entries: CdxEntry[]): string {
  const lines = entries.map((entry) => {
    const { urlkey, timestamp, ...rest } = entry;
    return `${urlkey} ${timestamp} ${JSON.stringify(rest)}`;
  });
  lines.sort();
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
