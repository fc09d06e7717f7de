import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { AddressCheck } from '../guarded-request.js';
import type { BrowserContext } from 'playwright-core';
import { findMediaTool, missingToolMessage } from '../../media/media-tools.js';
import { contentType, streamingFormat, type StreamingMedia } from '../media-candidates.js';
import type { RecordedExchange } from '../network-recorder.js';
import { planDash } from './dash-plan.js';
import { planHls, type PlanContext } from './hls-plan.js';
import { parseHlsPlaylist } from './hls-playlist.js';
import type { MediaSourceRecorder, RecordedTrack } from './mse-recorder.js';
import { downloadPlan, type DownloadedTrack, type Truncation } from './stream-download.js';
import { headersToRepeat, StreamFetcher } from './stream-fetcher.js';
import { muxedContainer, muxTracks, type MuxInput } from './stream-mux.js';
import { firstLine, type VideoQuality } from './stream-plan.js';

/** What bounds the videos saved from one page's streams. */
export interface VideoLimits {
  /** Per video: longer ones are cut there and flagged `truncated`. */
  maxSeconds: number;
  /** Per video, all its tracks together. */
  maxBytes: number;
  quality: VideoQuality;
  /** All of one page's videos (a live stream is recorded until this runs out). */
  timeoutMs: number;
  /** One segment request. */
  segmentTimeoutMs: number;
  /** A live playlist bringing nothing new for this long has stalled. */
  stallMs: number;
}

/** One video saved from a stream, as a file in the capture's workspace, before it is stored. */
export interface CapturedVideo {
  path: string;
  /** The stored file's name without extension (the manifest's, or what made it). */
  name: string;
  mediaType: string;
  /** The manifest's address; null for what a MediaSource player appended (the page's own address then). */
  url: string | null;
  /** `stream`, and `live` / `truncated` where they apply. */
  flags: string[];
  /** Where it came from and how it was made, for the child item and the capture record. */
  origin: Record<string, unknown>;
}

/** Streams turned into files, how many requests were made for them (each handed to the WARC as made), and what could not be saved. */
export interface StreamOutcome {
  videos: CapturedVideo[];
  requests: number;
  failed: { url: string; reason: string }[];
  notes: string[];
}

/** A temporary folder for one page's track and video files, removed once they are stored. */
export async function makeStreamWorkspace(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'goldenhour-streams-'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Manifest addresses the page named or loaded; media playlists a master playlist lists come with it, not on their own. */
export function manifestsOf(exchanges: RecordedExchange[], named: StreamingMedia[]): { url: string; format: 'hls' | 'dash' }[] {
  const found = new Map<string, 'hls' | 'dash'>();
  const covered = new Set<string>();
  for (const e of exchanges) {
    if (e.method !== 'GET' || e.response?.status !== 200) continue;
    const format = streamingFormat(e.url, contentType(e));
    if (format === 'hls' || format === 'dash') found.set(e.url, format);
    if (format === 'hls' && e.body) {
      try {
        const playlist = parseHlsPlaylist(e.body.toString('utf8'), e.url);
        if (playlist.kind === 'master') for (const ref of [...playlist.variants.map((v) => v.url), ...playlist.renditions.map((r) => r.url)]) if (ref) covered.add(ref);
      } catch {
        // Not a playlist after all: planning it will say so.
      }
    }
  }
  for (const s of named) if (s.format !== 'media-source' && !found.has(s.url)) found.set(s.url, s.format);
  return [...found.entries()].filter(([url]) => !covered.has(url)).map(([url, format]) => ({ url, format }));
}

/**
 * Saves each stream the page played or named as one playable file: HLS and DASH from their
 * manifests (the rendition the quality asks for, separate audio muxed in), and, when the page
 * loaded no manifest, what its MediaSource players appended. Stream copy only (ffmpeg `-c copy`).
 * Every request made for them goes to `record` (the page's WARC on disk) as it completes.
 */
export async function captureStreams(context: BrowserContext, pageExchanges: RecordedExchange[], named: StreamingMedia[], mediaSource: MediaSourceRecorder | null, limits: VideoLimits, dir: string, maxVideos: number, record: (exchange: RecordedExchange) => Promise<void>, allows: AddressCheck | null = null): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { videos: [], requests: 0, failed: [], notes: [] };
  const appended = mediaSource ? await mediaSource.finish() : new Map<number, RecordedTrack[]>();
  const manifests = manifestsOf(pageExchanges, named);
  if (manifests.length === 0 && appended.size === 0) return outcome;
  const ffmpeg = findMediaTool('ffmpeg');
  if (!ffmpeg) {
    outcome.notes.push(`streamed videos were not saved as files: ${missingToolMessage('ffmpeg')}`);
    return outcome;
  }
  const fetcher = new StreamFetcher(context, pageExchanges, limits.segmentTimeoutMs, record, allows);
  const deadline = Date.now() + limits.timeoutMs;
  for (const manifest of manifests) {
    if (outcome.videos.length >= maxVideos) {
      outcome.failed.push({ url: manifest.url, reason: `over the limit of ${maxVideos} media per page` });
      continue;
    }
    try {
      outcome.videos.push(await saveManifest(fetcher, manifest, limits, deadline, dir, ffmpeg.path, outcome.videos.length));
    } catch (error) {
      outcome.failed.push({ url: manifest.url, reason: firstLine(error) });
    }
  }
  if (appended.size > 0 && manifests.length > 0) {
    outcome.notes.push(`what the page's MediaSource players appended was not saved separately: the ${manifests.length} manifest stream(s) the page loaded were saved from their manifests`);
  } else {
    for (const [source, tracks] of appended) {
      if (outcome.videos.length >= maxVideos) break;
      try {
        outcome.videos.push(await saveAppended(source, tracks, limits, dir, ffmpeg.path));
      } catch (error) {
        outcome.failed.push({ url: `media-source:${source}`, reason: firstLine(error) });
      }
    }
  }
  outcome.requests = fetcher.requests;
  return outcome;
}

