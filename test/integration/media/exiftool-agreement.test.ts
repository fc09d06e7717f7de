import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffMediaType } from '../../../src/items/sniff.js';
import { parseDateTime, wallIso } from '../../../src/media/exif-datetime.js';
import { ExifToolSecondReader } from '../../../src/media/exiftool-reader.js';
import { analysePhoto } from '../../../src/media/photo-analysis.js';

// Every real photo in the fixtures (test/fixtures/index.json: the exifr corpus, with ExifTool 12.57's
// reading, and ExifTool's own sample images, with ExifTool 13.50's), read the way ingest reads them
// (exifr, then ExifTool where exifr's reading is incomplete), compared with ExifTool's reading field
// by field: the camera time (wall clock to the second, and the offset where both have one) and the
// place (to 1e-5 degrees). Every disagreement is named below with the side that is right and why.

interface Entry { path: string; exiftool?: Record<string, unknown> }
const root = fileURLToPath(new URL('../../../', import.meta.url));
const entries = (JSON.parse(readFileSync(`${root}test/fixtures/index.json`, 'utf8')) as { files: Entry[] }).files
  .filter((e) => e.exiftool && /^test\/fixtures\/(photos|camera)\//.test(e.path) && !/\.(m2ts|mkv|avi)$/.test(e.path));

/** Disagreements, by file and field, with the side that is right and why. */
const KNOWN: Record<string, { right: 'ours' | 'exiftool'; why: string }> = {
  'exiftool__ExifTool.jpg time': {
    right: 'ours',
    why: 'ExifTool\'s own test file carries four DateTimeOriginals: [ExifIFD] 2001:05:19 18:36:41 (which we read), '
      + '[CIFF] 1998:05:01 21:33:18, [PictureInfo] 1998:12:31 and XMP/IPTC dates of 2004. Its plain DateTimeOriginal '
      + 'reports the CIFF one by group priority; `exiftool -G1 -a` shows the EXIF one first. EXIF is where a JPEG '
      + 'camera writes the time of capture, and the CIFF record (a Canon CRW heap) is three years before its own '
      + 'CreateDate: the EXIF time is the one to use.',
  },
};

interface Compared { file: string; field: 'time' | 'place'; ours: string; exiftool: string; agree: boolean }

const reader = new ExifToolSecondReader();
afterAll(() => reader.close());

async function compare(entry: Entry): Promise<Compared[]> {
  const path = `${root}${entry.path}`;
  const bytes = readFileSync(path);
  const reading = await analysePhoto(path, await sniffMediaType(bytes.subarray(0, 4100), path), reader);
  const et = entry.exiftool!;
  const file = entry.path.split('/').pop()!;
  const etText = [et.SubSecDateTimeOriginal, et.DateTimeOriginal, et.CreateDate].find((v) => typeof v === 'string' && v.trim() !== '') as string | undefined;
  const etTime = etText ? parseDateTime(etText) : null;
  const camera = reading.time.withOffset ?? reading.time.local ?? null;
  const ourOffset = reading.time.withOffset?.offsetMin ?? null;
  const show = (t: { wall: Parameters<typeof wallIso>[0]; offsetMin: number | null } | null) => (t ? `${wallIso(t.wall).slice(0, 19)}${t.offsetMin === null ? '' : ` ${t.offsetMin}min`}` : 'none');
  const ourTime = camera ? { wall: camera.wall, offsetMin: ourOffset } : null;
  const timeAgree = !etTime ? !ourTime : !!ourTime && wallIso(ourTime.wall).slice(0, 19) === wallIso(etTime.wall).slice(0, 19)
    && (etTime.offsetMin === null || etTime.offsetMin === ourTime.offsetMin);
  const etLat = typeof et.GPSLatitude === 'number' ? et.GPSLatitude : null;
  const etLon = typeof et.GPSLongitude === 'number' ? et.GPSLongitude : null;
  const place = reading.location.location;
  const placeAgree = etLat === null || etLon === null ? !place : !!place && Math.abs(place.lat - etLat) < 1e-5 && Math.abs(place.lon - etLon) < 1e-5;
  return [
    { file, field: 'time', ours: show(ourTime), exiftool: show(etTime), agree: timeAgree },
    { file, field: 'place', ours: place ? `${place.lat},${place.lon}` : 'none', exiftool: etLat === null ? 'none' : `${etLat},${etLon}`, agree: placeAgree },
  ];
}

const rows: Compared[] = [];
beforeAll(async () => {
  for (const entry of entries) rows.push(...(await compare(entry)));
}, 180_000);

describe('time and place against ExifTool, photo by photo', () => {
  it('holds the real photos of both corpora', () => {
    expect(entries.length).toBeGreaterThanOrEqual(70);
  });

  it.each(entries.map((e) => e.path.split('/').pop()!))('%s: time and place as ExifTool reads them, or a named disagreement', (file) => {
    for (const row of rows.filter((r) => r.file === file)) {
      const known = KNOWN[`${file} ${row.field}`];
      // A named disagreement must still be one: when it goes away, its entry goes too.
      expect({ ...row, known: !!known }, known?.why ?? 'agrees with ExifTool').toMatchObject({ agree: !known });
    }
  });

  it.each(['time', 'place'] as const)('%s agrees with ExifTool on at least 97% of the real photos', (field) => {
    const of = rows.filter((r) => r.field === field);
    expect(of.length).toBe(entries.length);
    const agree = of.filter((r) => r.agree).length;
    expect(agree / of.length, `${field}: ${agree} of ${of.length} agree`).toBeGreaterThanOrEqual(0.97);
  });
});

describe('formats and blocks only the second reader reads', () => {
  const read = async (name: string) => {
    const path = `${root}test/fixtures/camera/${name}`;
    return analysePhoto(path, await sniffMediaType(readFileSync(path).subarray(0, 4100), path), reader);
  };

  it.each([
    ['exiftool__CanonRaw.cr3', '2018-02-21T12:08:56.210', 0],
    ['exiftool__FujiFilm.raf', '2007-05-22T13:58:30.000', null],
    ['exiftool__Nikon.nef', '2004-06-09T16:02:35.000', null],
  ])('%s: time read by ExifTool, its version recorded with the reading', async (name, wall, offset) => {
    const reading = await read(name);
    const camera = reading.time.withOffset ?? reading.time.local;
    expect(camera && wallIso(camera.wall)).toBe(wall);
    expect(reading.time.withOffset?.offsetMin ?? null).toBe(offset);
    expect(reading.time.raw.reader).toMatch(/^exiftool \d+\.\d+ \(exiftool-vendored \d+\.\d+\.\d+\)$/);
    expect(reading.metadata.fieldReaders).toMatchObject({ cameraTime: 'exiftool', make: 'exiftool' });
    expect(reading.metadata.secondReader).toMatchObject({ name: 'exiftool', version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it('FLIR: the offset in the FLIR record of the same second is used (ExifTool reads 14:17:08.253+01:00)', async () => {
    const reading = await read('exiftool__FLIR.jpg');
    expect(reading.time.withOffset).toMatchObject({ offsetMin: 60, tag: 'DateTimeOriginal+offset of FLIR:DateTimeOriginal' });
  });

  it('Photo Mechanic: IPTC DateCreated with TimeCreated -05:00 is the time, read by exifr (no second reader)', async () => {
    const reading = await read('exiftool__PhotoMechanic.jpg');
    expect(reading.time.withOffset).toMatchObject({ offsetMin: -300, tag: 'IPTC:DateCreated+TimeCreated' });
    expect(reading.metadata.secondReader).toBeUndefined();
  });

  it('a JPEG exifr reads completely never starts the second reader', async () => {
    const reading = await read('exiftool__GPS.jpg');
    expect(reading.metadata.secondReader).toBeUndefined();
    expect(Object.values(reading.metadata.fieldReaders as Record<string, string>).every((r) => r === 'exifr')).toBe(true);
  });
});
