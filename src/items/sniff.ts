import { fileTypeFromBuffer } from 'file-type';
import type { ItemKind } from '../domain/item.js';

/**
 * The media type of content, read from its leading bytes (never from a file name). Text
 * formats that carry no magic number (HTML, JSON, plain text) are recognised by their start.
 */
export async function sniffMediaType(head: Uint8Array): Promise<string> {
  if (head.length === 0) return 'application/x-empty';
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  if (detected) return detected.mime;
  return sniffText(head);
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
