import { gpsUtc, parseDateTime, parseOffset, parseSubSec } from './exif-datetime.js';
import type { TimeEvidence } from './event-time.js';
import type { ExifBlocks } from './exif-reader.js';
import { firstText, jsonSafe, textOf } from './raw-values.js';

/** The fields investigators look at first, normalised from EXIF, IPTC and XMP. */
export interface PhotoFields {
  make: string | null;
  model: string | null;
  lens: string | null;
  bodySerial: string | null;
  software: string | null;
  orientation: number | null;
  dateTimeOriginal: string | null;
  subSecTimeOriginal: string | null;
  offsetTimeOriginal: string | null;
  createDate: string | null;
  gpsDateTimeUtc: string | null;
  creator: string | null;
  caption: string | null;
  headline: string | null;
  place: { sublocation: string | null; city: string | null; state: string | null; country: string | null } | null;
}

/** Normalised fields from the tag blocks (raw values are kept separately). */
export function photoFields(blocks: ExifBlocks): PhotoFields {
  const ifd0 = blocks.ifd0 ?? {};
  const exif = blocks.exif ?? {};
  const gps = blocks.gps ?? {};
  const iptc = blocks.iptc ?? {};
  const xmp = blocks.xmp ?? {};
  const dc = xmp.dc ?? {};
  const photoshop = xmp.photoshop ?? {};
  const core = xmp.Iptc4xmpCore ?? {};
  const ext = (xmp.Iptc4xmpExt?.LocationCreated ?? {}) as Record<string, unknown>;
  const orientation = Number(ifd0.Orientation);
  const place = {
    sublocation: firstText(iptc.Sublocation, core.Location, ext.Sublocation),
    city: firstText(iptc.City, photoshop.City, ext.City),
    state: firstText(iptc.State, photoshop.State, ext.ProvinceState),
    country: firstText(iptc.Country, photoshop.Country, ext.CountryName),
  };
  return {
    make: firstText(ifd0.Make),
    model: firstText(ifd0.Model),
    lens: firstText(exif.LensModel, xmp.aux?.Lens, exif.LensMake),
    bodySerial: firstText(exif.BodySerialNumber, xmp.aux?.SerialNumber),
    software: firstText(ifd0.Software),
    orientation: Number.isInteger(orientation) && orientation >= 1 && orientation <= 8 ? orientation : null,
    dateTimeOriginal: firstText(exif.DateTimeOriginal),
    subSecTimeOriginal: firstText(exif.SubSecTimeOriginal),
    offsetTimeOriginal: firstText(exif.OffsetTimeOriginal),
    createDate: firstText(exif.CreateDate, exif.DateTimeDigitized),
    gpsDateTimeUtc: gpsUtc(gps.GPSDateStamp, gps.GPSTimeStamp),
    creator: firstText(iptc.Byline, dc.creator, ifd0.Artist, iptc.Writer),
    caption: firstText(iptc.Caption, dc.description, ifd0.ImageDescription),
    headline: firstText(iptc.Headline, photoshop.Headline, dc.title),
    place: Object.values(place).some((v) => v !== null) ? place : null,
  };
}

/** The raw tag values, JSON-safe, by block. */
export function photoRaw(blocks: ExifBlocks): Record<string, unknown> {
  return jsonSafe(blocks) as Record<string, unknown>;
}

/**
 * What the tags say about time: DateTimeOriginal (else CreateDate) with its sub-seconds and
 * offset, and the GPS UTC stamp. Raw values are kept whether or not they could be read.
 */
export function photoTimeEvidence(blocks: ExifBlocks): TimeEvidence {
  const exif = blocks.exif ?? {};
  const gps = blocks.gps ?? {};
  const pick = (names: string[]) => Object.fromEntries(names.filter((n) => exif[n] !== undefined).map((n) => [n, jsonSafe(exif[n])]));
  const raw: Record<string, unknown> = {
    ...pick(['DateTimeOriginal', 'SubSecTimeOriginal', 'OffsetTimeOriginal', 'CreateDate', 'SubSecTimeDigitized', 'OffsetTimeDigitized', 'OffsetTime']),
    ...(gps.GPSDateStamp !== undefined ? { GPSDateStamp: jsonSafe(gps.GPSDateStamp) } : {}),
    ...(gps.GPSTimeStamp !== undefined ? { GPSTimeStamp: jsonSafe(gps.GPSTimeStamp) } : {}),
  };
  const evidence: TimeEvidence = { raw };
  // OffsetTime belongs to ModifyDate, but cameras that omit OffsetTimeOriginal set it from the same
  // zone setting: it is used last, and the tag it came from is named.
  const camera = cameraTime(exif, 'DateTimeOriginal', 'SubSecTimeOriginal', ['OffsetTimeOriginal', 'OffsetTime'])
    ?? cameraTime(exif, 'CreateDate', 'SubSecTimeDigitized', ['OffsetTimeDigitized', 'OffsetTime']);
  if (camera) {
    if (camera.offsetMin !== null) evidence.withOffset = { wall: camera.wall, offsetMin: camera.offsetMin, tag: camera.tag };
    else evidence.local = { wall: camera.wall, tag: camera.tag };
  }
  const gpsTime = gpsUtc(gps.GPSDateStamp, gps.GPSTimeStamp);
  if (gpsTime) evidence.gpsUtc = { utc: gpsTime, tag: 'GPSDateStamp+GPSTimeStamp' };
  return evidence;
}

function cameraTime(exif: Record<string, unknown>, dateTag: string, subSecTag: string, offsetTags: string[]) {
  const parsed = parseDateTime(textOf(exif[dateTag]));
  if (!parsed) return null;
  const subSec = parseSubSec(exif[subSecTag]);
  const wall = subSec !== null && parsed.wall.millisecond === 0 ? { ...parsed.wall, millisecond: subSec } : parsed.wall;
  // An offset in the date string itself is rare in EXIF but explicit; else the matching Offset tag.
  if (parsed.offsetMin !== null) return { wall, offsetMin: parsed.offsetMin, tag: dateTag };
  for (const offsetTag of offsetTags) {
    const offsetMin = parseOffset(exif[offsetTag]);
    if (offsetMin !== null) return { wall, offsetMin, tag: `${dateTag}+${offsetTag}` };
  }
  return { wall, offsetMin: null, tag: dateTag };
}
