import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { itemView } from '../../../src/items/item-view.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { photoFixture, photoFixtureEntry, PHOTO_FIXTURES, sha256File } from '../../support/media.js';

// Real photos from the exifr project's fixtures (see test/fixtures/index.json), each checked against
// ExifTool 12.57's reading recorded in the index. Where we read differently, the test says which is
// right and why.
let core: Core;
let temp: ReturnType<typeof makeTempDir>;
const byName = new Map<string, Item>();
let ingestNotes: { itemId: number; note: string }[] = [];

beforeAll(async () => {
  temp = makeTempDir('goldenhour-media-corpus-');
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  const c = await core.cases.create({ title: 'corpus', timezone: 'Europe/Prague', scene: { lat: 50.2996, lon: 14.82, radiusM: 100 }, incidentTime: '2018-07-25T14:30:00.000Z' }, 'tester');
  const result = await core.ingest.ingest(c.id, [PHOTO_FIXTURES], { operator: 'tester' });
  expect(result.errors).toEqual([]);
  ingestNotes = result.notes;
  for (const item of await core.items.list(c.id)) byName.set(item.originalName ?? '', item);
});

afterAll(async () => {
  await core.close();
  temp.remove();
});

const item = (name: string) => {
  const found = byName.get(name);
  if (!found) throw new Error(`${name} was not ingested`);
  return found;
};

const GPS_PHOTOS = [
  'exifr__IMG_20180725_163423-tiny.jpg', 'exifr__png__png_with_exif_and_gps.png', 'exifr__issue-exifr-13.jpg', 'exifr__issue-exifr-59.jpg',
  'exifr__issue-exifr-3.jpg', 'exifr__iptc-agency-photographer-example.jpg', 'exifr__002.tiff', 'exifr__issue-exif-js-124.tiff', 'exifr__heic-iphone7.heic',
];
const ALL_PHOTOS = [...GPS_PHOTOS, 'exifr__broken1.jpg', 'exifr__avif__Irvine_CA.avif', 'exifr__tif-with-iptc-icc-xmp.tif', 'exifr__issue-fast-exif-2.jpg'];

