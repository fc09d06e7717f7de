import { gpsUtc, parseDateTime, parseOffset, parseSubSec, wallMs, type WallTime } from './exif-datetime.js';
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

/** XMP and other-group times, in the order they are trusted (capture time first). */
const XMP_TIMES: [string, string][] = [['exif', 'DateTimeOriginal'], ['photoshop', 'DateCreated'], ['xmp', 'CreateDate']];
const OTHER_TIME_ORDER = [/DateTimeOriginal$/, /CreationDate$/, /DateCreated$/, /DateTimeCreated$/, /CreateDate$/];

interface CameraTime {
  wall: WallTime;
  offsetMin: number | null;
  tag: string;
}

/**
 * What the tags say about time: EXIF DateTimeOriginal (else CreateDate) with its sub-seconds and
 * offset; else XMP's (exif:DateTimeOriginal, photoshop:DateCreated, xmp:CreateDate), which carry
 * their offset in the string; else IPTC's DateCreated with TimeCreated; else a time in another group the second reader found (a FLIR or
 * other maker record, Apple's QuickTime keys). An EXIF time with no offset takes the offset of an
 * XMP or maker time of the same second (FLIR cameras write it there). The GPS UTC stamp beside.
 * Raw values are kept whether or not they could be read.
 */
export function photoTimeEvidence(blocks: ExifBlocks, otherTimes: Record<string, string> = {}): TimeEvidence {
  const exif = blocks.exif ?? {};
  const gps = blocks.gps ?? {};
  const pick = (names: string[]) => Object.fromEntries(names.filter((n) => exif[n] !== undefined).map((n) => [n, jsonSafe(exif[n])]));
  const xmpRaw = Object.fromEntries(XMP_TIMES.filter(([ns, tag]) => blocks.xmp?.[ns]?.[tag] !== undefined).map(([ns, tag]) => [`xmp:${ns}:${tag}`, jsonSafe(blocks.xmp![ns]![tag])]));
  const raw: Record<string, unknown> = {
    ...pick(['DateTimeOriginal', 'SubSecTimeOriginal', 'OffsetTimeOriginal', 'CreateDate', 'SubSecTimeDigitized', 'OffsetTimeDigitized', 'OffsetTime']),
    ...(gps.GPSDateStamp !== undefined ? { GPSDateStamp: jsonSafe(gps.GPSDateStamp) } : {}),
    ...(gps.GPSTimeStamp !== undefined ? { GPSTimeStamp: jsonSafe(gps.GPSTimeStamp) } : {}),
    ...xmpRaw,
    ...otherTimes,
  };
  const evidence: TimeEvidence = { raw };
  // OffsetTime belongs to ModifyDate, but cameras that omit OffsetTimeOriginal set it from the same
  // zone setting: it is used last, and the tag it came from is named.
  const exifTime = cameraTime(exif, 'DateTimeOriginal', 'SubSecTimeOriginal', ['OffsetTimeOriginal', 'OffsetTime'])
    ?? cameraTime(exif, 'CreateDate', 'SubSecTimeDigitized', ['OffsetTimeDigitized', 'OffsetTime']);
  const others = otherCameraTimes(blocks, otherTimes);
  let camera: CameraTime | null = exifTime ?? others[0] ?? null;
  if (camera && camera.offsetMin === null) {
    const wallSecond = Math.floor(wallMs(camera.wall) / 1000);
    const withOffset = others.find((t) => t.offsetMin !== null && Math.floor(wallMs(t.wall) / 1000) === wallSecond);
    if (withOffset) camera = { ...camera, offsetMin: withOffset.offsetMin, tag: camera === withOffset ? camera.tag : `${camera.tag}+offset of ${withOffset.tag}` };
  }
  if (camera) {
    if (camera.offsetMin !== null) evidence.withOffset = { wall: camera.wall, offsetMin: camera.offsetMin, tag: camera.tag };
    else evidence.local = { wall: camera.wall, tag: camera.tag };
  }
  const gpsTime = gpsUtc(gps.GPSDateStamp, gps.GPSTimeStamp);
  if (gpsTime) evidence.gpsUtc = { utc: gpsTime, tag: 'GPSDateStamp+GPSTimeStamp' };
  else if (gps.GPSDateStamp !== undefined && gps.GPSTimeStamp !== undefined) evidence.gpsUnreadable = { tag: 'GPSDateStamp+GPSTimeStamp' };
  return evidence;
}

function otherCameraTimes(blocks: ExifBlocks, otherTimes: Record<string, string>): CameraTime[] {
  const found: CameraTime[] = [];
  for (const [ns, tag] of XMP_TIMES) {
    const parsed = parseDateTime(textOf(blocks.xmp?.[ns]?.[tag]));
    if (parsed) found.push({ ...parsed, tag: `xmp:${ns}:${tag}` });
  }
  const iptc = iptcTime(blocks.iptc);
  if (iptc) found.push(iptc);
  const rank = (key: string) => {
    const at = OTHER_TIME_ORDER.findIndex((re) => re.test(key));
    return at < 0 ? OTHER_TIME_ORDER.length : at;
  };
  // QuickTime's own CreateDate is a container time (UTC, or local on some cameras), not a camera time.
  const keys = Object.keys(otherTimes).filter((k) => !/^QuickTime:|^Track\d*:|^Media\d*:/.test(k) && rank(k) < OTHER_TIME_ORDER.length);
  for (const key of keys.sort((a, b) => rank(a) - rank(b))) {
    const parsed = parseDateTime(otherTimes[key]);
    if (parsed) found.push({ ...parsed, tag: key });
  }
  return found;
}
/**
 * IPTC's DateCreated (`CCYYMMDD`) with TimeCreated (`HHMMSS±HHMM`), as news and agency software
 * (Photo Mechanic) writes the time a picture was taken; ExifTool reads the pair as DateTimeOriginal.
 */
function iptcTime(iptc: Record<string, unknown> | undefined): CameraTime | null {
  const date = textOf(iptc?.DateCreated)?.replace(/[:-]/g, '');
  const time = textOf(iptc?.TimeCreated)?.replace(/:/g, '');
  const d = date ? /^(\d{4})(\d{2})(\d{2})$/.exec(date) : null;
  const t = time ? /^(\d{2})(\d{2})(\d{2})([+-]\d{4})?$/.exec(time) : null;
  if (!d || !t) return null;
  const parsed = parseDateTime(`${d[1]}:${d[2]}:${d[3]} ${t[1]}:${t[2]}:${t[3]}${t[4] ?? ''}`);
  return parsed ? { ...parsed, tag: 'IPTC:DateCreated+TimeCreated' } : null;
}

function cameraTime(exif: Record<string, unknown>, dateTag: string, subSecTag: string, offsetTags: string[]): CameraTime | null {
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
