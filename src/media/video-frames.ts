import { PREVIEW_PX, THUMBNAIL_PX } from './image-derivatives.js';
import { runTool } from './media-tools.js';

/** A still taken from a video, JPEG-encoded. */
export interface VideoFrame {
  atS: number;
  jpeg: Buffer;
}

/** How many keyframes the strip holds. */
export const KEYFRAME_COUNT = 4;

/**
 * One frame at `atS` seconds, scaled to fit `maxPx` (never enlarged), upright (ffmpeg applies the
 * rotation tag itself). `-noaccurate_seek` lands on the keyframe at or before `atS`: fast, and a
 * real frame as encoded rather than one rebuilt from its neighbours.
 */
export async function grabFrame(ffmpegPath: string, file: string, atS: number, maxPx: number): Promise<Buffer> {
  const scale = `scale='min(${maxPx},iw)':'min(${maxPx},ih)':force_original_aspect_ratio=decrease`;
  const jpeg = await runTool(ffmpegPath, [
    '-v', 'error', '-nostdin', '-noaccurate_seek', '-ss', atS.toFixed(3), '-i', file,
    '-map', '0:v:0', '-frames:v', '1', '-vf', scale, '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '4', 'pipe:1',
  ], { timeoutMs: 60_000, maxBytes: 32 * 1024 * 1024 });
  if (jpeg.length === 0) throw new Error(`no frame at ${atS.toFixed(3)} s`);
  return jpeg;
}

/**
 * The poster (a frame a tenth of the way in, at most one second, preview size) and a strip of
 * keyframes spread over the video (thumbnail size). Frames that cannot be read are left out.
 */
export async function posterAndKeyframes(ffmpegPath: string, file: string, durationS: number | null) {
  const duration = durationS && durationS > 0 ? durationS : 0;
  const posterAt = Math.min(1, duration * 0.1);
  const poster = await grabFrame(ffmpegPath, file, posterAt, PREVIEW_PX).catch(() => grabFrame(ffmpegPath, file, 0, PREVIEW_PX));
  const keyframes: VideoFrame[] = [];
  const errors: string[] = [];
  const times = duration > 0
    ? Array.from({ length: KEYFRAME_COUNT }, (_, i) => Math.round(((i + 0.5) * duration * 1000) / KEYFRAME_COUNT) / 1000)
    : [0];
  for (const atS of times) {
    try {
      keyframes.push({ atS, jpeg: await grabFrame(ffmpegPath, file, atS, THUMBNAIL_PX) });
    } catch (error) {
      errors.push(`keyframe at ${atS} s: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { poster: { atS: posterAt, jpeg: poster }, keyframes, errors };
}
