import { errorMessage } from '../util/errors.js';
import { gpsUtc, parseDateTime, wallIso } from './exif-datetime.js';
import type { TimeEvidence } from './event-time.js';
import type { SecondReader } from './exiftool-reader.js';
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

/** What ExifTool found in a video. */
export interface VideoSecondReading {
  camera: { wall: NonNullable<TimeEvidence['local']>['wall']; offsetMin: number | null; tag: string } | null;
  gpsUtc: { utc: string; tag: string } | null;
  location: ReadLocation;
  raw: Record<string, unknown>;
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
    location = exifGpsLocation({ GPSLatitude: Math.abs(lat), GPSLatitudeRef: lat < 0 ? 'S' : 'N', GPSLongitude: Math.abs(lon), GPSLongitudeRef: lon < 0 ? 'W' : 'E' });
    if (location.location) location.location.source = `exiftool ${latKey.split(':')[0]}`;
  }
  return { camera, gpsUtc: gps, location, raw };
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
    const place = !location.location && found.location.location ? found.location : location;
    if (place !== location) fields.push('location');
    if (fields.length > 0) next.raw.reader = `${version.name} ${version.version} (${version.via})`;
    if (found.camera) next.raw.secondReaderCameraTime = `${wallIso(found.camera.wall)} (${found.camera.tag})`;
    return { time: next, location: place, secondReader: { ...version, reason: 'ffprobe gave no time with an offset or no place', fields }, note: null };
  } catch (error) {
    return { time, location, secondReader: null, note: `second reader (ExifTool) not used for this video: ${errorMessage(error)}` };
  }
}
