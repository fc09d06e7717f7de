import { invalidInput, describeValue } from '../../util/errors.js';
import type { ByteRange } from './hls-playlist.js';

/** Which rendition of a stream to save: `highest` (the default), `lowest`, or a size. */
export type VideoQuality = 'highest' | 'lowest' | { width: number; height: number };

/** Reads `highest`, `lowest` or `WIDTHxHEIGHT` (the CLI's --video-quality). */
export function parseVideoQuality(value: string): VideoQuality {
  if (value === 'highest' || value === 'lowest') return value;
  const size = /^(\d{1,5})x(\d{1,5})$/.exec(value);
  if (size && Number(size[1]) > 0 && Number(size[2]) > 0) return { width: Number(size[1]), height: Number(size[2]) };
  throw invalidInput(`Expected highest, lowest or WIDTHxHEIGHT (like 1280x720) for --video-quality but received ${describeValue(value)}`);
}

/** A rendition to choose from: its bandwidth and, for video, its size. */
export interface RenditionChoice {
  bandwidth: number;
  width: number | null;
  height: number | null;
}

/**
 * The rendition to save: highest or lowest bandwidth, or for a size the rendition of exactly
 * that size, else the one nearest in pixel count (ties to the higher bandwidth).
 */
export function chooseRendition<T extends RenditionChoice>(options: T[], quality: VideoQuality): T | null {
  if (options.length === 0) return null;
  const byBandwidth = [...options].sort((a, b) => b.bandwidth - a.bandwidth);
  if (quality === 'highest') return byBandwidth[0]!;
  if (quality === 'lowest') return byBandwidth[byBandwidth.length - 1]!;
  const wanted = quality.width * quality.height;
  const distance = (o: T) => (o.width === quality.width && o.height === quality.height ? -1 : Math.abs((o.width ?? 0) * (o.height ?? 0) - wanted));
  return byBandwidth.reduce((best, o) => (distance(o) < distance(best) ? o : best));
}

/** One piece of a track to fetch: a whole resource or a byte range of it. */
export interface PlannedSegment {
  url: string;
  range: ByteRange | null;
  durationS: number | null;
  /** AES-128 key address and IV (HLS). */
  key: { url: string; iv: Buffer } | null;
}

/** One track of a video (muxed, video only or audio only), as segments in play order. */
export interface TrackPlan {
  role: 'muxed' | 'video' | 'audio';
  /** The container of its segments, for naming the file ffmpeg reads. */
  container: 'ts' | 'mp4' | 'webm' | 'aac';
  /** Segments in order; a live playlist's keep coming until it ends or a limit stops them. */
  segments: AsyncIterable<PlannedSegment | { init: PlannedSegment }>;
  /** What the manifest says of this rendition (bandwidth, size, codecs, id, language). */
  rendition: Record<string, unknown>;
}

/** A stream as planned from its manifest: its tracks and what it is. */
export interface StreamPlan {
  format: 'hls' | 'dash';
  manifestUrl: string;
  /** Playlists (HLS) read to make the plan, besides the manifest itself. */
  playlists: string[];
  live: boolean;
  tracks: TrackPlan[];
  /** Durations the manifest declares, for checking what was saved. */
  declaredDurationS: number | null;
  notes: string[];
}

/** The container of a segment, by its address and declared type. */
export function containerOf(url: string, mimeType = ''): TrackPlan['container'] {
  const path = (() => {
    try {
      return new URL(url).pathname.toLowerCase();
    } catch {
      return url.toLowerCase();
    }
  })();
  if (/webm/.test(mimeType) || path.endsWith('.webm')) return 'webm';
  if (path.endsWith('.aac')) return 'aac';
  if (path.endsWith('.ts') || /mp2t/.test(mimeType)) return 'ts';
  return 'mp4';
}

/** A fixed list of segments as an async iterable. */
export async function* listed<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

/** An error's first line: Playwright's messages go on with call logs that repeat request headers (cookies too). */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
