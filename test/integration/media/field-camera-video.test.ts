import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core.js';
import { makeTempDir } from '../../support/temp-dir.js';

// A real GoPro video (test/fixtures/index.json: gopro/gpmf-parser's karma.mp4, a Hero 5 Black on a
// Karma drone). Its container carries no place; GPS time and place live only in the GPMF metadata
// track, which ExifTool reads (-ee3) as the second reader.
const karma = fileURLToPath(new URL('../../fixtures/field-cameras/gpmf-parser__karma.mp4', import.meta.url));

describe('GoPro GPMF on import', () => {
  const temp = makeTempDir('goldenhour-gpmf-');
  afterAll(() => temp.remove());

  it('places a GoPro video on the timeline and the map from its GPMF GPS track, naming the reader', async () => {
    const core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
    try {
      const c = await core.cases.create({ title: 'drone', timezone: 'America/Los_Angeles' }, 'tester');
      const input = join(temp.path, 'in');
      mkdirSync(input);
      copyFileSync(karma, join(input, 'GOPR0001.MP4'));
      const result = await core.ingest.ingest(c.id, [input], { operator: 'tester' });
      expect(result.errors).toEqual([]);
      const item = result.items[0]!;
      expect(item.kind).toBe('video');
      expect(item.eventTime).toMatchObject({ utc: '2017-04-17T19:27:57.526Z', source: 'gps', confidence: 'high' });
      expect(item.eventTime!.raw).toMatchObject({ used: 'Track4:GPSDateTime' });
      expect(item.location).toMatchObject({ lat: 33.1253688, lon: -117.3310668 });
      expect(item.location!.source).toMatch(/^exiftool /);
      expect(item.metadata!.secondReader).toMatchObject({ name: 'exiftool', fields: ['gpsTime', 'location'] });
      expect(item.metadata!.contentCredentials).toMatchObject({ status: 'absent' });
    } finally {
      await core.close();
    }
  }, 60_000);
});
