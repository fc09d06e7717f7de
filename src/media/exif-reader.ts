import exifr from 'exifr';
import { createRequire } from 'node:module';
import { errorMessage } from '../util/errors.js';

/** Tag blocks as exifr reads them, with values raw (dates as the strings written in the file). */
export interface ExifBlocks {
  ifd0?: Record<string, unknown>;
  exif?: Record<string, unknown>;
  gps?: Record<string, unknown>;
  iptc?: Record<string, unknown>;
  /** XMP, by namespace prefix (dc, photoshop, Iptc4xmpCore, exif, ...). */
  xmp?: Record<string, Record<string, unknown>>;
}

/** What reading the tags gave: the blocks found and any problem, per part. */
export interface ExifReading {
  blocks: ExifBlocks;
  errors: string[];
}

const exifrVersion = (createRequire(import.meta.url)('exifr/package.json') as { version: string }).version;

/** The extractor recorded beside every reading. */
export const exifExtractor = { name: 'exifr', version: exifrVersion } as const;

// `reviveValues: false` keeps dates as the strings in the file: exifr would otherwise build
// `Date`s in the host machine's zone, and the same photo would give different instants on
// different machines (exifr issues #51, #84, #90).
const TAG_OPTIONS = {
  tiff: true, exif: true, gps: true, iptc: true, xmp: false, ifd1: false, interop: false, icc: false,
  makerNote: false, userComment: false, jfif: false, ihdr: false,
  reviveValues: false, translateValues: false, translateKeys: true, sanitize: true, mergeOutput: false,
  silentErrors: true,
};
// XMP is read on its own: merged output would mix its `exif` namespace with the EXIF IFD.
const XMP_OPTIONS = {
  tiff: false, exif: false, gps: false, iptc: false, xmp: true, ifd1: false, interop: false, icc: false,
  reviveValues: false, translateValues: false, translateKeys: true, mergeOutput: false, silentErrors: true,
};

/**
 * Reads EXIF (IFD0, Exif IFD, GPS), IPTC and XMP from an image held in memory, or from a file's
 * path (read in chunks from its start). Corrupt tags give errors in the result, never an
 * exception: a photo with broken EXIF is still a photo.
 */
export async function readExif(input: Buffer | string): Promise<ExifReading> {
  const errors: string[] = [];
  const blocks: ExifBlocks = {};
  try {
    const tags = (await exifr.parse(input, TAG_OPTIONS)) as Record<string, unknown> | undefined;
    if (tags) {
      for (const name of ['ifd0', 'exif', 'gps', 'iptc'] as const) {
        const block = tags[name];
        if (block && typeof block === 'object') blocks[name] = block as Record<string, unknown>;
      }
      if (Array.isArray(tags.errors) && tags.errors.length > 0) errors.push(...tags.errors.map((e) => `EXIF unreadable: ${oneLine(errorMessage(e))}`));
    }
  } catch (error) {
    errors.push(`EXIF unreadable: ${oneLine(errorMessage(error))}`);
  }
  try {
    const xmp = (await exifr.parse(input, XMP_OPTIONS)) as Record<string, unknown> | undefined;
    if (xmp) {
      const namespaces = Object.entries(xmp).filter(([key, v]) => key !== 'errors' && v && typeof v === 'object');
      if (namespaces.length > 0) blocks.xmp = Object.fromEntries(namespaces) as Record<string, Record<string, unknown>>;
    }
  } catch (error) {
    errors.push(`XMP unreadable: ${oneLine(errorMessage(error))}`);
  }
  return { blocks, errors };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
