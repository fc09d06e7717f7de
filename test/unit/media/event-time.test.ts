import { describe, expect, it } from 'vitest';
import { gpsUtc, parseDateTime } from '../../../src/media/exif-datetime.js';
import { resolveEventTime, type TimeEvidence } from '../../../src/media/event-time.js';

const wall = (text: string) => {
  const parsed = parseDateTime(text);
  if (!parsed) throw new Error(`bad test time ${text}`);
  return parsed.wall;
};

interface Row {
  name: string;
  evidence: Omit<TimeEvidence, 'raw'>;
  zone: string | null;
  utc: string | null;
  source: string;
  confidence: string;
  flags?: string[];
}

// Each source in its order of preference, offsets east and west, missing pieces, daylight-saving
// edges in the case zone, and the clock-mismatch rule.
const rows: Row[] = [
  { name: 'explicit offset east (+02:00)', evidence: { withOffset: { wall: wall('2019:10:20 18:34:30'), offsetMin: 120, tag: 'DateTimeOriginal+OffsetTimeOriginal' } },
    zone: null, utc: '2019-10-20T16:34:30.000Z', source: 'exif-offset', confidence: 'high' },
  { name: 'explicit offset west (-07:00), crossing midnight', evidence: { withOffset: { wall: wall('2024:03:01 20:15:00'), offsetMin: -420, tag: 'x' } },
    zone: 'Europe/London', utc: '2024-03-02T03:15:00.000Z', source: 'exif-offset', confidence: 'high' },
  { name: 'half-hour offset (+05:30)', evidence: { withOffset: { wall: wall('2017:09:03 11:23:57'), offsetMin: 330, tag: 'x' } },
    zone: null, utc: '2017-09-03T05:53:57.000Z', source: 'exif-offset', confidence: 'high' },
  { name: 'GPS only', evidence: { gpsUtc: { utc: '2018-07-25T14:34:23.000Z', tag: 'GPS' } },
    zone: null, utc: '2018-07-25T14:34:23.000Z', source: 'gps', confidence: 'high' },
  { name: 'GPS beats a local time; local agrees by a whole offset', evidence: { gpsUtc: { utc: '2018-07-25T14:34:23.000Z', tag: 'GPS' }, local: { wall: wall('2018:07:25 16:34:23'), tag: 'DateTimeOriginal' } },
    zone: 'Europe/Prague', utc: '2018-07-25T14:34:23.000Z', source: 'gps', confidence: 'high' },
  { name: 'offset beats GPS; within two minutes is no mismatch', evidence: { withOffset: { wall: wall('2018:07:25 16:34:23'), offsetMin: 120, tag: 'x' }, gpsUtc: { utc: '2018-07-25T14:36:00.000Z', tag: 'GPS' } },
    zone: null, utc: '2018-07-25T14:34:23.000Z', source: 'exif-offset', confidence: 'high' },
  { name: 'offset and GPS differ by more than two minutes: first kept, flagged', evidence: { withOffset: { wall: wall('2018:07:25 16:34:23'), offsetMin: 120, tag: 'x' }, gpsUtc: { utc: '2018-07-25T14:37:00.000Z', tag: 'GPS' } },
    zone: null, utc: '2018-07-25T14:34:23.000Z', source: 'exif-offset', confidence: 'high', flags: ['clock-mismatch'] },
  { name: 'local time no whole offset from GPS (same day): GPS kept, flagged', evidence: { gpsUtc: { utc: '2018-07-25T14:34:23.000Z', tag: 'GPS' }, local: { wall: wall('2018:07:25 16:41:00'), tag: 'DateTimeOriginal' } },
    zone: null, utc: '2018-07-25T14:34:23.000Z', source: 'gps', confidence: 'high', flags: ['clock-mismatch'] },
  // Sanity before trust: a GPS stamp more than a day from the camera's date is not used.
  { name: 'GPS 15 years from the local camera date: camera time used, GPS kept aside', evidence: { gpsUtc: { utc: '2018-07-25T14:34:23.000Z', tag: 'GPS' }, local: { wall: wall('2003:12:14 12:01:44'), tag: 'DateTimeOriginal' } },
    zone: 'Europe/Prague', utc: '2003-12-14T11:01:44.000Z', source: 'exif-local', confidence: 'medium', flags: ['gps-time-invalid'] },
  { name: 'GPS nine days after an offset camera time (corrupt GPS date): camera time used', evidence: { gpsUtc: { utc: '2015-09-25T10:00:00.000Z', tag: 'GPS' }, withOffset: { wall: wall('2015:09:16 12:00:00'), offsetMin: 120, tag: 'x' } },
    zone: null, utc: '2015-09-16T10:00:00.000Z', source: 'exif-offset', confidence: 'high', flags: ['gps-time-invalid'] },
  { name: 'GPS a local time 20 h away is within a day plus any zone: GPS kept', evidence: { gpsUtc: { utc: '2018-07-25T02:00:00.000Z', tag: 'GPS' }, local: { wall: wall('2018:07:25 22:07:00'), tag: 'DateTimeOriginal' } },
    zone: null, utc: '2018-07-25T02:00:00.000Z', source: 'gps', confidence: 'high', flags: ['clock-mismatch'] },
  { name: 'GPS tags that do not parse: next source, flagged', evidence: { gpsUnreadable: { tag: 'GPSDateStamp+GPSTimeStamp' }, local: { wall: wall('2015:09:16 12:00:00'), tag: 'DateTimeOriginal' } },
    zone: 'Europe/London', utc: '2015-09-16T11:00:00.000Z', source: 'exif-local', confidence: 'medium', flags: ['gps-time-invalid'] },
  { name: 'GPS stamp in 1980 (receiver fault): not used', evidence: { gpsUtc: { utc: '1980-01-06T00:00:00.000Z', tag: 'GPS' } },
    zone: null, utc: null, source: 'none', confidence: 'none', flags: ['gps-time-invalid', 'no-time'] },
  { name: 'camera clock at its default 2000-01-01: GPS used', evidence: { local: { wall: wall('2000:01:01 00:03:12'), tag: 'DateTimeOriginal' }, gpsUtc: { utc: '2021-03-04T10:00:00.000Z', tag: 'GPS' } },
    zone: 'Europe/London', utc: '2021-03-04T10:00:00.000Z', source: 'gps', confidence: 'high', flags: ['camera-clock-default'] },
  { name: 'camera clock at 1970 with an offset: container used', evidence: { withOffset: { wall: wall('1970:01:01 00:00:05'), offsetMin: 0, tag: 'x' }, containerUtc: { utc: '2021-03-04T10:00:00.000Z', tag: 'creation_time' } },
    zone: null, utc: '2021-03-04T10:00:00.000Z', source: 'container', confidence: 'low', flags: ['camera-clock-default'] },
  { name: 'local in case zone, summer (BST, +01:00)', evidence: { local: { wall: wall('2024:07:01 12:00:00'), tag: 'DateTimeOriginal' } },
    zone: 'Europe/London', utc: '2024-07-01T11:00:00.000Z', source: 'exif-local', confidence: 'medium' },
  { name: 'local in case zone, winter (GMT)', evidence: { local: { wall: wall('2024:01:15 12:00:00'), tag: 'DateTimeOriginal' } },
    zone: 'Europe/London', utc: '2024-01-15T12:00:00.000Z', source: 'exif-local', confidence: 'medium' },
  { name: 'local in a zone west of UTC (America/Los_Angeles, PDT)', evidence: { local: { wall: wall('2015:06:12 13:40:32'), tag: 'DateTimeOriginal' } },
    zone: 'America/Los_Angeles', utc: '2015-06-12T20:40:32.000Z', source: 'exif-local', confidence: 'medium' },
  { name: 'DST gap: 01:30 on 31 March 2024 never happened in London', evidence: { local: { wall: wall('2024:03:31 01:30:00'), tag: 'DateTimeOriginal' } },
    zone: 'Europe/London', utc: '2024-03-31T01:30:00.000Z', source: 'exif-local', confidence: 'low' },
  { name: 'DST overlap: 01:30 on 27 October 2024 happened twice in London (first chosen)', evidence: { local: { wall: wall('2024:10:27 01:30:00'), tag: 'DateTimeOriginal' } },
    zone: 'Europe/London', utc: '2024-10-27T00:30:00.000Z', source: 'exif-local', confidence: 'low' },
  { name: 'DST overlap in Los Angeles: 01:30 on 3 November 2024', evidence: { local: { wall: wall('2024:11:03 01:30:00'), tag: 'DateTimeOriginal' } },
    zone: 'America/Los_Angeles', utc: '2024-11-03T08:30:00.000Z', source: 'exif-local', confidence: 'low' },
  { name: 'just after the London spring-forward: 02:00 reads as BST', evidence: { local: { wall: wall('2024:03:31 02:00:00'), tag: 'DateTimeOriginal' } },
    zone: 'Europe/London', utc: '2024-03-31T01:00:00.000Z', source: 'exif-local', confidence: 'medium' },
  { name: 'local with no case zone: not placed', evidence: { local: { wall: wall('2018:07:25 16:34:23'), tag: 'DateTimeOriginal' } },
    zone: null, utc: null, source: 'none', confidence: 'none', flags: ['no-time'] },
  { name: 'local with an unknown case zone: not placed', evidence: { local: { wall: wall('2018:07:25 16:34:23'), tag: 'DateTimeOriginal' } },
    zone: 'Mars/Olympus', utc: null, source: 'none', confidence: 'none', flags: ['no-time'] },
  { name: 'container time when nothing better', evidence: { containerUtc: { utc: '2024-05-01T12:03:25.000Z', tag: 'creation_time' } },
    zone: 'Europe/London', utc: '2024-05-01T12:03:25.000Z', source: 'container', confidence: 'low' },
  { name: 'local in case zone beats container', evidence: { local: { wall: wall('2024:05:01 14:03:22'), tag: 'x' }, containerUtc: { utc: '2024-05-01T14:03:25.000Z', tag: 'creation_time' } },
    zone: 'Europe/Paris', utc: '2024-05-01T12:03:22.000Z', source: 'exif-local', confidence: 'medium' },
  { name: 'post time last', evidence: { postUtc: { utc: '2024-05-01T12:10:00.000Z', tag: 'post.publishedAt' } },
    zone: null, utc: '2024-05-01T12:10:00.000Z', source: 'post', confidence: 'medium' },
  { name: 'container beats post', evidence: { containerUtc: { utc: '2024-05-01T12:03:25.000Z', tag: 'c' }, postUtc: { utc: '2024-05-01T12:10:00.000Z', tag: 'p' } },
    zone: null, utc: '2024-05-01T12:03:25.000Z', source: 'container', confidence: 'low' },
  { name: 'nothing at all', evidence: {}, zone: 'Europe/London', utc: null, source: 'none', confidence: 'none', flags: ['no-time'] },
];

