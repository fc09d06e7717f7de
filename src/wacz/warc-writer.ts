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

/** Where serialized WARC bytes go: a file as they are made, or memory. */
export type WarcSink = (bytes: Uint8Array) => Promise<void>;

/**
 * Writes recorded exchanges as WARC 1.1 records, one at a time, to a sink (a `warcinfo` first;
 * then each response followed by its request, linked by WARC-Concurrent-To), computing digests
 * with warcio. A record goes out chunk by chunk as warcio makes it (headers, then the body the
 * exchange holds): nothing of the archive is kept here but its CDX index, so an exchange's body
 * can be let go once `add` resolves. Calls to `add` are written in the order they were made.
 * Bodies are the browser's decoded bytes, so Content-Encoding/Transfer-Encoding/Content-Length
 * are kept under X-Archive-Orig-* names and Content-Length states the stored length.
 */
export class WarcWriter {
  readonly cdx: CdxEntry[] = [];
  records = 0;
  /** Exchanges written (each a response and a request record, or a request alone). */
  exchanges = 0;
  private offset = 0;
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly filename: string, private readonly sink: WarcSink) {}

  /** A writer whose first record, the `warcinfo`, is written before this resolves. */
  static async start(info: WarcInfo, filename: string, now: Date, sink: WarcSink): Promise<WarcWriter> {
    const writer = new WarcWriter(filename, sink);
    const fields: Record<string, string> = {
      software: info.software, operator: info.operator, format: 'WARC File Format 1.1',
      conformsTo: 'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/', ...info.extra,
    };
    await writer.append(WARCRecord.createWARCInfo({ filename, warcVersion: WARC_VERSION, date: warcDate(now) }, fields));
    return writer;
  }

  /** Writes one exchange's records, after every exchange added before it. */
  add(exchange: RecordedExchange): Promise<void> {
    const write = this.queue.then(() => this.write(exchange));
    // A failed write fails its own caller; the next exchange still waits its turn.
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** Resolves once everything added so far is written (or has failed). */
  async drain(): Promise<void> {
    await this.queue;
  }

  private async write(exchange: RecordedExchange): Promise<void> {
    let responseId: string | null = null;
    if (exchange.response) {
      const response = responseRecord(exchange);
      responseId = response.warcHeader('WARC-Record-ID') ?? null;
      const place = await this.append(response);
      this.cdx.push(cdxEntry(exchange, response, place, this.filename));
    }
    await this.append(requestRecord(exchange, responseId));
    this.exchanges += 1;
  }

  private async append(record: WARCRecord): Promise<{ offset: number; length: number }> {
    const at = this.offset;
    let length = 0;
    // The same bytes WARCSerializer.serialize would join into one buffer, handed on as they come.
    for await (const chunk of new WARCSerializer(record, { gzip: false }) as AsyncIterable<Uint8Array>) {
      await this.sink(chunk);
      length += chunk.length;
    }
    this.offset += length;
    this.records += 1;
    return { offset: at, length };
  }
}

/** Writes every recorded exchange as a WARC in memory (see WarcWriter). */
export async function buildWarc(exchanges: RecordedExchange[], info: WarcInfo, filename: string, now: Date): Promise<BuiltWarc> {
  const chunks: Buffer[] = [];
  const writer = await WarcWriter.start(info, filename, now, async (bytes) => void chunks.push(Buffer.from(bytes)));
  for (const exchange of exchanges) await writer.add(exchange);
  return { bytes: Buffer.concat(chunks), cdx: writer.cdx, records: writer.records };
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