async function saveManifest(fetcher: StreamFetcher, manifest: { url: string; format: 'hls' | 'dash' }, limits: VideoLimits, deadline: number, dir: string, ffmpeg: string, index: number): Promise<CapturedVideo> {
  const headers = headersToRepeat(fetcher.pageRequest(manifest.url));
  const ctx: PlanContext = { fetcher, headers, quality: limits.quality, deadline, stallMs: limits.stallMs };
  const plan = manifest.format === 'hls' ? await planHls(ctx, manifest.url) : await planDash(ctx, manifest.url);
  const trackDir = join(dir, `stream-${index}`);
  await mkdir(trackDir);
  const { tracks, truncated } = await downloadPlan(plan, fetcher, headers, limits, deadline, trackDir);
  const kept = tracks.filter((t) => t.bytes > 0 && t.segments > 0);
  if (kept.length === 0) throw new Error(truncated ? `nothing could be saved: ${truncated.detail}` : 'the stream has no segments');
  const { extension, mediaType } = muxedContainer(kept);
  const path = join(dir, `video-${index}.${extension}`);
  const args = await muxTracks(ffmpeg, kept, path, Math.max(60_000, limits.segmentTimeoutMs));
  return {
    path, name: nameOf(manifest.url), mediaType, url: manifest.url, flags: flagsOf(plan.live, truncated),
    origin: { via: plan.format, manifestUrl: manifest.url, playlists: plan.playlists, live: plan.live, declaredDurationS: plan.declaredDurationS, tracks: kept.map(describeTrack), truncated, ffmpeg: relativeArgs(args, dir), notes: plan.notes },
  };
}

async function saveAppended(source: number, tracks: RecordedTrack[], limits: VideoLimits, dir: string, ffmpeg: string): Promise<CapturedVideo> {
  // One SourceBuffer may hold video and audio together.
  const inputs: MuxInput[] = tracks.map((t) => ({ path: t.path, container: t.container, role: tracks.length === 1 ? 'muxed' : t.role }));
  const { extension, mediaType } = muxedContainer(inputs);
  const path = join(dir, `media-source-${source}.${extension}`);
  const args = await muxTracks(ffmpeg, inputs, path, 120_000);
  const cut = tracks.some((t) => t.truncated);
  const truncated: Truncation | null = cut ? { reason: 'max-video-mb', detail: `the player appended more than the limit of ${limits.maxBytes} bytes` } : null;
  return {
    path, name: 'media-source', mediaType, url: null, flags: flagsOf(false, truncated),
    origin: { via: 'media-source', tracks: tracks.map((t) => ({ role: t.role, mimeType: t.mimeType, appends: t.appends, bytes: t.bytes })), truncated, ffmpeg: relativeArgs(args, dir) },
  };
}

/** `master` for …/master.m3u8; the directory's name for an `index` or `manifest`. */
function nameOf(url: string): string {
  const parts = new URL(url).pathname.split('/').filter(Boolean).map((p) => p.replace(/\.[^.]*$/, ''));
  const last = parts.at(-1) ?? 'stream';
  return (/^(index|manifest|playlist|master)$/.test(last) && parts.length > 1 ? `${parts.at(-2)}-${last}` : last).replace(/[^\w.-]/g, '_').slice(0, 80);
}

function flagsOf(live: boolean, truncated: Truncation | null): string[] {
  return ['stream', ...(live ? ['live'] : []), ...(truncated ? ['truncated'] : [])];
}

function describeTrack(t: DownloadedTrack) {
  return { role: t.role, container: t.container, rendition: t.rendition, segments: t.segments, segmentsFromPage: t.fromArchive, bytes: t.bytes, durationS: Number(t.durationS.toFixed(3)) };
}

/** The ffmpeg command line with the workspace's temporary paths reduced to file names. */
function relativeArgs(args: string[], dir: string): string[] {
  return ['ffmpeg', ...args.map((a) => (a.startsWith(dir) ? basename(a) : a))];
}
