import type { Page } from 'playwright-core';
import { mediaCandidatesScript } from './in-page-scripts.js';
import type { RecordedExchange } from './network-recorder.js';

/** A piece of media the page shows or loaded, and where we learnt of it. */
export interface MediaCandidate {
  url: string;
  via: 'img' | 'video' | 'post-meta' | 'network';
  /** The address as the page gave it, when `url` is a larger rendition asked for instead. */
  shown?: string;
}

/**
 * The largest rendition a known image host serves for an address: X (pbs.twimg.com) serves the
 * uploaded original with `name=orig`. Other addresses are returned as they are.
 */
export function largestRendition(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.hostname === 'pbs.twimg.com' && /^\/(media|tweet_video_thumb|ext_tw_video_thumb|amplify_video_thumb)\//.test(parsed.pathname)) {
      parsed.searchParams.set('name', 'orig');
      return parsed.href;
    }
  } catch {
    // Not a URL: left as it is, and refused later.
  }
  return url;
}

/** Media that is streamed in pieces (HLS, DASH, MediaSource blobs) and cannot be saved as one file. */
export interface StreamingMedia {
  url: string;
  format: 'hls' | 'dash' | 'media-source';
}

/**
 * Images at their largest rendition (the widest `srcset`/`<picture>` candidate, else the
 * source shown) and video/audio sources, read from the rendered page. Icons (both rendered and
 * natural size under 48 px) are left out.
 */
export async function domMediaCandidates(page: Page): Promise<MediaCandidate[]> {
  return (await page.evaluate(mediaCandidatesScript)) as MediaCandidate[];
}

/** Video and audio responses seen on the network (players often fetch them by script). */
export function networkMediaCandidates(exchanges: RecordedExchange[]): MediaCandidate[] {
  return exchanges
    .filter((e) => e.response && e.response.status < 300 && /^(video|audio)\//i.test(contentType(e)))
    .map((e) => ({ url: e.url, via: 'network' as const }));
}

/** The content type an exchange's response declared. */
export function contentType(exchange: RecordedExchange): string {
  return exchange.response?.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
}

/** Whether a URL or declared type is a streaming format, and which. */
export function streamingFormat(url: string, declaredType = ''): StreamingMedia['format'] | null {
  if (url.startsWith('blob:')) return 'media-source';
  const path = (() => {
    try {
      return new URL(url).pathname.toLowerCase();
    } catch {
      return url.toLowerCase();
    }
  })();
  const type = declaredType.toLowerCase();
  if (path.endsWith('.m3u8') || type.includes('mpegurl')) return 'hls';
  if (path.endsWith('.mpd') || type.includes('dash+xml')) return 'dash';
  return null;
}

/** Candidates in order, once each, http(s) only; streaming ones set apart. */
export function sortCandidates(candidates: MediaCandidate[]): { downloadable: MediaCandidate[]; streaming: StreamingMedia[] } {
  const seen = new Set<string>();
  const downloadable: MediaCandidate[] = [];
  const streaming: StreamingMedia[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.url)) continue;
    seen.add(candidate.url);
    const format = streamingFormat(candidate.url);
    if (format) streaming.push({ url: candidate.url, format });
    else if (/^https?:/.test(candidate.url)) {
      const largest = largestRendition(candidate.url);
      if (largest === candidate.url) downloadable.push(candidate);
      else if (!seen.has(largest)) {
        seen.add(largest);
        downloadable.push({ ...candidate, url: largest, shown: candidate.url });
      }
    }
  }
  return { downloadable, streaming };
}
