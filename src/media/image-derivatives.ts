import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { decodeHeic, heicDecoder } from './heic-decoder.js';
import { heifLayoutProblem } from './heif-extents.js';
import { HASH_INPUT_SIZE, perceptualHash } from './perceptual-hash.js';

/** Longest side of a thumbnail and of a preview, in pixels. */
export const THUMBNAIL_PX = 256;
export const PREVIEW_PX = 1024;
/** Smallest longest side a preview may have when a cheaper decode allows it (see previewSide). */
export const PREVIEW_MIN_PX = 960;

/**
 * Largest picture we decode: sharp's own default (0x3FFF squared, about 268 megapixels), above the
 * largest phone sensors (200 MP). A decompression bomb claiming more is refused before decoding.
 */
export const MAX_INPUT_PIXELS = 0x3fff * 0x3fff;

/** Working copies of a picture and what they were made from. */
export interface ImageDerivatives {
  thumbnail: Buffer;
  preview: Buffer;
  perceptualHash: string;
  /** The stored picture's own size (before orientation), and its format. */
  width: number | null;
  height: number | null;
  format: string | null;
  pages: number | null;
  /** What decoded the pixels, recorded beside the reading. */
  decoder: Record<string, string | null>;
}

/** The decoder of every picture but HEVC-coded HEIC: sharp and its libvips. */
export const sharpDecoder = { name: 'sharp', version: sharp.versions.sharp ?? null, libvips: sharp.versions.vips } as const;

// `failOn: 'error'` stops at corrupt or truncated pixel data instead of showing grey where the
// data ends; a picture that fails gets a note, never a misleading preview.
const INPUT_OPTIONS = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS } as const;

// Each original is decoded once and never again: libvips' operation cache would only hold memory
// (it keeps recent images), which matters over an ingest of thousands of photos.
sharp.cache(false);
// Ingest already decodes several files at once (three by default); libvips threads per image on
// top of that only contend on small machines (measured: a third less wall time on 2 cores).
sharp.concurrency(Math.max(1, Math.floor(availableParallelism() / 3)));

/**
 * Reads the picture's header only (size, format): no pixels are decoded, so no pixel limit is
 * needed, and a bomb's claimed size can be reported.
 */
export async function imageHeader(input: Buffer | string) {
  return sharp(input, { limitInputPixels: false }).metadata();
}

/**
 * Decodes the picture once (JPEG shrink-on-load where it can), turned upright by its EXIF
 * orientation and shrunk to preview size; the thumbnail and the perceptual hash are made from that
 * preview's pixels, not from a second decode. The original is only read. HEVC-coded HEIC, which
 * sharp cannot decode, is decoded by libheif (upright by the file's own transforms) and then
 * shrunk the same way.
 */
export async function makeImageDerivatives(input: Buffer | string): Promise<ImageDerivatives> {
  const header = await imageHeader(input);
  const side = previewSide(Math.max(header.width ?? 0, header.height ?? 0));
  const heic = header.format === 'heif' && header.compression === 'hevc';
  let pipeline: sharp.Sharp;
  if (heic) {
    const pixels = (header.width ?? 0) * (header.height ?? 0);
    // The same limit and message as sharp's own, so a HEIC bomb is reported like any other.
    if (pixels > MAX_INPUT_PIXELS) throw new Error('Input image exceeds pixel limit');
    const bytes = typeof input === 'string' ? await readFile(input) : input;
    // libheif paints missing tiles green rather than fail: a cut-short file is refused first.
    const problem = heifLayoutProblem(bytes);
    if (problem) throw new Error(`HEIC file: ${problem}`);
    const decoded = await decodeHeic(bytes);
    pipeline = sharp(decoded.pixels, { raw: { width: decoded.width, height: decoded.height, channels: 4 }, limitInputPixels: MAX_INPUT_PIXELS });
  } else {
    pipeline = sharp(input, INPUT_OPTIONS).rotate();
  }
  pipeline = pipeline.resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
  pipeline = header.hasAlpha ? pipeline.flatten({ background: '#ffffff' }) : pipeline.removeAlpha();
  const { data, info } = await pipeline.toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rawInput = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
  const small = await sharp(data, rawInput)
    .resize({ width: THUMBNAIL_PX, height: THUMBNAIL_PX, fit: 'inside', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const smallInput = { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } } as const;
  // The hash is taken from the thumbnail's pixels: cheaper than from the preview, and the same
  // scale as video keyframes, so photos and frames compare alike.
  const [preview, thumbnail, grey] = await Promise.all([
    sharp(data, rawInput).jpeg({ quality: 82, optimiseCoding: false }).toBuffer(),
    sharp(small.data, smallInput).jpeg({ quality: 78, optimiseCoding: false }).toBuffer(),
    greyForHash(sharp(small.data, smallInput)),
  ]);
  return {
    thumbnail, preview, perceptualHash: perceptualHash(grey),
    width: header.width ?? null, height: header.height ?? null, format: header.format ?? null, pages: header.pages ?? null,
    decoder: heic ? heicDecoder : sharpDecoder,
  };
}

/**
 * The preview's longest side: 1024 px, or a little less (down to 960) when that lets the JPEG
 * decoder shrink by a larger power of two while decoding. A 4000 px photo then decodes at 1/4
 * scale to 1000 px instead of at 1/2 to 2000 px and then resizing: the biggest cost of ingest.
 */
export function previewSide(longest: number): number {
  if (longest <= PREVIEW_PX) return PREVIEW_PX;
  for (const factor of [8, 4, 2]) {
    const shrunk = Math.floor(longest / factor);
    if (shrunk >= PREVIEW_MIN_PX && shrunk <= PREVIEW_PX) return shrunk;
  }
  return PREVIEW_PX;
}

/** The perceptual hash of an encoded picture (a video keyframe, say). */
export async function perceptualHashOf(input: Buffer): Promise<string> {
  return perceptualHash(await greyForHash(sharp(input, INPUT_OPTIONS)));
}

async function greyForHash(image: sharp.Sharp): Promise<Uint8Array> {
  return image.resize(HASH_INPUT_SIZE, HASH_INPUT_SIZE, { fit: 'fill' }).greyscale().raw().toBuffer();
}
