import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../support/cli.js';
import { photoFixture } from '../../support/media.js';
import { makeTempDir } from '../../support/temp-dir.js';

// The commands as a user runs them (the built bin: `npm run build` first).
interface Row { itemId: number; name: string; eventTimeUtc: string | null; eventTimeSource: string; withinWindow: boolean | null; distanceM: number | null }

let temp: ReturnType<typeof makeTempDir>;
let input: string;
let data: string;

beforeAll(async () => {
  temp = makeTempDir('goldenhour-media-cli-');
  input = join(temp.path, 'in');
  data = join(temp.path, 'data');
  mkdirSync(input);
  for (const name of ['exifr__IMG_20180725_163423-tiny.jpg', 'exifr__png__png_with_exif_and_gps.png', 'exifr__issue-exifr-13.jpg', 'exifr__issue-fast-exif-2.jpg']) {
    copyFileSync(photoFixture(name), join(input, name));
  }
  writeFileSync(join(input, 'reposted.jpg'), await sharp(photoFixture('exifr__IMG_20180725_163423-tiny.jpg')).resize(400).jpeg({ quality: 60 }).toBuffer());
  const created = await runCliJson<{ id: number }>(['case', 'create', '--title', 'Bridge', '--scene', '50.2996,14.82', '--radius', '100',
    '--incident-time', '2018-07-25T14:30:00Z', '--timezone', 'Europe/Prague', '--window', '30,30'], { dataDir: data });
  expect(created.code).toBe(0);
  const ingest = await runCli(['ingest', String(created.json.id), input], { dataDir: data });
  expect(ingest.code).toBe(0);
}, 120_000);

afterAll(() => temp.remove());

describe('goldenhour timeline', () => {
  it('orders by event time, no event time last, with source, distance and window', async () => {
    const { code, json } = await runCliJson<{ rows: Row[] }>(['timeline', '1'], { dataDir: data });
    expect(code).toBe(0);
    const names = json.rows.map((r) => r.name);
    // Same-instant items keep id order (the ingest's name order).
    // The PNG's GPS stamp (2018) is 15 years from its camera date (2003): its camera time is used.
    expect(names).toEqual(['exifr__png__png_with_exif_and_gps.png', 'exifr__issue-fast-exif-2.jpg', 'exifr__IMG_20180725_163423-tiny.jpg', 'exifr__issue-exifr-13.jpg', 'reposted.jpg']);
    expect(json.rows[0]).toMatchObject({ eventTimeUtc: '2003-12-14T11:01:44.935Z', eventTimeSource: 'exif-local' });
    expect(json.rows[1]).toMatchObject({ eventTimeUtc: '2017-05-06T13:24:07.630Z', eventTimeSource: 'exif-local', withinWindow: false, distanceM: null });
    expect(json.rows[2]).toMatchObject({ eventTimeUtc: '2018-07-25T14:34:23.000Z', eventTimeSource: 'gps', withinWindow: true });
    expect(json.rows[2]!.distanceM).toBeLessThan(100);
    expect(json.rows.at(-1)).toMatchObject({ eventTimeUtc: null, eventTimeSource: 'none', withinWindow: null });
    const utcs = json.rows.map((r) => r.eventTimeUtc).filter((u): u is string => u !== null);
    expect([...utcs].sort()).toEqual(utcs);
  });

  it('--from and --to keep only items timed between them', async () => {
    const { json } = await runCliJson<{ rows: Row[] }>(['timeline', '1', '--from', '2018-07-25T16:00:00+02:00', '--to', '2019-12-31T00:00:00Z'], { dataDir: data });
    expect(json.rows.map((r) => r.eventTimeUtc)).toEqual(['2018-07-25T14:34:23.000Z', '2019-10-03T07:10:11.000Z']);
  });

  it('--format csv gives a header and one line per item; text gives a table', async () => {
    const csv = await runCli(['timeline', '1', '--format', 'csv'], { dataDir: data });
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('itemId,kind,name,sha256,eventTimeUtc,eventTimeSource,acquiredAt,lat,lon,distanceM,withinWindow,flags,sourceUrl');
    expect(lines).toHaveLength(6);
    const text = await runCli(['timeline', '1'], { dataDir: data });
    expect(text.stdout).toMatch(/^EVENT TIME \(UTC\)\s+SOURCE/);
    expect(text.stdout).toMatch(/2018-07-25T14:34:23.000Z\s+gps\s+\d+\s+photo\s+\d+ m\s+in/);
  });

  it('refuses a --from with no zone, and an unknown --format, naming them (exit 2)', async () => {
    const noZone = await runCli(['timeline', '1', '--from', '2018-07-25T14:00'], { dataDir: data });
    expect(noZone.code).toBe(2);
    expect(noZone.stderr).toMatch(/Expected --from as an ISO 8601 time with Z or an offset .* but received "2018-07-25T14:00"/);
    const format = await runCli(['timeline', '1', '--format', 'xml'], { dataDir: data });
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/Expected --format to be text, json or csv but received "xml"/);
    const reversed = await runCli(['timeline', '1', '--from', '2019-01-01T00:00:00Z', '--to', '2018-01-01T00:00:00Z'], { dataDir: data });
    expect(reversed.code).toBe(2);
  });
});

