import type { FileHandle } from 'node:fs/promises';

/**
 * A JPEG's tags (EXIF, XMP, IPTC, ICC) sit in the segments before its picture data, which starts at
 * the first SOS (start of scan) marker (ITU-T T.81, annex B). Reading only those segments spares
 * reading, holding and collecting the whole file (megabytes of compressed pixels) per photo.
 */

/** How much of the file the header needs: its length, `more` when it runs past `bytes`, or null when it is not a well-formed JPEG header. */
export function jpegHeaderLength(bytes: Uint8Array): number | 'more' | null {
  if (bytes.length < 2) return bytes.length === 0 ? null : 'more';
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  for (;;) {
    if (at + 2 > bytes.length) return 'more';
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    // Fill bytes before a marker, and markers that carry no length (TEM, RSTn, a second SOI).
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9) return null; // EOI before any picture data.
    if (at + 4 > bytes.length) return 'more';
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2) return null;
    const end = at + 2 + length;
    if (marker === 0xda) return end <= bytes.length ? end : 'more';
    at = end;
  }
}

/**
 * The header segments of a JPEG file, through its SOS segment, or null when the file is not a
 * well-formed JPEG (the caller then reads it whole). Reads from the start, more as needed.
 */
export async function readJpegHeader(file: FileHandle, size: number): Promise<Buffer | null> {
  let length = Math.min(size, 64 * 1024);
  for (;;) {
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    const head = buffer.subarray(0, bytesRead);
    const found = jpegHeaderLength(head);
    if (found === null) return null;
    if (found !== 'more') return head.subarray(0, found);
    if (bytesRead < length || length >= size) return null;
    length = Math.min(size, length * 4);
  }
}
