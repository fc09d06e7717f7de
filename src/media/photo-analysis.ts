import { open } from 'node:fs/promises';
import { errorMessage } from '../util/errors.js';
import { exifExtractor, readExif, type ExifReading } from './exif-reader.js';
import type { SecondReader } from './exiftool-reader.js';
import { imageHeader, makeImageDerivatives, MAX_INPUT_PIXELS, sharpDecoder, type ImageDerivatives } from './image-derivatives.js';
import { readJpegHeader } from './jpeg-header.js';
import type { MediaReading } from './media-reading.js';
import { PERCEPTUAL_HASH_ALGORITHM } from './perceptual-hash.js';
import { photoRaw } from './photo-tags.js';
import { readPhotoTags } from './photo-tag-readers.js';

/** Photos up to this size have their tags read from the whole file in memory; larger ones in chunks. */
const TAGS_IN_MEMORY_LIMIT = 128 * 1024 * 1024;

/**
 * Reads a stored photo: tags (EXIF, GPS, IPTC, XMP, raw strings), then one decode for preview,
 * thumbnail and perceptual hash. Each part that fails becomes a note; the rest still runs.
 */
export async function analysePhoto(blobPath: string, mediaType: string, secondReader: SecondReader | null = null): Promise<MediaReading> {
  const notes: string[] = [];
  const flags: string[] = [];
  const { reading: tags, head } = await readTags(blobPath);
  const read = await readPhotoTags(blobPath, mediaType, head, tags, secondReader);
  notes.push(...read.notes);
  const location = read.location;
  const derivedResult = await makeImageDerivatives(blobPath).then(
    (d) => ({ ok: true as const, d }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let derivatives: ImageDerivatives | null = null;
  if (derivedResult.ok) derivatives = derivedResult.d;
  else {
    const problem = await describeDecodeFailure(blobPath, mediaType, derivedResult.error);
    notes.push(problem.note);
    if (problem.unreadable) flags.push('unreadable-media');
  }
  const metadata: Record<string, unknown> = {
    kind: 'photo',
    ...read.fields,
    width: derivatives?.width ?? null,
    height: derivatives?.height ?? null,
    format: derivatives?.format ?? null,
    perceptualHash: derivatives ? { algorithm: PERCEPTUAL_HASH_ALGORITHM, hash: derivatives.perceptualHash } : null,
    raw: photoRaw(tags.blocks),
    extractor: exifExtractor,
    ...(read.second ? { secondReader: read.second } : {}),
    fieldReaders: read.fieldReaders,
    decoder: derivatives?.decoder ?? sharpDecoder,
  };
  const derived = derivatives
    ? [
        { role: 'thumbnail' as const, bytes: derivatives.thumbnail, mediaType: 'image/jpeg' },
        { role: 'preview' as const, bytes: derivatives.preview, mediaType: 'image/jpeg' },
      ]
    : [];
  return { time: read.time, location, metadata, derived, flags, notes };
}

/**
 * The tags, read from the file's bytes in memory: exifr reading a path in chunks gives up on tags
 * far into a file (a PNG's eXIf chunk after its pixels). A JPEG's tags all come before its
 * picture data, so only that header is read; other formats are read whole. The decoder reads the
 * file itself. A very large file (a scanned TIFF, say) is read in chunks from its start instead.
 */
async function readTags(blobPath: string): Promise<{ reading: ExifReading; head: Buffer | null }> {
  const file = await open(blobPath, 'r');
  let head: Buffer | null;
  let bytes: Buffer | null;
  try {
    const { size } = await file.stat();
    head = await readJpegHeader(file, size);
    bytes = head;
    if (!bytes && size <= TAGS_IN_MEMORY_LIMIT) bytes = await file.readFile();
  } finally {
    await file.close();
  }
  return { reading: await readExif(bytes ?? blobPath), head };
}

/**
 * Why a photo could not be decoded, in words, and whether that makes the file unreadable (corrupt,
 * truncated, a bomb) or only unsupported here (a HEIF feature libheif lacks, say).
 */
async function describeDecodeFailure(input: string, mediaType: string, error: unknown): Promise<{ note: string; unreadable: boolean }> {
  // libvips reports a chain of lines; the last one says what went wrong.
  const message = errorMessage(error).split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? 'unknown error';
  const header = await imageHeader(input).catch(() => null);
  if (/pixel limit/i.test(message)) {
    const claimed = header?.width && header.height ? `${header.width} x ${header.height} pixels (${Math.round((header.width * header.height) / 1e6)} MP)` : 'more pixels than allowed';
    return {
      note: `not decoded: the image claims ${claimed}, over the ${Math.round(MAX_INPUT_PIXELS / 1e6)} MP limit (possible decompression bomb); the file is kept as is, with no previews`,
      unreadable: true,
    };
  }
  if (/^HEIC (decoder|file)/.test(message)) {
    return /unsupported/i.test(message)
      ? { note: `no previews: ${message}; tags were still read`, unreadable: false }
      : { note: `HEIC picture could not be decoded (${message}): no previews; the file is kept as is and its tags read where possible`, unreadable: true };
  }
  if (/heif|compression format has not been built in|unsupported image format/i.test(message) && !/corrupt|truncat|premature/i.test(message)) {
    return { note: `no previews: this build cannot decode ${mediaType} pictures (${message}); tags were still read`, unreadable: false };
  }
  return { note: `image data is corrupt or truncated (${message}): no previews; the file is kept as is and its tags read where possible`, unreadable: true };
}
