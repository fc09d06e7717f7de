/**
 * Generated 12-megapixel JPEGs with EXIF and GPS for the benchmarks (bench:ingest, bench:team):
 * a few photo-like base pictures, each copy with its own EXIF segment (distinct hashes and times).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export const WIDTH = 4000;
export const HEIGHT = 3000;
const BASES = 4;

export type PictureContent = 'photo' | 'noisy' | 'noise';

/** Writes a file through to disk, so that the kernel's background writeback of the batch does not take CPU from the runs that follow. */
export function writeSynced(path: string, bytes: Buffer): number {
  const file = openSync(path, 'w');
  try {
    writeSync(file, bytes);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  return bytes.length;
}

/** A few distinct 12 MP pictures, each copied with its own EXIF segment (distinct hashes and times). */
export async function generatePhotos(dir: string, count: number, content: PictureContent): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const bases: Buffer[] = [];
  for (let i = 0; i < BASES; i++) bases.push(await basePicture(i, content));
  let total = 0;
  for (let i = 0; i < count; i++) {
    const minute = String(i % 60).padStart(2, '0');
    const app1 = await exifSegment({
      IFD0: { Make: 'GoldenHourBench', Model: 'Synthetic 12MP' },
      IFD2: { DateTimeOriginal: `2026:11:21 14:${minute}:00`, OffsetTimeOriginal: '+00:00', SubSecTimeOriginal: String(i) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: `0/1 ${Math.floor(i / 60) % 60}/1 ${i % 60}/1` },
    });
    const base = bases[i % BASES]!;
    const jpeg = Buffer.concat([base.subarray(0, 2), app1, base.subarray(2)]);
    total += writeSynced(join(dir, `photo-${String(i).padStart(4, '0')}.jpg`), jpeg);
  }
  return total;
}

/**
 * A photo-like 12 MP picture: smooth colour fields (a small random picture enlarged) under
 * sensor-like grain, saved at quality 90, about 3-4 MB like a phone photo. `--content noisy` has
 * the grain of a high-ISO night shot (sigma 44 instead of 10), about 7.5 MB at the same quality 90.
 * `--content noise` gives pure noise instead (about 4.6 MB at quality 85: a decoder's worst case).
 */
async function basePicture(i: number, content: PictureContent): Promise<Buffer> {
  const background = { r: 40 + i * 50, g: 120, b: 200 - i * 40 };
  if (content === 'noise') {
    return sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background, noise: { type: 'gaussian', mean: 128, sigma: 24 } } })
      .jpeg({ quality: 85 }).toBuffer();
  }
  const fields = await sharp({ create: { width: 400, height: 300, channels: 3, background, noise: { type: 'gaussian', mean: 128, sigma: 70 } } }).png().toBuffer();
  const grain = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: content === 'noisy' ? 44 : 10 } } })
    .png({ compressionLevel: 0 }).toBuffer();
  return sharp(fields).resize(WIDTH, HEIGHT, { kernel: 'cubic' }).composite([{ input: grain, blend: 'overlay' }]).jpeg({ quality: 90 }).toBuffer();
}

/** The APP1 (Exif) segment sharp writes for these tags, cut from a tiny JPEG. */
async function exifSegment(exif: Record<string, Record<string, string>>): Promise<Buffer> {
  const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().withExif(exif).toBuffer();
  for (let at = 2; at + 4 < tiny.length;) {
    const length = tiny.readUInt16BE(at + 2);
    if (tiny[at + 1] === 0xe1) return tiny.subarray(at, at + 2 + length);
    at += 2 + length;
  }
  throw new Error('sharp wrote no EXIF segment');
}
