import { open } from 'node:fs/promises';
import { constants, deflateRawSync } from 'node:zlib';

/**
 * Whether a vault blob is stored or deflated in a bundle. Deflating what will not shrink costs
 * the export about 30 MB/s of one core and the verifier an inflate, for nothing; storing text
 * wastes the recipient's disk. The rule, in order:
 * 1. a media type known to be compressed already (JPEG, PNG, video, compressed audio, zip, WACZ,
 *    gzip, 7z, xz, bzip2, PDF) is stored;
 * 2. a media type known to be text (text/*, JSON, XML, SVG, MHTML, JavaScript) is deflated;
 * 3. anything else (application/octet-stream, TIFF, BMP, WAV, SQLite, tar, executables...) is
 *    judged by its bytes: {@link SAMPLE_COUNT} samples of {@link SAMPLE_BYTES} spread over the
 *    blob are deflated at the fastest level, and unless they shrink to at most
 *    {@link DEFLATE_WHEN_AT_MOST} of their size the blob is stored.
 * The decision depends on the content alone, so bundles stay byte-deterministic.
 */
export type EntryStorage = 'store' | 'deflate';

const ALREADY_COMPRESSED = /^(image\/(jpeg|png|gif|webp|heic|heif|avif)|video\/|audio\/(mpeg|mp4|ogg|aac|opus|webm|flac)|application\/(zip|wacz|gzip|x-gzip|x-7z-compressed|x-xz|x-bzip2|zstd|x-rar-compressed|vnd\.rar|pdf|epub\+zip|vnd\.openxmlformats[^;]*|vnd\.oasis\.opendocument[^;]*))/i;
const KNOWN_TEXT = /^(text\/|image\/svg\+xml|multipart\/related|application\/(json|ld\+json|geo\+json|jsonl|x-ndjson|xml|xhtml\+xml|javascript|x-mimearchive|rtf|x-sh)\b)/i;

/** Bytes in each sample of an unknown blob, and how many samples (start, evenly spread, end). */
export const SAMPLE_BYTES = 16 * 1024;
export const SAMPLE_COUNT = 4;
/** Deflate a blob of unknown type only when its samples shrink to 90% or less: a saving worth an inflate. */
export const DEFLATE_WHEN_AT_MOST = 0.9;

/** Whether deflating would only waste time: already-compressed media is stored as is. */
export function isAlreadyCompressed(mediaType: string): boolean {
  return ALREADY_COMPRESSED.test(mediaType);
}

/** What the media type alone decides (rules 1 and 2), or null when the bytes must tell. */
export function storageByType(mediaType: string): EntryStorage | null {
  if (ALREADY_COMPRESSED.test(mediaType)) return 'store';
  if (KNOWN_TEXT.test(mediaType)) return 'deflate';
  return null;
}

/** Rule 3: deflate only when the samples shrink to at most {@link DEFLATE_WHEN_AT_MOST}. */
export function storageBySamples(samples: Buffer[]): EntryStorage {
  const size = samples.reduce((sum, sample) => sum + sample.length, 0);
  if (size === 0) return 'deflate';
  const deflated = samples.reduce((sum, sample) => sum + deflateRawSync(sample, { level: constants.Z_BEST_SPEED }).length, 0);
  return deflated <= size * DEFLATE_WHEN_AT_MOST ? 'deflate' : 'store';
}

/** Where the samples of a blob of `size` bytes start: its start, its end, and evenly between. */
export function sampleOffsets(size: number): number[] {
  if (size <= SAMPLE_BYTES * SAMPLE_COUNT) return [0];
  const last = size - SAMPLE_BYTES;
  return Array.from({ length: SAMPLE_COUNT }, (_, i) => Math.floor((last * i) / (SAMPLE_COUNT - 1)));
}

/** The samples of content already in memory. */
export function samplesOfBuffer(content: Buffer): Buffer[] {
  if (content.length <= SAMPLE_BYTES * SAMPLE_COUNT) return [content];
  return sampleOffsets(content.length).map((at) => content.subarray(at, at + SAMPLE_BYTES));
}

/** The samples of a file of `size` bytes, read at their offsets (a few small reads, whatever its size). */
export async function samplesOfFile(path: string, size: number): Promise<Buffer[]> {
  const handle = await open(path, 'r');
  try {
    const samples: Buffer[] = [];
    for (const at of sampleOffsets(size)) {
      const sample = Buffer.alloc(size <= SAMPLE_BYTES * SAMPLE_COUNT ? size : SAMPLE_BYTES);
      const { bytesRead } = await handle.read(sample, 0, sample.length, at);
      samples.push(sample.subarray(0, bytesRead));
    }
    return samples;
  } finally {
    await handle.close();
  }
}
