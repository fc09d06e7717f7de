import { createDecipheriv } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamFetcher } from './stream-fetcher.js';
import { firstLine, type StreamPlan, type TrackPlan } from './stream-plan.js';

/** Limits on one saved video (the CLI's --max-video-seconds and --max-video-mb). */
export interface VideoLimitsForDownload {
  maxSeconds: number;
  maxBytes: number;
}

/** One track written to a file: its segments concatenated in order, decrypted. */
export interface DownloadedTrack {
  role: TrackPlan['role'];
  container: TrackPlan['container'];
  path: string;
  rendition: Record<string, unknown>;
  segments: number;
  /** Segments (and init sections) taken from the page's own responses rather than fetched again. */
  fromArchive: number;
  bytes: number;
  /** The sum of the segments' declared durations. */
  durationS: number;
}

/** Why a video was cut short: a limit, the time allowed, or a stream that stalled or failed. */
export interface Truncation {
  reason: 'max-video-seconds' | 'max-video-mb' | 'time-limit' | 'stalled' | 'missed-segments';
  detail: string;
}

/**
 * Fetches every segment of the plan's tracks (at once, as a player would) into one file per
 * track, decrypting AES-128 segments with keys fetched as the page fetched them, and stopping
 * at the limits. Nothing is held in memory beyond one segment per track: each is written as it
 * arrives. A fetch that fails or a live playlist that stalls ends the video where it got to.
 */
export async function downloadPlan(plan: StreamPlan, fetcher: StreamFetcher, headers: Record<string, string>, limits: VideoLimitsForDownload, deadline: number, dir: string): Promise<{ tracks: DownloadedTrack[]; truncated: Truncation | null }> {
  const shared = { bytes: 0, truncated: null as Truncation | null, keys: new Map<string, Promise<Buffer>>() };
  const cut = (t: Truncation) => (shared.truncated ??= t);
  const tracks = await Promise.all(plan.tracks.map(async (track, index) => {
    const path = join(dir, `track-${index}.${track.container}`);
    const out: DownloadedTrack = { role: track.role, container: track.container, path, rendition: track.rendition, segments: 0, fromArchive: 0, bytes: 0, durationS: 0 };
    const file = await open(path, 'w');
    const write = async (body: Buffer) => {
      await file.write(body);
      out.bytes += body.length;
      shared.bytes += body.length;
    };
    try {
      for await (const item of track.segments) {
        if (shared.truncated) break;
        const segment = 'init' in item ? item.init : item;
        if (!('init' in item) && out.durationS + (segment.durationS ?? 0) > limits.maxSeconds + 0.001) {
          cut({ reason: 'max-video-seconds', detail: `stopped at ${out.durationS.toFixed(1)} s, the limit being ${limits.maxSeconds} s` });
          break;
        }
        if (Date.now() > deadline) {
          cut({ reason: 'time-limit', detail: `the time allowed for saving videos ran out at ${out.durationS.toFixed(1)} s` });
          break;
        }
        const part = await fetcher.get(segment.url, segment.range, headers);
        if (shared.bytes + part.body.length > limits.maxBytes) {
          cut({ reason: 'max-video-mb', detail: `stopped at ${shared.bytes} bytes, the limit being ${limits.maxBytes}` });
          break;
        }
        await write(segment.key ? decrypt(part.body, await key(segment.key.url), segment.key.iv) : part.body);
        if (part.fromArchive) out.fromArchive += 1;
        if (!('init' in item)) {
          out.segments += 1;
          out.durationS += segment.durationS ?? 0;
        }
      }
      if (track.rendition.missedSegments) cut({ reason: 'missed-segments', detail: `segments left the live playlist before they could be fetched: ${JSON.stringify(track.rendition.missedSegments)}` });
      if (plan.live && !shared.truncated && Date.now() >= deadline) cut({ reason: 'time-limit', detail: `the live stream was recorded until the time allowed ran out (${out.durationS.toFixed(1)} s)` });
    } catch (error) {
      cut({ reason: 'stalled', detail: `${firstLine(error)} (after ${out.segments} segments, ${out.durationS.toFixed(1)} s)` });
    } finally {
      await file.close();
    }
    return out;
  }));
  return { tracks, truncated: shared.truncated };

  function key(url: string): Promise<Buffer> {
    let pending = shared.keys.get(url);
    if (!pending) {
      pending = fetcher.get(url, null, headers).then(({ body }) => {
        if (body.length !== 16) throw new Error(`the AES-128 key at ${url} is ${body.length} bytes, not 16`);
        return body;
      });
      shared.keys.set(url, pending);
    }
    return pending;
  }
}

function decrypt(body: Buffer, key: Buffer, iv: Buffer): Buffer {
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}
