import { errorMessage } from '../util/errors.js';
import { gpsUtc, parseDateTime, wallIso } from './exif-datetime.js';
import type { TimeEvidence } from './event-time.js';
import type { SecondReader } from './exiftool-reader.js';
import { parseDjiSubtitle } from './dji-subtitles.js';
import { exifGpsLocation, type ReadLocation } from './location.js';

/**
 * Time and place in a video that ffprobe does not report, from ExifTool with its embedded-data
 * option (`-ee`): camera times in H.264 SEI (AVCHD), RIFF (AVI) and QuickTime keys and
 * user data, and GPS from timed metadata tracks (GoPro GPMF, DJI). Asked only when ffprobe gave no
 * time with an offset or no place.
 */

/** Camera-time tags in video groups, in the order they are trusted; container dates (QuickTime:CreateDate, tracks) are not among them. */
// Matroska's DateUTC (ExifTool: Info:DateTimeOriginal) is the muxing date, which ffprobe already gives
// as creation_time: a container time, so not here.
const CAMERA_TIME = [/^Keys:CreationDate$/, /^UserData:DateTimeOriginal$/, /^H264:DateTimeOriginal$/, /^(RIFF|UserData|ItemList|Keys):DateTimeOriginal$/];

/** Who read a DJI subtitle track's time and place: our own reader of its text (dji-subtitles.ts). */
export const DJI_SUBTITLE_READER = 'Golden Hour DJI subtitle reader';

/** What ExifTool found in a video. */
export interface VideoSecondReading {
  camera: { wall: NonNullable<TimeEvidence['local']>['wall']; offsetMin: number | null; tag: string } | null;
  gpsUtc: { utc: string; tag: string } | null;
  location: ReadLocation;
  raw: Record<string, unknown>;
  /** Where a DJI subtitle track's first frame gave the time or place ExifTool did not. */
  djiSubtitle: { tag: string; layout: string; fields: string[] } | null;
}

/** Reads a video's ExifTool tags into time and place. */
export function videoSecondReading(tags: Record<string, unknown>): VideoSecondReading {
  const raw: Record<string, unknown> = {};
  let camera: VideoSecondReading['camera'] = null;
  for (const pattern of CAMERA_TIME) {
    const key = Object.keys(tags).find((k) => pattern.test(k));
    if (!key || camera) continue;
    const parsed = parseDateTime(tags[key]);
    raw[key] = tags[key];
    if (parsed) camera = { ...parsed, tag: key };
  }
  let gps: VideoSecondReading['gpsUtc'] = null;
  const gpsKey = Object.keys(tags).find((k) => /:GPSDateTime$/.test(k) && !k.startsWith('Composite:')) ?? (tags['Composite:GPSDateTime'] !== undefined ? 'Composite:GPSDateTime' : undefined);
  if (gpsKey) {
    raw[gpsKey] = tags[gpsKey];
    const text = String(tags[gpsKey]).replace(/Z$/i, '');
    const [date, time] = text.split(' ');
    gps = date && time ? (() => {
      const utc = gpsUtc(date, time);
      return utc ? { utc, tag: gpsKey } : null;
    })() : null;
  }
  const latKey = tags['Composite:GPSLatitude'] !== undefined ? 'Composite:GPSLatitude' : Object.keys(tags).find((k) => /:GPSLatitude$/.test(k));
  const lonKey = latKey?.replace(/GPSLatitude$/, 'GPSLongitude');
  const lat = latKey ? Number(tags[latKey]) : NaN;
  const lon = lonKey ? Number(tags[lonKey]) : NaN;
  let location: ReadLocation = { location: null, flags: [], notes: [] };
  if (Number.isFinite(lat) && Number.isFinite(lon) && latKey) {
    raw[latKey] = tags[latKey];
    raw[lonKey!] = tags[lonKey!];
    location = signedLocation(lat, lon, `exiftool ${latKey.split(':')[0]}`);
  }
  const dji = djiSubtitleReading(tags, camera === null, location.location === null && location.notes.length === 0);
  if (dji) {
    raw[dji.tag] = dji.text;
    if (dji.camera) camera = dji.camera;
    if (dji.location) location = dji.location;
  }
  return { camera, gpsUtc: gps, location, raw, djiSubtitle: dji ? { tag: dji.tag, layout: dji.layout, fields: dji.fields } : null };
}