describe('real photos against ExifTool', () => {
  it.each(GPS_PHOTOS)('%s: latitude and longitude as ExifTool reads them (signed by Ref)', (name) => {
    const { exiftool } = photoFixtureEntry(name);
    const location = item(name).location;
    expect(location?.lat).toBeCloseTo(exiftool.GPSLatitude as number, 6);
    expect(location?.lon).toBeCloseTo(exiftool.GPSLongitude as number, 6);
  });

  it.each(ALL_PHOTOS)('%s: make, model and DateTimeOriginal as ExifTool reads them', (name) => {
    const { exiftool, sha256 } = photoFixtureEntry(name);
    const found = item(name);
    expect(found.sha256).toBe(sha256);
    const metadata = found.metadata as Record<string, unknown>;
    expect(metadata.make).toBe(exiftool.Make);
    expect(metadata.model).toBe(exiftool.Model);
    // ExifTool's reading of issue-exifr-3 comes from FLIR's own maker record
    // ("2019:04:30 15:56:18.605+00:00"), not the EXIF tag; see the test below.
    if (name !== 'exifr__issue-exifr-3.jpg') expect(metadata.dateTimeOriginal).toBe(exiftool.DateTimeOriginal);
    expect(metadata.extractor).toMatchObject({ name: 'exifr' });
    expect(metadata.raw).toBeTypeOf('object');
  });

  it.each(ALL_PHOTOS)('%s: pixel size as ExifTool reads it, and previews made', (name) => {
    const { exiftool } = photoFixtureEntry(name);
    const found = item(name);
    const metadata = found.metadata as Record<string, unknown>;
    expect([metadata.width, metadata.height]).toEqual([exiftool.ImageWidth, exiftool.ImageHeight]);
    expect(found.artifacts.filter((a) => a.derived).map((a) => a.role).sort()).toEqual(['preview', 'thumbnail']);
    expect(metadata.perceptualHash).toMatchObject({ algorithm: 'dct-phash-64', hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('issue-exifr-3: EXIF has no offset; the FLIR record of the same second gives it (+00:00), as ExifTool reads it', async () => {
    // exiftool -G1 -a shows both: [ExifIFD] DateTimeOriginal 2019:04:30 15:56:18, SubSecTimeOriginal 606,
    // and [FLIR] DateTimeOriginal 2019:04:30 15:56:18.605+00:00. exifr does not read the FLIR record, so
    // ExifTool (the second reader) is asked; the EXIF time keeps its sub-seconds and takes the FLIR
    // record's offset. Before, the case zone (Prague) was assumed for a photo taken in New Jersey.
    const found = item('exifr__issue-exifr-3.jpg');
    const metadata = found.metadata as Record<string, unknown>;
    expect(metadata.dateTimeOriginal).toBe('2019:04:30 15:56:18');
    expect(found.eventTime).toMatchObject({ source: 'exif-offset', utc: '2019-04-30T15:56:18.606Z', confidence: 'high' });
    expect(found.eventTime?.raw).toMatchObject({ used: 'DateTimeOriginal+offset of FLIR:DateTimeOriginal with offset +00:00', reader: expect.stringMatching(/^exiftool \d+\.\d+ \(exiftool-vendored /) });
    expect(metadata.secondReader).toMatchObject({ name: 'exiftool', reason: 'a FLIR record (exifr does not read it)' });
    expect(metadata.fieldReaders).toMatchObject({ cameraTime: 'exiftool', make: 'exifr', location: 'exifr' });
  });

  it('exifr__broken1.jpg: GPS tags present but empty give no location (ExifTool reads "" too)', async () => {
    expect(photoFixtureEntry('exifr__broken1.jpg').exiftool.GPSLatitude).toBe('');
    expect(item('exifr__broken1.jpg').location).toBeNull();
  });
});

describe('event time and place of real photos', () => {
  it('Pixel photo: the GPS UTC stamp wins, and the local time agrees with it by +02:00', async () => {
    const found = item('exifr__IMG_20180725_163423-tiny.jpg');
    expect(found.eventTime).toMatchObject({ utc: '2018-07-25T14:34:23.000Z', source: 'gps', confidence: 'high' });
    expect(found.eventTime?.raw).toMatchObject({ DateTimeOriginal: '2018:07:25 16:34:23', GPSDateStamp: '2018:07:25', gpsImpliedOffset: '+02:00' });
    expect(found.flags).toEqual([]);
  });

  it('iPhone 7 HEIC: OffsetTimeOriginal +02:00 gives an explicit-offset time; GPS date without time is not used', async () => {
    const found = item('exifr__heic-iphone7.heic');
    expect(found.eventTime).toMatchObject({ utc: '2019-10-20T16:34:30.130Z', source: 'exif-offset', confidence: 'high' });
    expect(found.location?.accuracyM).toBeCloseTo(6.0, 1);
  });

  it('iPhone 7 HEIC: the HEVC picture is decoded by libheif, which is recorded as the decoder', async () => {
    const found = item('exifr__heic-iphone7.heic');
    expect(found.flags).not.toContain('unreadable-media');
    expect(ingestNotes.filter((n) => n.itemId === found.id)).toEqual([]);
    expect((found.metadata as Record<string, unknown>).decoder).toMatchObject({ name: 'heic-decode', libheif: expect.stringMatching(/^\d+\.\d+/) });
  });

  it('a PNG whose EXIF date (2003) and GPS stamp (2018) are 15 years apart: the GPS time is not trusted, and kept', async () => {
    // A GPS stamp more than a day from the camera's date is not used (issue 15): the camera's time
    // is, as ExifTool's DateTimeOriginal (2003:12:14 12:01:44) reads it; the GPS value stays in raw.
    const found = item('exifr__png__png_with_exif_and_gps.png');
    expect(found.eventTime).toMatchObject({ source: 'exif-local', utc: '2003-12-14T11:01:44.935Z' });
    expect(found.eventTime?.raw).toMatchObject({ gpsTimeInvalid: { value: expect.stringMatching(/^2018-/) } });
    expect(found.flags).toContain('gps-time-invalid');
    expect(found.flags).not.toContain('clock-mismatch');
  });

  it('a FLIR TIFF the type sniffer cannot place is still read as the photo it is', async () => {
    const found = item('exifr__002.tiff');
    expect(found.eventTime?.source).toBe('exif-local');
    expect(found.location?.lon).toBeLessThan(0);
  });

  it('IPTC and XMP creator, caption and place are read', async () => {
    const metadata = item('exifr__iptc-agency-photographer-example.jpg').metadata as Record<string, unknown>;
    expect(metadata.place).toMatchObject({ city: 'Washington', country: 'United States of America' });
    expect(metadata.headline).toBe('Lincoln Memorial');
    expect(metadata.creator).toBeTruthy();
  });

  it('scene distance and window come from the stored place and time', async () => {
    const c = (await core.cases.list())[0]!;
    const view = itemView(item('exifr__IMG_20180725_163423-tiny.jpg'), c);
    expect(view.scene?.withinRadius).toBe(true);
    expect(view.withinWindow).toBe(true);
    expect(view.derived.map((d) => d.role).sort()).toEqual(['preview', 'thumbnail']);
  });

  it('derived copies are in the vault, marked derived; the original blob is unchanged', async () => {
    const found = item('exifr__IMG_20180725_163423-tiny.jpg');
    for (const artifact of found.artifacts) {
      expect(artifact.derived).toBe(true);
      expect(await core.vault.rehash(artifact.sha256)).toMatchObject({ state: 'present', sha256: artifact.sha256 });
    }
    expect(await core.vault.rehash(found.sha256)).toMatchObject({ state: 'present', sha256: found.sha256 });
    expect(sha256File(photoFixture('exifr__IMG_20180725_163423-tiny.jpg'))).toBe(found.sha256);
  });
});
