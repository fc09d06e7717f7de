import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findMediaTool } from '../../src/media/media-tools.js';

/** The copied corpus photos, under test/fixtures/photos. */
export const PHOTO_FIXTURES = fileURLToPath(new URL('../fixtures/photos/', import.meta.url));

/** A fixture photo's path. */
export function photoFixture(name: string): string {
  return join(PHOTO_FIXTURES, name);
}

/** The fixture index entry of a photo, with ExifTool's independent reading. */
export function photoFixtureEntry(name: string): { sha256: string; exiftool: Record<string, unknown> } {
  const index = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/index.json', import.meta.url)), 'utf8')) as {
    files: { path: string; sha256: string; exiftool?: Record<string, unknown> }[];
  };
  const entry = index.files.find((f) => f.path === `test/fixtures/photos/${name}`);
  if (!entry?.exiftool) throw new Error(`no fixture index entry with an ExifTool reading for ${name}`);
  return { sha256: entry.sha256, exiftool: entry.exiftool };
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Makes a short test video with ffmpeg (the npm package's binary), with the given container
 * metadata. `appleKeys` writes QuickTime mdta keys (com.apple.quicktime.*) as iPhones do;
 * otherwise `location` becomes MP4's ©xyz atom as Android writes it.
 */
export function makeVideo(out: string, metadata: Record<string, string>, options: { appleKeys?: boolean; seconds?: number; source?: string } = {}): string {
  const ffmpeg = findMediaTool('ffmpeg');
  if (!ffmpeg) throw new Error('ffmpeg not found for the video tests (the @ffmpeg-installer/ffmpeg package ships it)');
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', options.source ?? `testsrc=duration=${options.seconds ?? 2}:size=320x240:rate=10`];
  for (const [key, value] of Object.entries(metadata)) args.push('-metadata', `${key}=${value}`);
  if (options.appleKeys) args.push('-movflags', 'use_metadata_tags');
  args.push('-c:v', 'mpeg4', '-g', '5', out);
  execFileSync(ffmpeg.path, args);
  return out;
}
