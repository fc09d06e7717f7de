import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
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
export function makeVideo(out: string, metadata: Record<string, string>, options: { appleKeys?: boolean; seconds?: number; source?: string; videoStream?: Record<string, string> } = {}): string {
  const ffmpeg = findMediaTool('ffmpeg');
  if (!ffmpeg) throw new Error('ffmpeg not found for the video tests (the @ffmpeg-installer/ffmpeg package ships it)');
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', options.source ?? `testsrc=duration=${options.seconds ?? 2}:size=320x240:rate=10`];
  for (const [key, value] of Object.entries(metadata)) args.push('-metadata', `${key}=${value}`);
  if (options.appleKeys) args.push('-movflags', 'use_metadata_tags');
  const streamTags = Object.entries(options.videoStream ?? {});
  const encoded = streamTags.length > 0 ? `${out}.plain.mp4` : out;
  args.push('-c:v', 'mpeg4', '-g', '5', encoded);
  execFileSync(ffmpeg.path, args);
  if (streamTags.length > 0) {
    // Stream tags such as `rotate` are only written as such when copying, not while encoding.
    execFileSync(ffmpeg.path, ['-v', 'error', '-y', '-i', encoded, '-c', 'copy', ...streamTags.flatMap(([k, v]) => ['-metadata:s:v:0', `${k}=${v}`]), out]);
    rmSync(encoded);
  }
  return out;
}

/**
 * A PNG that claims 50,000 x 50,000 pixels (2.5 gigapixels) but is about 300 KB on disk: one-bit
 * grey rows of zeros, deflated. Decoding it fully would need gigabytes; a decoder with a pixel
 * limit refuses it from its header.
 */
export async function writePngBomb(out: string, side = 50_000): Promise<void> {
  const { createDeflate, crc32 } = await import('node:zlib');
  const { writeFileSync } = await import('node:fs');
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth 1
  header[9] = 0; // greyscale
  const rows = 500;
  const block = Buffer.alloc((1 + Math.ceil(side / 8)) * rows);
  const compressed = await new Promise<Buffer>((resolve, reject) => {
    const deflate = createDeflate({ level: 9 });
    const out: Buffer[] = [];
    deflate.on('data', (c: Buffer) => out.push(c));
    deflate.on('end', () => resolve(Buffer.concat(out)));
    deflate.on('error', reject);
    for (let i = 0; i < side / rows; i++) deflate.write(block);
    deflate.end();
  });
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  writeFileSync(out, Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', compressed), chunk('IEND', Buffer.alloc(0))]));
}

/** An MP4 with a valid header (ftyp, moov with mvhd) and no tracks at all: a video with no streams. */
export function noStreamsMp4(): Buffer {
  const box = (type: string, ...payload: Buffer[]) => {
    const body = Buffer.concat(payload);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  mvhd.writeUInt32BE(0x00010000, 36); // unity matrix
  mvhd.writeUInt32BE(0x00010000, 52);
  mvhd.writeUInt32BE(0x40000000, 68);
  mvhd.writeUInt32BE(2, 96); // next track id
  return Buffer.concat([box('ftyp', Buffer.from('isom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2mp41')), box('moov', box('mvhd', mvhd))]);
}
