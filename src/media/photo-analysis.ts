import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { errorMessage } from '../util/errors.js';
import { exifExtractor, readExif } from './exif-reader.js';
import { imageHeader, makeImageDerivatives, MAX_INPUT_PIXELS, type ImageDerivatives } from './image-derivatives.js';
import { exifGpsLocation } from './location.js';
import type { MediaReading } from './media-reading.js';
import { PERCEPTUAL_HASH_ALGORITHM } from './perceptual-hash.js';
import { photoFields, photoRaw, photoTimeEvidence } from './photo-tags.js';

/** Photos larger than this are decoded from disk rather than read into memory first. */
const IN_MEMORY_LIMIT = 128 * 1024 * 1024;

/**
 * Reads a stored photo: tags (EXIF, GPS, IPTC, XMP, raw strings), then one decode for preview,
 * thumbnail and perceptual hash. Each part that fails becomes a note; the rest still runs.
 */
export async function analysePhoto(blobPath: string, mediaType: string): Promise<MediaReading> {
  const { size } = await stat(blobPath);
  // One read of the file serves both the tag reader and the decoder.
  const bytes = size <= IN_MEMORY_LIMIT ? await readFile(blobPath) : null;
  const notes: string[] = [];
  const flags: string[] = [];
  const tags = bytes ? await readExif(bytes) : { blocks: {}, errors: ['file too large to read its tags in memory'] };
  notes.push(...tags.errors);
  const location = exifGpsLocation(tags.blocks.gps);
  const derivedResult = await makeImageDerivatives(bytes ?? blobPath).then(
    (d) => ({ ok: true as const, d }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let derivatives: ImageDerivatives | null = null;
  if (derivedResult.ok) derivatives = derivedResult.d;
  else {
    const problem = await describeDecodeFailure(bytes ?? blobPath, mediaType, derivedResult.error);
    notes.push(problem.note);
    if (problem.unreadable) flags.push('unreadable-media');
  }
  const metadata: Record<string, unknown> = {
    kind: 'photo',
    ...photoFields(tags.blocks),
    width: derivatives?.width ?? null,
    height: derivatives?.height ?? null,
    format: derivatives?.format ?? null,
    perceptualHash: derivatives ? { algorithm: PERCEPTUAL_HASH_ALGORITHM, hash: derivatives.perceptualHash } : null,
    raw: photoRaw(tags.blocks),
    extractor: exifExtractor,
    decoder: { name: 'sharp', version: sharp.versions.sharp ?? null, libvips: sharp.versions.vips },
  };
  const derived = derivatives
    ? [
        { role: 'thumbnail' as const, bytes: derivatives.thumbnail, mediaType: 'image/jpeg' },
        { role: 'preview' as const, bytes: derivatives.preview, mediaType: 'image/jpeg' },
      ]
    : [];
  return { time: photoTimeEvidence(tags.blocks), location, metadata, derived, flags, notes };
}

/**
 * Why a photo could not be decoded, in words, and whether that makes the file unreadable (corrupt,
 * truncated, a bomb) or only unsupported here (HEVC-coded HEIC without a decoder, say).
 */
async function describeDecodeFailure(input: Buffer | string, mediaType: string, error: unknown): Promise<{ note: string; unreadable: boolean }> {
  // libvips reports a chain of lines; the last one says what went wrong.
  const message = errorMessage(error).split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? 'unknown error';
  const header = await imageHeader(input).catch(() => null);
  if (header?.compression === 'hevc') {
    return { note: `no previews: this build's image decoder has no HEVC codec for ${mediaType} (patent-encumbered, not shipped with sharp); tags were still read`, unreadable: false };
  }
  if (/pixel limit/i.test(message)) {
    const claimed = header?.width && header.height ? `${header.width} x ${header.height} pixels (${Math.round((header.width * header.height) / 1e6)} MP)` : 'more pixels than allowed';
    return {
      note: `not decoded: the image claims ${claimed}, over the ${Math.round(MAX_INPUT_PIXELS / 1e6)} MP limit (possible decompression bomb); the file is kept as is, with no previews`,
      unreadable: true,
    };
  }
  if (/heif|compression format has not been built in|unsupported image format/i.test(message) && !/corrupt|truncat|premature/i.test(message)) {
    return { note: `no previews: this build cannot decode ${mediaType} pictures (${message}); tags were still read`, unreadable: false };
  }
  return { note: `image data is corrupt or truncated (${message}): no previews; the file is kept as is and its tags read where possible`, unreadable: true };
}
