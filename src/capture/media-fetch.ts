import type { BrowserContext } from 'playwright-core';
import { sniffMediaType, kindForMediaType } from '../items/sniff.js';
import { errorMessage } from '../util/errors.js';
import { guardedRequest, RefusedAddress, type AddressCheck } from './guarded-request.js';
import { contentType, streamingFormat, type MediaCandidate, type StreamingMedia } from './media-candidates.js';
import type { RecordedExchange } from './network-recorder.js';
import { join } from 'node:path';
import { downloadMedia, writeMediaFile, type MediaDownload } from './media-download.js';
import type { WrittenFile } from '../wacz/warc-file.js';

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
  /** In the capture's workspace, hashed as written; stored into the vault from there (read in chunks, never whole). */
  file: WrittenFile;
  mediaType: string;
  kind: 'photo' | 'video';
  /** 'archive': the very bytes recorded in the page's WARC; 'fetched': fetched again in the same browser context. */
  source: 'archive' | 'fetched';
}

export interface MediaOutcome {
  media: FetchedMedia[];
  /** Requests made to fetch media the page had not loaded (each handed to the WARC as it completed). */
  requests: number;
  streaming: StreamingMedia[];
  skipped: { url: string; reason: string }[];
}

/** Where fetched media go: files in the capture's workspace, and each request into the page's WARC on disk as it completes. */
export interface MediaSink {
  dir: string;
  record: (exchange: RecordedExchange) => Promise<void>;
}

/**
 * Gets each candidate's bytes into a file in the capture's workspace: from the network record
 * when the page loaded it whole (the same bytes as in the archive), else through the page's own
 * browser context (same proxy, same cookies) by byte ranges, so a long video is never held
 * whole in memory (see downloadMedia). Keeps only what sniffs as an image or video; stops at the
 * count and byte limits and says what was left out and why.
 */
export async function fetchMedia(context: BrowserContext, candidates: MediaCandidate[], exchanges: RecordedExchange[], limits: MediaLimits, sink: MediaSink, allows: AddressCheck | null = null): Promise<MediaOutcome> {
  const outcome: MediaOutcome = { media: [], requests: 0, streaming: [], skipped: [] };
  const files = { n: 0 };
  const counted: MediaSink = { dir: sink.dir, record: async (e) => { outcome.requests += 1; await sink.record(e); } };
  const nextPath = () => join(sink.dir, `media-${(files.n += 1)}`);
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
      const found = await fetchCandidate(context, candidate, recorded, limits, counted, nextPath, allows).catch((error: unknown) => ({ skip: errorMessage(error) }));
      if ('streaming' in found) outcome.streaming.push({ url: candidate.url, format: found.streaming });
      else if ('skip' in found) skip(found.skip);
      else if (total + found.file.size > limits.maxTotalBytes) skip(`would take the page's media past the limit of ${limits.maxTotalBytes} bytes`);
      // The same file under two addresses (a srcset candidate and og:image) is kept once.
      else if (!seenHashes.has(found.file.sha256)) {
        seenHashes.add(found.file.sha256);
        total += found.file.size;
        outcome.media.push(found);
      }
    }
  }
  return outcome;
}

/** One candidate's bytes, as an image or video: the larger rendition if there is one, else what the page showed. */
async function fetchCandidate(context: BrowserContext, candidate: MediaCandidate, recorded: Map<string, RecordedExchange>, limits: MediaLimits, sink: MediaSink, nextPath: () => string, allows: AddressCheck | null): Promise<FetchedMedia | { streaming: StreamingMedia['format'] } | { skip: string }> {
  const larger = candidate.shown
    ? await getFile(context, candidate.url, recorded.get(candidate.url), limits, sink, nextPath(), allows).catch((error: unknown) => ({ skip: errorMessage(error) }))
    : null;
  const url = larger && !('skip' in larger) ? candidate.url : candidate.shown ?? candidate.url;
  const got = url === candidate.url && larger ? larger : await getFile(context, url, recorded.get(url), limits, sink, nextPath(), allows);
  if (!('file' in got)) return got;
  const mediaType = await sniffMediaType(got.head, got.file.path);
  const kind = kindForMediaType(mediaType);
  if (kind !== 'photo' && kind !== 'video') return { skip: `content is ${mediaType}, not an image or video` };
  return { url, via: candidate.via, file: got.file, mediaType, kind, source: got.source };
}

type FileResult = (Extract<MediaDownload, { file: WrittenFile }> & { source: FetchedMedia['source'] }) | Exclude<MediaDownload, { file: WrittenFile }>;

async function getFile(context: BrowserContext, url: string, recorded: RecordedExchange | undefined, limits: MediaLimits, sink: MediaSink, path: string, allows: AddressCheck | null): Promise<FileResult> {
  if (recorded?.body) {
    const streaming = streamingFormat(url, contentType(recorded));
    if (streaming) return { streaming };
    if (recorded.body.length > limits.maxItemBytes) return { skip: `${recorded.body.length} bytes, over the per-file limit of ${limits.maxItemBytes}` };
    return { ...(await writeMediaFile(path, recorded.body, recorded.url)), source: 'archive' };
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
  const got = await downloadMedia(context, url, path, { maxBytes: limits.maxItemBytes, timeoutMs: limits.timeoutMs }, sink.record, allows);
  return 'file' in got ? { ...got, source: 'fetched' } : got;
}