function signedLocation(lat: number, lon: number, source: string, altitudeM: number | null = null): ReadLocation {
  const altitude = altitudeM === null ? {} : { GPSAltitude: Math.abs(altitudeM), GPSAltitudeRef: altitudeM < 0 ? 1 : 0 };
  const location = exifGpsLocation({ GPSLatitude: Math.abs(lat), GPSLatitudeRef: lat < 0 ? 'S' : 'N', GPSLongitude: Math.abs(lon), GPSLongitudeRef: lon < 0 ? 'W' : 'E', ...altitude });
  if (location.location) location.location.source = source;
  return location;
}

/**
 * A DJI drone's subtitle track, as ExifTool decodes it (`TrackN:Text`, the first frame's text):
 * its clock time and place where ExifTool read none (see dji-subtitles.ts for why we read the text).
 */
function djiSubtitleReading(tags: Record<string, unknown>, wantTime: boolean, wantPlace: boolean) {
  if (!wantTime && !wantPlace) return null;
  for (const tag of Object.keys(tags).filter((k) => /^Track\d+:Text$/.test(k))) {
    const text = String(tags[tag]);
    const frame = parseDjiSubtitle(text);
    if (!frame) continue;
    const fields: string[] = [];
    const camera = wantTime && frame.wall ? { wall: frame.wall, offsetMin: null, tag: `${tag} (DJI subtitle)` } : null;
    if (camera) fields.push('cameraTime');
    const location = wantPlace && frame.lat !== null && frame.lon !== null ? signedLocation(frame.lat, frame.lon, `dji-subtitle ${tag.split(':')[0]}`, frame.altitudeM) : null;
    if (location) fields.push('location');
    // ExifTool's text of a subtitle sample ends with the sample's style box: kept up to it.
    return { tag, text: beforeStyleBox(text), layout: frame.layout, camera, location, fields };
  }
  return null;
}

/** A tx3g sample's text ends where its style box starts (a length byte below 0x20 that is not a line break or tab). */
function beforeStyleBox(text: string): string {
  const end = [...text].findIndex((ch) => ch.charCodeAt(0) < 0x20 && !'\n\r\t'.includes(ch));
  return (end < 0 ? text : text.slice(0, end)).trim();
}

/**
 * Adds what ExifTool reads to a video's time evidence and place, where ffprobe had none: a camera
 * time (with its offset when it has one), a GPS UTC time, a place. Returns the second reader's
 * version and the fields it gave, or a note when it could not run.
 */
export async function addVideoSecondReading(
  path: string, reader: SecondReader, time: TimeEvidence, location: ReadLocation,
): Promise<{ time: TimeEvidence; location: ReadLocation; secondReader: Record<string, unknown> | null; note: string | null }> {
  try {
    const { tags, reader: version } = await reader.read(path, { embedded: true });
    const found = videoSecondReading(tags);
    const fields: string[] = [];
    const next: TimeEvidence = { ...time, raw: { ...time.raw, ...found.raw } };
    if (found.camera && !time.withOffset) {
      if (found.camera.offsetMin !== null) {
        next.withOffset = { wall: found.camera.wall, offsetMin: found.camera.offsetMin, tag: found.camera.tag };
        delete next.local;
        fields.push('cameraTime');
      } else if (!time.local) {
        next.local = { wall: found.camera.wall, tag: found.camera.tag };
        fields.push('cameraTime');
      }
    }
    if (found.gpsUtc && !time.gpsUtc) {
      next.gpsUtc = found.gpsUtc;
      fields.push('gpsTime');
    }
    // A place ExifTool or a DJI track gives is taken where ffprobe had none; one refused (0,0, out of
    // range) is said with its flag and note, as for photos.
    const refused = !found.location.location && (found.location.flags.length > 0 || found.location.notes.length > 0);
    const place = !location.location && (found.location.location || (refused && location.notes.length === 0)) ? found.location : location;
    if (place.location && place !== location) fields.push('location');
    const exiftool = `${version.name} ${version.version} (${version.via})`;
    const dji = found.djiSubtitle;
    if (fields.length > 0) next.raw.reader = dji?.fields.includes('cameraTime') ? `${DJI_SUBTITLE_READER}, text decoded by ${exiftool}` : exiftool;
    if (found.camera) next.raw.secondReaderCameraTime = `${wallIso(found.camera.wall)} (${found.camera.tag})`;
    const subtitle = dji ? { djiSubtitle: { ...dji, reader: `${DJI_SUBTITLE_READER} (its first frame; ExifTool decodes the track's text but does not read this layout)` } } : {};
    return { time: next, location: place, secondReader: { ...version, reason: 'ffprobe gave no time with an offset or no place', fields, ...subtitle }, note: null };
  } catch (error) {
    return { time, location, secondReader: null, note: `second reader (ExifTool) not used for this video: ${errorMessage(error)}` };
  }
}