describe('goldenhour duplicates', () => {
  it('lists the re-posted copy with the original and their distance', async () => {
    const { code, json } = await runCliJson<{ clusters: { members: { name: string; distance: number }[] }[] }>(['duplicates', '1'], { dataDir: data });
    expect(code).toBe(0);
    expect(json.clusters).toHaveLength(1);
    expect(json.clusters[0]!.members.map((m) => m.name).sort()).toEqual(['exifr__IMG_20180725_163423-tiny.jpg', 'reposted.jpg']);
    const text = await runCli(['duplicates', '1'], { dataDir: data });
    expect(text.stdout).toMatch(/^Cluster 1: 2 items\n/);
    expect((await runCli(['duplicates', '1', '--max-distance', 'lots'], { dataDir: data })).code).toBe(2);
  });
});

describe('goldenhour items --json', () => {
  it('carries eventTime, location, scene, withinWindow, metadata with raw, and derived', async () => {
    const { json } = await runCliJson<Record<string, unknown>[]>(['items', '1'], { dataDir: data });
    const pixel = json.find((i) => i.originalName === 'exifr__IMG_20180725_163423-tiny.jpg')!;
    expect(pixel).toMatchObject({
      eventTime: { source: 'gps', utc: '2018-07-25T14:34:23.000Z', confidence: 'high' },
      location: { lat: 50.2996028, lon: 14.8202944, source: 'exif-gps' },
      scene: { withinRadius: true },
      withinWindow: true,
      metadata: { make: 'Google', model: 'Pixel', raw: { ifd0: { Make: 'Google' } }, extractor: { name: 'exifr' } },
    });
    expect((pixel.derived as { role: string }[]).map((d) => d.role).sort()).toEqual(['preview', 'thumbnail']);
  });
});

describe('machine time zone', () => {
  it('gives the same times and places under TZ=Pacific/Kiritimati and TZ=America/Los_Angeles', async () => {
    const readings = [];
    for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles']) {
      const dir = join(temp.path, `tz-${tz.replace('/', '-')}`);
      const env = { TZ: tz };
      // No case zone here: the one local-only photo must stay unplaced on both machines.
      await runCli(['case', 'create', '--title', 'tz'], { dataDir: dir, env });
      await runCli(['ingest', '1', input], { dataDir: dir, env });
      const { json } = await runCliJson<{ originalName: string; eventTime: unknown; location: unknown; flags: string[]; metadata: { dateTimeOriginal?: string } }[]>(['items', '1'], { dataDir: dir, env });
      readings.push(json.map((i) => ({ name: i.originalName, eventTime: i.eventTime, location: i.location, flags: i.flags, dto: i.metadata?.dateTimeOriginal })));
    }
    expect(readings[0]).toEqual(readings[1]);
    const local = readings[0]!.find((r) => r.name === 'exifr__issue-fast-exif-2.jpg')!;
    expect(local.eventTime).toMatchObject({ source: 'none', utc: null, raw: { unplacedLocal: '2017-05-06T15:24:07.630' } });
    expect(local.flags).toContain('no-time');
  }, 120_000);
});
