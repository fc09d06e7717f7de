import sharp from 'sharp';
import { errorMessage } from '../util/errors.js';
import { perceptualHashOf, THUMBNAIL_PX } from './image-derivatives.js';
import type { DerivedFile, MediaReading } from './media-reading.js';
import { missingToolMessage, runTool, type MediaTool } from './media-tools.js';
import { PERCEPTUAL_HASH_ALGORITHM } from './perceptual-hash.js';
import type { SecondReader } from './exiftool-reader.js';
import { posterAndKeyframes } from './video-frames.js';
import { addVideoSecondReading } from './video-second-reading.js';
import { probeVideo, videoFields, videoLocation, videoRaw, videoTimeEvidence } from './video-probe.js';

/** ffprobe and ffmpeg as found on this machine (either may be missing). */
export interface VideoTools {
  ffprobe: MediaTool | null;
  ffmpeg: MediaTool | null;
}

/**
 * Reads a stored video: ffprobe's tags and streams, then a poster, a thumbnail and a keyframe
 * strip from ffmpeg, each frame perceptually hashed. A missing tool or an unreadable file is a
 * note (and `unreadable-media` when the file itself is at fault), never an exception.
 */
export async function analyseVideo(blobPath: string, tools: VideoTools, secondReader: SecondReader | null = null): Promise<MediaReading> {
  const reading = await probeAndFrames(blobPath, tools);
  // ExifTool reads times and places ffprobe does not (H.264 SEI, RIFF, GoPro GPMF, DJI tracks).
  if (!secondReader || (reading.time.withOffset && reading.location.location)) return reading;
  const added = await addVideoSecondReading(blobPath, secondReader, reading.time, reading.location);
  const metadata = { ...reading.metadata, ...(added.secondReader ? { secondReader: added.secondReader } : {}) };
  return { ...reading, time: added.time, location: added.location, metadata, notes: added.note ? [...reading.notes, added.note] : reading.notes };
}

async function probeAndFrames(blobPath: string, tools: VideoTools): Promise<MediaReading> {
  const notes: string[] = [];
  const flags: string[] = [];
  const empty = { location: { location: null, flags: [], notes: [] }, derived: [], time: { raw: {} } };
  if (!tools.ffprobe) {
    return { ...empty, metadata: { kind: 'video', extractor: null }, flags, notes: [`video metadata not read: ${missingToolMessage('ffprobe')}`] };
  }
  const extractor = { name: 'ffprobe', version: await toolVersion(tools.ffprobe), from: tools.ffprobe.from };
  let probe;
  try {
    probe = await probeVideo(tools.ffprobe.path, blobPath);
  } catch (error) {
    return { ...empty, metadata: { kind: 'video', extractor }, flags: ['unreadable-media'], notes: [`video unreadable: ffprobe: ${errorMessage(error)}`] };
  }
  const fields = videoFields(probe);
  const metadata: Record<string, unknown> = { kind: 'video', ...fields, raw: videoRaw(probe), extractor };
  const hasVideo = (probe.streams ?? []).some((s) => s.codec_type === 'video');
  if (fields.streamCount === 0) {
    flags.push('unreadable-media');
    notes.push('video has no streams (no picture, no sound): only its container was read');
  } else if (!hasVideo) notes.push('no picture stream (sound only): no poster or keyframes');
  const derived: DerivedFile[] = [];
  if (hasVideo) {
    if (!tools.ffmpeg) notes.push(`no poster or keyframes: ${missingToolMessage('ffmpeg')}`);
    else await addFrames(tools.ffmpeg, blobPath, fields.durationS, derived, metadata, notes, flags);
  }
  return { time: videoTimeEvidence(fields), location: videoLocation(probe.format?.tags), metadata, derived, flags, notes };
}

async function addFrames(ffmpeg: MediaTool, blobPath: string, durationS: number | null, derived: DerivedFile[], metadata: Record<string, unknown>, notes: string[], flags: string[]) {
  try {
    const { poster, keyframes, errors } = await posterAndKeyframes(ffmpeg.path, blobPath, durationS);
    notes.push(...errors);
    const thumbnail = await sharp(poster.jpeg).resize({ width: THUMBNAIL_PX, height: THUMBNAIL_PX, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 78 }).toBuffer();
    derived.push({ role: 'poster', bytes: poster.jpeg, mediaType: 'image/jpeg' }, { role: 'thumbnail', bytes: thumbnail, mediaType: 'image/jpeg' });
    for (const frame of keyframes) derived.push({ role: 'keyframe', bytes: frame.jpeg, mediaType: 'image/jpeg' });
    metadata.perceptualHash = {
      algorithm: PERCEPTUAL_HASH_ALGORITHM,
      hash: await perceptualHashOf(poster.jpeg),
      frames: await Promise.all(keyframes.map(async (f) => ({ atS: f.atS, hash: await perceptualHashOf(f.jpeg) }))),
    };
    metadata.frameExtractor = { name: 'ffmpeg', version: await toolVersion(ffmpeg), from: ffmpeg.from };
  } catch (error) {
    flags.push('unreadable-media');
    notes.push(`no frame could be decoded: ${errorMessage(error)}`);
  }
}

const versions = new Map<string, Promise<string | null>>();

/** `ffprobe -version`'s first line's version word, asked once per binary. */
function toolVersion(tool: MediaTool): Promise<string | null> {
  let version = versions.get(tool.path);
  if (!version) {
    version = runTool(tool.path, ['-version'], { timeoutMs: 10_000 }).then((out) => /version\s+(\S+)/.exec(out.toString('utf8'))?.[1] ?? null, () => null);
    versions.set(tool.path, version);
  }
  return version;
}