describe('resolveEventTime', () => {
  it.each(rows)('$name', (row) => {
    const result = resolveEventTime({ ...row.evidence, raw: {} }, row.zone);
    expect(result.eventTime.utc).toBe(row.utc);
    expect(result.eventTime.source).toBe(row.source);
    expect(result.eventTime.confidence).toBe(row.confidence);
    expect(result.flags.sort()).toEqual((row.flags ?? []).sort());
  });

  it('keeps the unplaced local time and says why', () => {
    const result = resolveEventTime({ local: { wall: wall('2018:07:25 16:34:23'), tag: 'DateTimeOriginal' }, raw: { DateTimeOriginal: '2018:07:25 16:34:23' } }, null);
    expect(result.eventTime.raw).toMatchObject({ DateTimeOriginal: '2018:07:25 16:34:23', unplacedLocal: '2018-07-25T16:34:23.000' });
    expect(result.notes.join(' ')).toMatch(/no offset and the case has no time zone: not placed until the case is given the scene's time zone/);
  });

  it('records both instants of an ambiguous local time', () => {
    const result = resolveEventTime({ local: { wall: wall('2024:10:27 01:30:00'), tag: 'x' }, raw: {} }, 'Europe/London');
    expect(result.eventTime.raw).toMatchObject({ daylightSaving: { kind: 'ambiguous', candidates: ['2024-10-27T00:30:00.000Z', '2024-10-27T01:30:00.000Z'] } });
  });

  it('notes the zone the GPS stamp implies when it is not the case zone', () => {
    const result = resolveEventTime({ gpsUtc: { utc: '2019-08-21T03:57:22.640Z', tag: 'GPS' }, local: { wall: wall('2019:08:21 10:57:23.345'), tag: 'x' }, raw: {} }, 'Europe/London');
    expect(result.flags).toEqual([]);
    expect(result.eventTime.raw).toMatchObject({ gpsImpliedOffset: '+07:00' });
    expect(result.notes.join(' ')).toMatch(/implies UTC\+07:00, not the case zone's \+01:00/);
  });
});

describe('sanity before trust', () => {
  it('keeps the GPS value it did not use, with the reason, and says so', () => {
    const result = resolveEventTime({ gpsUtc: { utc: '2015-09-25T10:00:00.000Z', tag: 'GPSDateStamp+GPSTimeStamp' }, local: { wall: wall('2015:09:16 12:00:00'), tag: 'DateTimeOriginal' }, raw: { GPSDateStamp: '2015:09:25' } }, 'Europe/London');
    expect(result.eventTime.raw).toMatchObject({ GPSDateStamp: '2015:09:25', gpsTimeInvalid: { value: '2015-09-25T10:00:00.000Z', reason: expect.stringMatching(/more than a day/) } });
    expect(result.notes.join(' ')).toMatch(/GPS time \(GPSDateStamp\+GPSTimeStamp\) 2015-09-25T10:00:00.000Z is more than a day from the camera's 2015-09-16T12:00:00.000 \(DateTimeOriginal\): not used/);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2019:10:20 18:34:30', '2019-10-20T18:34:30.000', null],
    ['2019-04-30T15:56:18.605+00:00', '2019-04-30T15:56:18.605', 0],
    ['2024-05-01T14:03:22+0200', '2024-05-01T14:03:22.000', 120],
    ['2024-05-01T12:03:25.000000Z', '2024-05-01T12:03:25.000', 0],
  ])('%s', (text, iso, offset) => {
    const parsed = parseDateTime(text);
    expect(parsed && new Date(Date.UTC(parsed.wall.year, parsed.wall.month - 1, parsed.wall.day, parsed.wall.hour, parsed.wall.minute, parsed.wall.second, parsed.wall.millisecond)).toISOString().slice(0, 23)).toBe(iso);
    expect(parsed?.offsetMin).toBe(offset);
  });

  it.each(['', '    :  :     :  :  ', '0000:00:00 00:00:00', '2019:02:30 10:00:00', '2019:10:20 25:00:00', 'yesterday', '2019:10:20 10:00:00+15:00'])('refuses %j', (text) => {
    expect(parseDateTime(text)).toBeNull();
  });
});

describe('gpsUtc', () => {
  it('reads a GPS date and its three rationals', () => {
    expect(gpsUtc('2015:09:16', [10, 4, 5.5])).toBe('2015-09-16T10:04:05.500Z');
  });

  // An iPhone 6 photo's GPSDateStamp read "2015:09:259": its first ten characters are a real date,
  // so a prefix match placed the photo on the 25th, nine days after the camera's own date.
  it.each(['2015:09:259', '2015:13:01', '2015:09:16x', ''])('refuses the corrupt date %j', (date) => {
    expect(gpsUtc(date, [10, 0, 0])).toBeNull();
  });
});
