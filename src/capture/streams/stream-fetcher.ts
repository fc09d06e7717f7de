import type { APIResponse, BrowserContext } from 'playwright-core';
import { guardedRequest, type AddressCheck } from '../guarded-request.js';
import type { RecordedExchange } from '../network-recorder.js';
import type { ByteRange } from './hls-playlist.js';
import { firstLine } from './stream-plan.js';

/** A body and whether it is the very response the page's own request got (already in the archive). */
export interface FetchedPart {
  body: Buffer;
  fromArchive: boolean;
}

/** A request made outside the page (a stream segment, a media file), as its WARC records it. */
export function fetchedExchange(response: APIResponse, requestHeaders: Record<string, string>, requestedAt: Date, body: Buffer | null, truncated: RecordedExchange['truncated'] = null): RecordedExchange {
  return {
    url: response.url(), method: 'GET', resourceType: 'media', requestHeaders: Object.entries(requestHeaders), requestBody: null, requestedAt,
    response: { status: response.status(), statusText: response.statusText(), headers: response.headersArray().map((h) => [h.name, h.value]), receivedAt: new Date(), serverIp: null, serverPort: null, tls: null },
    body, truncated, failure: null, redirectedFrom: null,
  };
}

/** Headers a player sends that a server may check; cookies come from the context itself. */
const FORWARDED = new Set(['referer', 'origin', 'authorization']);

/** The headers of the page's own request for a manifest that segment fetches repeat. */
export function headersToRepeat(exchange: RecordedExchange | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of exchange?.requestHeaders ?? []) {
    const lower = name.toLowerCase();
    if (FORWARDED.has(lower) || (lower.startsWith('x-') && lower !== 'x-client-data')) out[lower] = value;
  }
  return out;
}

/**
 * Gets manifests, keys and segments as the page did: the page's own response when it made the
 * same request (the bytes already in its WARC), else through the page's browser context (its
 * cookies and proxy) with the headers the page's player sent. Every request made here is handed
 * to `record` (the page's WARC, written to disk) before its body is used, so the archive holds
 * each segment the saved file was made from and no segment is kept here once it is written.
 */
export class StreamFetcher {
  /** Requests made here (each recorded). */
  requests = 0;
  private readonly recorded = new Map<string, RecordedExchange[]>();
  /** Bytes fetched here (not taken from the page's record). */
  fetchedBytes = 0;

  constructor(private readonly context: BrowserContext, pageExchanges: RecordedExchange[], private readonly timeoutMs: number, private readonly record: (exchange: RecordedExchange) => Promise<void>, private readonly allows: AddressCheck | null = null) {
    for (const e of pageExchanges) {
      if (!e.body || e.truncated || !e.response || (e.response.status !== 200 && e.response.status !== 206)) continue;
      this.recorded.set(e.url, [...(this.recorded.get(e.url) ?? []), e]);
    }
  }

  /** The page's own request for a URL, if it made one (for its headers). */
  pageRequest(url: string): RecordedExchange | undefined {
    return this.recorded.get(url)?.[0];
  }

  /** A resource or a byte range of it. `fresh` skips the page's record (a live playlist that changes). */
  async get(url: string, range: ByteRange | null, headers: Record<string, string>, fresh = false): Promise<FetchedPart> {
    if (!fresh) {
      const archived = this.fromRecord(url, range);
      if (archived) return { body: archived, fromArchive: true };
    }
    const requestHeaders: Record<string, string> = { ...headers, ...(range ? { range: `bytes=${range.start}-${range.end}` } : {}) };
    const requestedAt = new Date();
    const response = await guardedRequest(this.context, 'GET', url, { headers: requestHeaders, timeout: this.timeoutMs }, this.allows).catch((error: unknown) => {
      // Playwright's message goes on with a call log that repeats the request's headers (cookies included): its first line is enough.
      throw new Error(`${url}${range ? ` (bytes ${range.start}-${range.end})` : ''}: ${firstLine(error)}`);
    });
    try {
      const body = await response.body();
      this.requests += 1;
      await this.record(fetchedExchange(response, requestHeaders, requestedAt, body));
      this.fetchedBytes += body.length;
      if (response.status() === 206) return { body, fromArchive: false };
      if (response.status() !== 200) throw new Error(`HTTP ${response.status()} for ${url}`);
      // A server that ignores Range sends the whole resource: the range is cut from it.
      return { body: range ? body.subarray(range.start, range.end + 1) : body, fromArchive: false };
    } finally {
      await response.dispose().catch(() => undefined);
    }
  }

  private fromRecord(url: string, range: ByteRange | null): Buffer | null {
    for (const e of this.recorded.get(url) ?? []) {
      if (e.response!.status === 200) return range ? (range.end < e.body!.length ? e.body!.subarray(range.start, range.end + 1) : null) : e.body!;
      const asked = e.requestHeaders.find(([n]) => n.toLowerCase() === 'range')?.[1];
      if (range && asked === `bytes=${range.start}-${range.end}`) return e.body!;
    }
    return null;
  }
}
