import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import type { ItemKind } from '../domain/item.js';

/**
 * The media type of content, read from its bytes (never from a file name). Most formats are
 * known from their leading bytes; some (TIFF-based camera files) keep what identifies them
 * further in, so when the head is not enough and the stored file is given, it is read as far as
 * file-type needs. Text formats with no magic number (HTML, JSON, plain text) are recognised by
 * their start.
 */
export async function sniffMediaType(head: Uint8Array, storedPath?: string): Promise<string> {
  if (head.length === 0) return 'application/x-empty';
  const detected = (await fileTypeFromBuffer(head).catch(() => undefined))
    ?? (storedPath ? await fileTypeFromFile(storedPath).catch(() => undefined) : undefined);
  if (detected) return detected.mime;
  if (isTiffHeader(head)) return 'image/tiff';
  return sniffText(head);
}

/** `II*\0` (little-endian) or `MM\0*` (big-endian): a TIFF whose directory file-type could not reach. */
function isTiffHeader(head: Uint8Array): boolean {
  const [a, b, c, d] = head;
  return (a === 0x49 && b === 0x49 && c === 0x2a && d === 0x00) || (a === 0x4d && b === 0x4d && c === 0x00 && d === 0x2a);
}

function sniffText(head: Uint8Array): string {
  const sample = Buffer.from(head.subarray(0, 4096));
  if (sample.includes(0)) return 'application/octet-stream';
  const text = sample.toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || /^<(head|body|meta|title)\b/.test(text)) return 'text/html';
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'image/svg+xml';
  if (text.startsWith('<?xml')) return 'application/xml';
  if (text.startsWith('{') || text.startsWith('[')) return 'application/json';
  // Mostly printable UTF-8: call it text.
  const printable = [...sample].filter((b) => b === 9 || b === 10 || b === 13 || b >= 32).length;
  return printable / sample.length > 0.95 ? 'text/plain' : 'application/octet-stream';
}

/** What kind of item content of this media type makes. */
export function kindForMediaType(mediaType: string): ItemKind {
  if (mediaType.startsWith('image/') && mediaType !== 'image/svg+xml') return 'photo';
  if (mediaType.startsWith('video/')) return 'video';
  return 'file';
}
