import type { ExifBlocks, ExifReading } from './exif-reader.js';
import type { ExifToolTags } from './exiftool-reader.js';

/**
 * When exifr has not read a file completely, and ExifTool (the second reader) is asked, and how
 * ExifTool's `-G1 -n` output is put into the blocks exifr fills. The second reader never runs on a
 * file whose blocks exifr read: most photos cost nothing more.
 */

/** Formats exifr has no parser for at all (it says "Unknown file format"). */
const UNREAD_FORMATS = /^(image\/(webp|x-canon-cr3|x-fujifilm-raf|x-minolta-mrw|x-sigma-x3f|x-canon-crw|x-olympus-orf|x-panasonic-rw2|jxl|jp2|gif|bmp|x-icns))$/;

/**
 * Why exifr's reading is incomplete, or null when it is complete (then ExifTool is not run).
 * `head` is the JPEG header (segments up to the picture data) when the file is a JPEG.
 */
export function secondReadingReason(mediaType: string, head: Buffer | null, reading: ExifReading): string | null {
  if (UNREAD_FORMATS.test(mediaType)) return `exifr does not read ${mediaType}`;
  if (reading.errors.length > 0) return 'exifr reported errors';
  const read = Object.keys(reading.blocks).length > 0;
  if (head) {
    const segments = app1Kinds(head);
    if (segments.has('flir')) return 'a FLIR record (exifr does not read it)';
    if (segments.size > 0 && !read) return 'EXIF or XMP segments exifr read nothing from';
    return null;
  }
  if (!hasCameraTime(reading.blocks)) return read ? 'no camera time in the tags exifr read' : 'exifr read no tags';
  return null;
}

function hasCameraTime(blocks: ExifBlocks): boolean {
  const exif = blocks.exif ?? {};
  const xmp = blocks.xmp ?? {};
  return [exif.DateTimeOriginal, exif.CreateDate, xmp.exif?.DateTimeOriginal, xmp.photoshop?.DateCreated, xmp.xmp?.CreateDate]
    .some((v) => typeof v === 'string' && /^\d{4}/.test(v.trim()));
}

/** The kinds of APP1 segments in a JPEG header: `exif`, `xmp`, `flir`, `other`. */
export function app1Kinds(head: Buffer): Set<string> {
  const kinds = new Set<string>();
  let at = 2;
  while (at + 4 <= head.length && head[at] === 0xff) {
    const marker = head[at + 1]!;
    if (marker === 0xda) break;
    const length = head.readUInt16BE(at + 2);
    if (marker === 0xe1) {
      const id = head.subarray(at + 4, at + 4 + 29).toString('latin1');
      kinds.add(id.startsWith('Exif') ? 'exif' : id.startsWith('http://ns.adobe.com/xap/1.0/') ? 'xmp' : id.startsWith('FLIR') ? 'flir' : 'other');
    }
    at += 2 + length;
  }
  return kinds;
}

/** ExifTool's XMP group names for the namespace prefixes exifr uses. */
const XMP_PREFIX: Record<string, string> = { iptcCore: 'Iptc4xmpCore', iptcExt: 'Iptc4xmpExt' };
/** ExifTool's IPTC tag names that exifr spells otherwise. */
const IPTC_NAME: Record<string, string> = {
  'By-line': 'Byline', 'Caption-Abstract': 'Caption', 'Sub-location': 'Sublocation', 'Province-State': 'State',
  'Country-PrimaryLocationName': 'Country', 'Writer-Editor': 'Writer',
};
/** ExifTool's EXIF tag names that exifr spells otherwise. */
const EXIF_NAME: Record<string, string> = { SerialNumber: 'BodySerialNumber' };

