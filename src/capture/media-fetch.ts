import type { BrowserContext } from 'playwright-core';
import { sniffMediaType, kindForMediaType } from '../items/sniff.js';
import { errorMessage } from '../util/errors.js';
import { guardedRequest, RefusedAddress, type AddressCheck } from './guarded-request.js';
import { contentType, streamingFormat, type MediaCandidate, type StreamingMedia } from './media-candidates.js';
import type { RecordedExchange } from './network-recorder.js';
import { sha256Hex } from '../util/canonical-json.js';

/** Limits on what one page's media may take. */
export interface MediaLimits {
  maxCount: number;
  maxItemBytes: number;
  maxTotalBytes: number;
  timeoutMs: number;
}

/** A media file fetched for a page. */
export interface FetchedMedia {
  url: string;
  via: MediaCandidate['via'];
  body: Buffer;
  mediaType: string;
  kind: 'photo' | 'video';
  /** 'archive': the very bytes recorded in the page's WARC; 'fetched': fetched again in the same browser context. */
  source: 'archive' | 'fetched';
}

export interface MediaOutcome {
  media: FetchedMedia[];
  /** Exchanges made to fetch media the page had not loaded, for the WARC (so it holds every request of the capture). */
  exchanges: RecordedExchange[];
  streaming: StreamingMedia[];
  skipped: { url: string; reason: string }[];
}

/**
 * Gets each candidate's bytes: from the network record when the page loaded it whole (the same
 * bytes as in the archive), else through the page's own browser context (same proxy, same
 * cookies). Keeps only what sniffs as an image or video; stops at the count and byte limits and
 * says what was left out and why.
 */
export async function fetchMedia(context: BrowserContext, candidates: MediaCandidate[], exchanges: RecordedExchange[], limits: MediaLimits, allows: AddressCheck | null = null): Promise<MediaOutcome> {
  const outcome: MediaOutcome = { media: [], exchanges: [], streaming: [], skipped: [] };
  const recorded = new Map(exchanges.filter((e) => e.body && !e.truncated && e.response?.status === 200).map((e) => [e.url, e]));
  // What never finished during the capture would hang again: it is reported, not fetched.
  const unfinished = new Set(exchanges.filter((e) => e.truncated === 'time').map((e) => e.url));
  const seenHashes = new Set<string>();
  let total = 0;
  for (const candidate of candidates) {
    const skip = (reason: string) => outcome.skipped.push({ url: candidate.url, reason });
    if (outcome.media.length >= limits.maxCount) skip(`over the limit of ${limits.maxCount} media per page`);
    else if (unfinished.has(candidate.url) && !recorded.has(candidate.url)) skip('it never finished loading during the capture');
    else {
      const found = await fetchCandidate(context, candidate, recorded, limits, outcome.exchanges, allows).catch((error: unknown) => ({ skip: errorMessage(error) }));
      if ('streaming' in found) outcome.streaming.push({ url: candidate.url, format: found.streaming });
      else if ('skip' in found) skip(found.skip);
      else if (total + found.body.length > limits.maxTotalBytes) skip(`would take the page's media past the limit of ${limits.maxTotalBytes} bytes`);
      else {
        // The same file under two addresses (a srcset candidate and og:image) is kept once.
        const key = sha256Hex(found.body);
        if (seenHashes.has(key)) continue;
        seenHashes.add(key);
        total += found.body.length;
        outcome.media.push(found);
      }
    }
  }
  return outcome;
}

/** One candidate's bytes, as an image or video: the larger rendition if there is one, else what the page showed. */
async function fetchCandidate(context: BrowserContext, candidate: MediaCandidate, recorded: Map<string, RecordedExchange>, limits: MediaLimits, exchanges: RecordedExchange[], allows: AddressCheck | null): Promise<FetchedMedia | { streaming: StreamingMedia['format'] } | { skip: string }> {
  const larger = candidate.shown
    ? await getBody(context, candidate.url, recorded.get(candidate.url), limits, exchanges, allows).catch((error: unknown) => ({ skip: errorMessage(error) }))
    : null;
  const url = larger && !('skip' in larger) ? candidate.url : candidate.shown ?? candidate.url;
  const got = url === candidate.url && larger ? larger : await getBody(context, url, recorded.get(url), limits, exchanges, allows);
  if (!('body' in got)) return got;
  const mediaType = await sniffMediaType(got.body);
  const kind = kindForMediaType(mediaType);
  if (kind !== 'photo' && kind !== 'video') return { skip: `content is ${mediaType}, not an image or video` };
  return { url, via: candidate.via, body: got.body, mediaType, kind, source: got.source };
}

type BodyResult = { body: Buffer; source: FetchedMedia['source'] } | { streaming: StreamingMedia['format'] } | { skip: string };

async function getBody(context: BrowserContext, url: string, recorded: RecordedExchange | undefined, limits: MediaLimits, exchanges: RecordedExchange[], allows: AddressCheck | null): Promise<BodyResult> {
  if (recorded?.body) {
    const streaming = streamingFormat(url, contentType(recorded));
    if (streaming) return { streaming };
    if (recorded.body.length > limits.maxItemBytes) return { skip: `${recorded.body.length} bytes, over the per-file limit of ${limits.maxItemBytes}` };
    return { body: recorded.body, source: 'archive' };
  }
  // Each address (redirect hops included) is held to the capture's private-address rule before it is asked for.
  const head = await guardedRequest(context, 'HEAD', url, { timeout: limits.timeoutMs }, allows).catch((error: unknown) => {
    if (error instanceof RefusedAddress) throw error;
    return null;
  });
  const declaredLength = Number(head?.headers()['content-length'] ?? '0');
  if (declaredLength > limits.maxItemBytes) return { skip: `${declaredLength} bytes, over the per-file limit of ${limits.maxItemBytes}` };
  const streamingByHead = streamingFormat(url, head?.headers()['content-type'] ?? '');
  if (streamingByHead) return { streaming: streamingByHead };
  const requestedAt = new Date();
  const response = await guardedRequest(context, 'GET', url, { timeout: limits.timeoutMs }, allows);
  // Recorded under the address that answered (after any redirects), as the archive replays it.
  const exchange: RecordedExchange = {
    url: response.url(), method: 'GET', resourceType: 'media', requestHeaders: [], requestBody: null, requestedAt,
    response: { status: response.status(), statusText: response.statusText(), headers: response.headersArray().map((h) => [h.name, h.value]), receivedAt: new Date(), serverIp: null, serverPort: null, tls: null },
    body: null, truncated: null, failure: null, redirectedFrom: null,
  };
  exchanges.push(exchange);
  try {
    if (response.status() !== 200) return { skip: `HTTP ${response.status()} when fetching it` };
    const streaming = streamingFormat(url, response.headers()['content-type'] ?? '');
    if (streaming) return { streaming };
    const body = await response.body();
    if (body.length > limits.maxItemBytes) {
      exchange.truncated = 'length';
      return { skip: `${body.length} bytes, over the per-file limit of ${limits.maxItemBytes}` };
    }
    exchange.body = body;
    return { body, source: 'fetched' };
  } finally {
    await response.dispose().catch(() => undefined);
  }
}
