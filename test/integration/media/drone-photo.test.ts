import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core.js';
import { makeTempDir } from '../../support/temp-dir.js';

// A real DJI drone photo (test/fixtures/index.json: OpenDroneMap's DJI_0061.JPG, an Inspire 1 with a
// Zenmuse X3 camera, FC350, over Ohio in October 2015). ExifTool reads DateTimeOriginal 2015:10:16
// 13:23:16 with no offset and no GPS time, GPS 41.5485961666667, -83.6986487777778 at 119.7 m.
const dji = fileURLToPath(new URL('../../fixtures/camera/odm__DJI_0061.JPG', import.meta.url));
// ExifTool itself (the exiftool-vendored Perl build), to make the copy a drone writes before its GPS
// has a fix: the same photo with GPS 0,0.
const exiftool = join(createRequire(import.meta.url).resolve('exiftool-vendored.pl/package.json'), '..', 'bin', 'exiftool');

describe('a DJI drone photo on import', () => {
  const temp = makeTempDir('goldenhour-dji-');
  afterAll(() => temp.remove());

  it('is placed on the map and the timeline as ExifTool reads it; a copy without a GPS fix (0,0) gets no place', async () => {
    const core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
    try {
      const c = await core.cases.create({ title: 'drone', timezone: 'America/New_York' }, 'tester');
      const input = join(temp.path, 'in');
      mkdirSync(input);
      copyFileSync(dji, join(input, 'DJI_0061.JPG'));
      execFileSync('perl', [exiftool, '-q', '-GPSLatitude=0', '-GPSLongitude=0', '-o', join(input, 'DJI_0062-no-fix.JPG'), dji]);
      const result = await core.ingest.ingest(c.id, [input], { operator: 'tester' });
      expect(result.errors).toEqual([]);
      const item = result.items.find((i) => i.originalName === 'DJI_0061.JPG')!;
      expect(item.metadata).toMatchObject({ make: 'DJI', model: 'FC350', dateTimeOriginal: '2015:10:16 13:23:16', gpsDateTimeUtc: null });
      // No offset and no GPS time in the file: the camera's local time, read in the case's zone (EDT).
      expect(item.eventTime).toMatchObject({ utc: '2015-10-16T17:23:16.000Z', source: 'exif-local', confidence: 'medium' });
      expect(item.eventTime!.raw).toMatchObject({ used: 'DateTimeOriginal read in case zone America/New_York (-04:00)' });
      expect(item.location).toMatchObject({ lat: 41.5485962, lon: -83.6986488, altitudeM: 119.7, source: 'exif-gps' });
      // exifr read it completely: ExifTool was not started.
      expect(item.metadata!.secondReader).toBeUndefined();

      // Before a GPS fix the drone writes 0,0: no place, said so, and the time is still the camera's.
      const noFix = result.items.find((i) => i.originalName === 'DJI_0062-no-fix.JPG')!;
      expect(noFix.location).toBeNull();
      expect(noFix.flags).toContain('null-island');
      expect(noFix.metadata!.notes).toContain('GPS position is 0,0 (a placeholder): treated as no location');
      expect(noFix.eventTime).toMatchObject({ utc: '2015-10-16T17:23:16.000Z', source: 'exif-local' });
    } finally {
      await core.close();
    }
  }, 60_000);
});
