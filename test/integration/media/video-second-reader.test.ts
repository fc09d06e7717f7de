import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDateTime, wallIso } from '../../../src/media/exif-datetime.js';
import { resolveEventTime } from '../../../src/media/event-time.js';
import { ExifToolSecondReader } from '../../../src/media/exiftool-reader.js';
import { findMediaTool } from '../../../src/media/media-tools.js';
import { analyseVideo } from '../../../src/media/video-analysis.js';
import { videoSecondReading } from '../../../src/media/video-second-reading.js';

// ExifTool's own sample videos (test/fixtures/camera, listed in the fixtures index with ExifTool's
// reading): camera times that ffprobe does not report, in H.264 SEI (AVCHD) and RIFF. (Matroska's DateUTC,
// which ExifTool calls DateTimeOriginal, is the muxing date ffprobe already gives as creation_time:
// a container time, not a camera's.)
const root = fileURLToPath(new URL('../../../', import.meta.url));
const index = JSON.parse(readFileSync(`${root}test/fixtures/index.json`, 'utf8')) as { files: { path: string; exiftool?: Record<string, unknown> }[] };
const reader = new ExifToolSecondReader();
afterAll(() => reader.close());
const tools = { ffprobe: findMediaTool('ffprobe'), ffmpeg: findMediaTool('ffmpeg') };

describe('video times only ExifTool reads', () => {
  it.each([
    ['exiftool__M2TS.m2ts', '2008-12-31T22:16:24.000Z', 'exif-offset', 'H264:DateTimeOriginal with offset +01:00'],
    ['exiftool__RIFF.avi', '2003-03-10T15:04:43.000Z', 'exif-local', 'RIFF:DateTimeOriginal read in case zone Etc/UTC (+00:00)'],
  ])('%s: %s (%s), as ExifTool reads it, with its version', async (name, utc, source, used) => {
    const path = `${root}test/fixtures/camera/${name}`;
    const reading = await analyseVideo(path, tools, reader);
    const resolved = resolveEventTime(reading.time, 'Etc/UTC');
    expect(resolved.eventTime).toMatchObject({ utc, source });
    expect(resolved.eventTime.raw).toMatchObject({ used, reader: expect.stringMatching(/^exiftool \d+\.\d+ \(exiftool-vendored /) });
    expect(reading.metadata.secondReader).toMatchObject({ name: 'exiftool', fields: ['cameraTime'] });
    // The same wall time as ExifTool's recorded reading.
    const exiftool = String(index.files.find((f) => f.path.endsWith(name))?.exiftool?.DateTimeOriginal);
    const camera = reading.time.withOffset ?? reading.time.local;
    expect(camera && wallIso(camera.wall).slice(0, 19)).toBe(wallIso(parseDateTime(exiftool)!.wall).slice(0, 19));
  });
});

describe('GPS in timed metadata (GoPro GPMF, DJI), as ExifTool reports it with -ee', () => {
  // No public GoPro or DJI sample small enough was at hand: these are ExifTool's tag names and value
  // forms for such tracks (-G1 -n), checked against the rules (first fix, UTC, sanity).
  it('takes the first fix and its UTC time, signed', () => {
    const found = videoSecondReading({ 'Track3:GPSDateTime': '2017:10:03 14:58:14.115Z', 'Track3:GPSLatitude': 40.6584192, 'Track3:GPSLongitude': -73.9933543 });
    expect(found.gpsUtc).toEqual({ utc: '2017-10-03T14:58:14.115Z', tag: 'Track3:GPSDateTime' });
    expect(found.location.location).toMatchObject({ lat: 40.6584192, lon: -73.9933543, source: 'exiftool Track3' });
  });

  it('a GPMF time that does not parse is not a time; a 0,0 fix is no place', () => {
    const found = videoSecondReading({ 'Track3:GPSDateTime': '2017:13:45 99:00:00Z', 'Track3:GPSLatitude': 0, 'Track3:GPSLongitude': 0 });
    expect(found.gpsUtc).toBeNull();
    expect(found.location).toMatchObject({ location: null, flags: ['null-island'] });
  });

  it('Apple creationdate with its offset and QuickTime GPS coordinates from ExifTool', () => {
    const found = videoSecondReading({ 'Keys:CreationDate': '2023:06:01 18:04:05+02:00', 'Composite:GPSLatitude': -33.8568, 'Composite:GPSLongitude': 151.2153 });
    expect(found.camera).toMatchObject({ offsetMin: 120, tag: 'Keys:CreationDate' });
    expect(found.location.location).toMatchObject({ lat: -33.8568, lon: 151.2153 });
  });
});