/** What ExifTool read, as exifr's blocks, plus the time and place ExifTool found outside them. */
export interface SecondBlocks {
  blocks: ExifBlocks;
  /** Times in other groups (maker records, QuickTime, PNG text...), `Group:Tag` -> value. */
  otherTimes: Record<string, string>;
  /** ExifTool's signed position from any source (`Composite:GPSLatitude/Longitude`), when it has one. */
  composite: { lat: number; lon: number; altitudeM: number | null } | null;
}

const TIME_TAG = /(DateTimeOriginal|CreateDate|CreationDate|DateCreated|DateTimeCreated|CreationTime|DateTime|GPSDateTime|OffsetTimeOriginal)$/;

/** ExifTool's `Group:Tag` output as exifr-shaped blocks. File system dates (`System:`) are never used. */
export function secondBlocks(tags: ExifToolTags): SecondBlocks {
  const blocks: ExifBlocks = {};
  const otherTimes: Record<string, string> = {};
  const put = (name: 'ifd0' | 'exif' | 'gps' | 'iptc', tag: string, value: unknown) => {
    (blocks[name] ??= {})[tag] = value;
  };
  for (const [key, value] of Object.entries(tags)) {
    const colon = key.indexOf(':');
    if (colon < 0) continue;
    const group = key.slice(0, colon);
    const tag = key.slice(colon + 1);
    if (group === 'IFD0') put('ifd0', tag, value);
    else if (group === 'ExifIFD') put('exif', EXIF_NAME[tag] ?? tag, value);
    else if (group === 'GPS') put('gps', tag, typeof value === 'number' || typeof value === 'string' ? value : String(value));
    else if (group === 'IPTC') put('iptc', IPTC_NAME[tag] ?? tag, value);
    else if (group.startsWith('XMP-')) {
      const prefix = XMP_PREFIX[group.slice(4)] ?? group.slice(4);
      ((blocks.xmp ??= {})[prefix] ??= {})[tag] = value;
    } else if (group !== 'System' && group !== 'File' && group !== 'Composite' && group !== 'ExifTool' && TIME_TAG.test(tag) && typeof value === 'string') {
      otherTimes[key] = value;
    }
  }
  const lat = Number(tags['Composite:GPSLatitude']);
  const lon = Number(tags['Composite:GPSLongitude']);
  const alt = Number(tags['Composite:GPSAltitude']);
  const composite = typeof tags['Composite:GPSLatitude'] === 'number' && Number.isFinite(lat) && Number.isFinite(lon)
    ? { lat, lon, altitudeM: Number.isFinite(alt) ? alt : null }
    : null;
  return { blocks, otherTimes, composite };
}

/**
 * exifr's blocks with ExifTool's added where exifr has no value for a tag (exifr's values win:
 * they are what the project has always read). Returns which `block.tag` came from ExifTool.
 */
export function mergeBlocks(first: ExifBlocks, second: ExifBlocks): { blocks: ExifBlocks; fromSecond: string[] } {
  const fromSecond: string[] = [];
  const merged: ExifBlocks = { ...first };
  for (const name of ['ifd0', 'exif', 'gps', 'iptc'] as const) {
    const extra = second[name];
    if (!extra) continue;
    const block = { ...(first[name] ?? {}) };
    for (const [tag, value] of Object.entries(extra)) {
      if (block[tag] === undefined || block[tag] === null || block[tag] === '') {
        block[tag] = value;
        fromSecond.push(`${name}.${tag}`);
      }
    }
    merged[name] = block;
  }
  if (second.xmp) {
    const xmp = { ...(first.xmp ?? {}) };
    for (const [prefix, values] of Object.entries(second.xmp)) {
      const ns = { ...(xmp[prefix] ?? {}) };
      for (const [tag, value] of Object.entries(values)) {
        if (ns[tag] === undefined) {
          ns[tag] = value;
          fromSecond.push(`xmp.${prefix}.${tag}`);
        }
      }
      xmp[prefix] = ns;
    }
    merged.xmp = xmp;
  }
  return { blocks: merged, fromSecond };
}
