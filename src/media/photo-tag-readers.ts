import { errorMessage } from '../util/errors.js';
import type { TimeEvidence } from './event-time.js';
import type { ExifBlocks, ExifReading } from './exif-reader.js';
import type { SecondReader, SecondReaderVersion } from './exiftool-reader.js';
import { exifGpsLocation, type ReadLocation } from './location.js';
import { photoFields, photoTimeEvidence, type PhotoFields } from './photo-tags.js';
import { mergeBlocks, secondBlocks, secondReadingReason } from './second-reading.js';

/** Which reader produced a field: `exifr` (the main reader) or `exiftool` (the second, when exifr could not). */
export type FieldReader = 'exifr' | 'exiftool';

/** A photo's tags as read by exifr and, where exifr could not read them all, by ExifTool. */
export interface PhotoTagReading {
  fields: PhotoFields;
  time: TimeEvidence;
  location: ReadLocation;
  /** The second reader's name and version, and why it ran; null when it did not. */
  second: (SecondReaderVersion & { reason: string; tags: string[] }) | null;
  /** For every field with a value (and `cameraTime`, `gpsTime`, `location`): which reader gave it. */
  fieldReaders: Record<string, FieldReader>;
  notes: string[];
}

/**
 * Reads a photo's normalised fields, time evidence and place from exifr's reading, asking the
 * second reader only when exifr's reading is incomplete (a format or block exifr does not read).
 */
export async function readPhotoTags(path: string, mediaType: string, head: Buffer | null, first: ExifReading, secondReader: SecondReader | null): Promise<PhotoTagReading> {
  const notes = [...first.errors];
  const reason = secondReader ? secondReadingReason(mediaType, head, first) : null;
  if (!secondReader || !reason) return fromBlocks(first.blocks, first.blocks, {}, null, null, notes);
  try {
    const { tags, reader } = await secondReader.read(path);
    const second = secondBlocks(tags);
    const { blocks, fromSecond } = mergeBlocks(first.blocks, second.blocks);
    const used = [...fromSecond, ...Object.keys(second.otherTimes)];
    // exifr's errors stay in the notes; ExifTool's reading is what fills the gaps they left.
    return fromBlocks(first.blocks, blocks, second.otherTimes, second.composite, { ...reader, reason, tags: used }, notes);
  } catch (error) {
    notes.push(`second reader (ExifTool) not used (${reason}): ${errorMessage(error)}`);
    return fromBlocks(first.blocks, first.blocks, {}, null, null, notes);
  }
}

function fromBlocks(
  firstBlocks: ExifBlocks,
  blocks: ExifBlocks,
  otherTimes: Record<string, string>,
  composite: { lat: number; lon: number; altitudeM: number | null } | null,
  second: PhotoTagReading['second'],
  notes: string[],
): PhotoTagReading {
  const fields = photoFields(blocks);
  const time = photoTimeEvidence(blocks, otherTimes);
  let location = exifGpsLocation(blocks.gps);
  let locationReader: FieldReader = sameLocation(location, exifGpsLocation(firstBlocks.gps)) ? 'exifr' : 'exiftool';
  if (!location.location && composite && !location.flags.includes('null-island')) {
    // ExifTool's composite position: from XMP, a maker record or a QuickTime item, already signed.
    const fallback = exifGpsLocation({ GPSLatitude: Math.abs(composite.lat), GPSLatitudeRef: composite.lat < 0 ? 'S' : 'N', GPSLongitude: Math.abs(composite.lon), GPSLongitudeRef: composite.lon < 0 ? 'W' : 'E', ...(composite.altitudeM !== null ? { GPSAltitude: Math.abs(composite.altitudeM), GPSAltitudeRef: composite.altitudeM < 0 ? 1 : 0 } : {}) });
    if (fallback.location) fallback.location.source = 'exiftool-composite';
    location = fallback;
    locationReader = 'exiftool';
  }
  const fieldReaders: Record<string, FieldReader> = {};
  if (second) {
    const firstFields = photoFields(firstBlocks) as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(fields)) {
      if (value === null) continue;
      fieldReaders[name] = JSON.stringify(firstFields[name]) === JSON.stringify(value) ? 'exifr' : 'exiftool';
    }
    const firstTime = photoTimeEvidence(firstBlocks, {});
    const camera = time.withOffset ?? time.local;
    if (camera) fieldReaders.cameraTime = JSON.stringify(camera) === JSON.stringify(firstTime.withOffset ?? firstTime.local) ? 'exifr' : 'exiftool';
    if (time.gpsUtc) fieldReaders.gpsTime = time.gpsUtc.utc === firstTime.gpsUtc?.utc ? 'exifr' : 'exiftool';
  } else {
    for (const [name, value] of Object.entries(fields)) if (value !== null) fieldReaders[name] = 'exifr';
    if (time.withOffset ?? time.local) fieldReaders.cameraTime = 'exifr';
    if (time.gpsUtc) fieldReaders.gpsTime = 'exifr';
  }
  if (location.location) fieldReaders.location = locationReader;
  // The second reader's version goes with every reading it made that the event time may use.
  if (second && (fieldReaders.cameraTime === 'exiftool' || fieldReaders.gpsTime === 'exiftool')) time.raw.reader = `${second.name} ${second.version} (${second.via})`;
  return { fields, time, location, second, fieldReaders, notes };
}

function sameLocation(a: ReadLocation, b: ReadLocation): boolean {
  return JSON.stringify(a.location) === JSON.stringify(b.location);
}
