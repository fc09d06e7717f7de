import { formatOffset, parseDateTime, wallMs } from './exif-datetime.js';
import type { TimeEvidence } from './event-time.js';
import { parseIso6709, type ReadLocation } from './location.js';
import { runTool } from './media-tools.js';
import { firstText, jsonSafe } from './raw-values.js';

interface ProbeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}

/** What ffprobe reports (the parts we read). */
export interface ProbeResult {
  format?: { format_name?: string; duration?: string; nb_streams?: number; tags?: Record<string, string> };
  streams?: ProbeStream[];
}

/** Runs ffprobe on a file and returns its JSON report. */
export async function probeVideo(ffprobePath: string, file: string): Promise<ProbeResult> {
  const out = await runTool(ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { timeoutMs: 60_000 });
  return JSON.parse(out.toString('utf8')) as ProbeResult;
}

/** The normalised video fields. */
export interface VideoFields {
  container: string | null;
  durationS: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  rotationDeg: number | null;
  make: string | null;
  model: string | null;
  software: string | null;
  creationTime: string | null;
  appleCreationDate: string | null;
  locationIso6709: string | null;
  streamCount: number;
}

/** Normalised fields from an ffprobe report. */
export function videoFields(probe: ProbeResult): VideoFields {
  const tags = probe.format?.tags ?? {};
  const streams = probe.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  const duration = Number(probe.format?.duration ?? video?.duration);
  const rotation = video?.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? Number(video?.tags?.rotate ?? NaN);
  return {
    container: probe.format?.format_name ?? null,
    durationS: Number.isFinite(duration) ? duration : null,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
    frameRate: frameRate(video?.avg_frame_rate) ?? frameRate(video?.r_frame_rate),
    rotationDeg: Number.isFinite(rotation) ? ((rotation % 360) + 360) % 360 : null,
    make: firstText(tags['com.apple.quicktime.make'], tags['com.android.manufacturer'], tags.make),
    model: firstText(tags['com.apple.quicktime.model'], tags['com.android.model'], tags.model),
    software: firstText(tags['com.apple.quicktime.software'], tags['com.android.version'], tags.encoder),
    creationTime: firstText(tags.creation_time, video?.tags?.creation_time),
    appleCreationDate: firstText(tags['com.apple.quicktime.creationdate']),
    locationIso6709: firstText(tags['com.apple.quicktime.location.ISO6709'], tags.location, tags['location-eng']),
    streamCount: probe.format?.nb_streams ?? streams.length,
  };
}

/** The raw report, without per-stream dispositions (noise), JSON-safe. */
export function videoRaw(probe: ProbeResult): Record<string, unknown> {
  const streams = (probe.streams ?? []).map((s) => {
    const { disposition: _disposition, ...rest } = s as ProbeStream & { disposition?: unknown };
    return rest;
  });
  // `filename` is the vault path ffprobe was given, not something the file says.
  const { filename: _filename, ...format } = (probe.format ?? {}) as NonNullable<ProbeResult['format']> & { filename?: string };
  return jsonSafe({ format: probe.format ? format : null, streams }) as Record<string, unknown>;
}

/**
 * Time evidence in a video: Apple's creationdate carries its offset (read as an explicit offset);
 * the container's creation_time is meant to be UTC but many cameras write local time, so it is
 * only a container time.
 */
export function videoTimeEvidence(fields: VideoFields): TimeEvidence {
  const raw: Record<string, unknown> = {};
  if (fields.appleCreationDate) raw['com.apple.quicktime.creationdate'] = fields.appleCreationDate;
  if (fields.creationTime) raw.creation_time = fields.creationTime;
  const evidence: TimeEvidence = { raw };
  const apple = parseDateTime(fields.appleCreationDate);
  if (apple) {
    if (apple.offsetMin !== null) evidence.withOffset = { wall: apple.wall, offsetMin: apple.offsetMin, tag: 'com.apple.quicktime.creationdate' };
    else evidence.local = { wall: apple.wall, tag: 'com.apple.quicktime.creationdate' };
  }
  const container = parseDateTime(fields.creationTime);
  // 1904-01-01 (the QuickTime epoch) and 1970 are what a never-set clock writes.
  if (container && container.wall.year > 1970) {
    const utc = new Date(wallMs(container.wall) - (container.offsetMin ?? 0) * 60_000).toISOString();
    evidence.containerUtc = { utc, tag: container.offsetMin === null || container.offsetMin === 0 ? 'creation_time' : `creation_time (${formatOffset(container.offsetMin)})` };
  }
  return evidence;
}

/** The place in a video's tags: Apple ISO 6709, or Android's location / ©xyz. */
export function videoLocation(tags: Record<string, string> = {}): ReadLocation {
  const apple = tags['com.apple.quicktime.location.ISO6709'];
  if (apple) return parseIso6709(apple, 'quicktime-iso6709');
  const android = tags.location ?? tags['location-eng'];
  if (android) return parseIso6709(android, 'mp4-xyz');
  return { location: null, flags: [], notes: [] };
}

function frameRate(text: string | undefined): number | null {
  if (!text) return null;
  const [num, den] = text.split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return null;
  return Math.round((num / den) * 1000) / 1000;
}
