import { describe, expect, it } from 'vitest';
import type { EventTime } from '../../../src/domain/item.js';
import { parseDateTime } from '../../../src/media/exif-datetime.js';
import { resolveEventTime, type TimeEvidence } from '../../../src/media/event-time.js';
import { replaceLocalTime } from '../../../src/media/local-time-replacement.js';

const wall = (text: string) => parseDateTime(text)!.wall;
const analysed = (evidence: Omit<TimeEvidence, 'raw'>, zone: string | null, raw: Record<string, unknown> = {}) =>
  resolveEventTime({ ...evidence, raw }, zone);
const local = (text: string, tag = 'DateTimeOriginal') => ({ local: { wall: wall(text), tag } });

interface Row {
  name: string;
  before: EventTime;
  zone: string;
  utc: string | null;
  fromZone?: string | null;
}

// What a change of the case's zone does to each kind of event time: only times that rest on the
// zone move, and they land where analysing the file in the new zone would have put them.
const rows: Row[] = [
  { name: 'unplaced local time (case had no zone) is placed', before: analysed(local('2017:05:06 15:24:07.630'), null).eventTime,
    zone: 'Europe/Prague', utc: '2017-05-06T13:24:07.630Z', fromZone: null },
  { name: 'local time read in London is read in New York', before: analysed(local('2024:07:01 12:00:00'), 'Europe/London').eventTime,
    zone: 'America/New_York', utc: '2024-07-01T16:00:00.000Z', fromZone: 'Europe/London' },
  { name: 'a container time beside an unplaced local time gives way to the local time', before: analysed({ ...local('2024:01:10 09:30:00', 'com.apple.quicktime.creationdate'), containerUtc: { utc: '2024-01-10T09:30:00.000Z', tag: 'creation_time' } }, null).eventTime,
    zone: 'Asia/Tokyo', utc: '2024-01-10T00:30:00.000Z', fromZone: null },
  { name: 'an explicit offset is an instant already', before: analysed({ withOffset: { wall: wall('2019:10:20 18:34:30'), offsetMin: 120, tag: 'x' } }, 'Europe/Prague').eventTime,
    zone: 'America/New_York', utc: null },
  { name: 'GPS time is an instant already', before: analysed({ gpsUtc: { utc: '2018-07-25T14:34:23.000Z', tag: 'GPS' }, ...local('2018:07:25 16:34:23') }, null).eventTime,
    zone: 'Europe/Prague', utc: null },
  { name: 'a post time is an instant already', before: analysed({ postUtc: { utc: '2024-01-01T00:00:00.000Z', tag: 'post.publishedAt' } }, null).eventTime,
    zone: 'Europe/Prague', utc: null },
];

describe('reading camera-local times again in a new case zone', () => {
  it.each(rows)('$name', (row) => {
    const result = replaceLocalTime(row.before, row.zone);
    if (row.utc === null) {
      expect(result).toBeNull();
      return;
    }
    expect(result).not.toBeNull();
    expect(result!.eventTime).toMatchObject({ utc: row.utc, source: 'exif-local', confidence: 'medium', raw: { zone: row.zone } });
    expect(result!.fromZone).toBe(row.fromZone);
    // The camera's reading as found is kept, and the old placement's keys are gone.
    expect(result!.eventTime.raw).not.toHaveProperty('unplacedLocal');
    expect(result!.eventTime.raw).not.toHaveProperty('reason');
    expect(result!.clearedFlags).toEqual(['no-time']);
  });

  it('keeps the raw tag values and the camera reading, and drops the note that the time was not placed', () => {
    const before = analysed(local('2017:05:06 15:24:07'), null, { DateTimeOriginal: '2017:05:06 15:24:07' });
    const result = replaceLocalTime(before.eventTime, 'Europe/Prague')!;
    expect(result.eventTime.raw).toMatchObject({ DateTimeOriginal: '2017:05:06 15:24:07', localTime: '2017-05-06T15:24:07.000', localTag: 'DateTimeOriginal' });
    expect(result).toMatchObject({ localTime: '2017-05-06T15:24:07.000', tag: 'DateTimeOriginal' });
    expect(before.notes).toHaveLength(1);
    expect(result.staleNotes(before.notes[0]!)).toBe(true);
    expect(result.staleNotes('GPS time (GPS) does not parse as a real date and time: not used for the event time')).toBe(false);
  });

  it('replaces a daylight-saving note of the old zone with the one of the new zone', () => {
    const before = analysed(local('2024:10:27 01:30:00'), 'Europe/London');
    expect(before.eventTime.confidence).toBe('low');
    const result = replaceLocalTime(before.eventTime, 'America/New_York')!;
    expect(result.staleNotes(before.notes[0]!)).toBe(true);
    expect(result.newNotes).toEqual([]);
    expect(result.eventTime).toMatchObject({ utc: '2024-10-27T05:30:00.000Z', confidence: 'medium' });
    expect(result.eventTime.raw).not.toHaveProperty('daylightSaving');
    const back = replaceLocalTime(result.eventTime, 'Europe/London')!;
    expect(back.eventTime).toMatchObject({ utc: '2024-10-27T00:30:00.000Z', confidence: 'low', raw: { daylightSaving: { kind: 'ambiguous' } } });
    expect(back.newNotes).toEqual(before.notes);
  });

  it('reads items analysed before the camera reading was kept from the offset they were placed with', () => {
    const legacy: EventTime = {
      utc: '2024-07-01T11:00:00.000Z', source: 'exif-local', confidence: 'medium',
      raw: { DateTimeOriginal: '2024:07:01 12:00:00', used: 'DateTimeOriginal read in case zone Europe/London (+01:00)', zone: 'Europe/London' },
    };
    const result = replaceLocalTime(legacy, 'Europe/Prague')!;
    expect(result).toMatchObject({ localTime: '2024-07-01T12:00:00.000', fromZone: 'Europe/London', eventTime: { utc: '2024-07-01T10:00:00.000Z' } });
  });

  it('changes nothing for the zone already used, an unknown zone, or no time at all', () => {
    const inLondon = analysed(local('2024:07:01 12:00:00'), 'Europe/London').eventTime;
    expect(replaceLocalTime(inLondon, 'Europe/London')).toBeNull();
    expect(replaceLocalTime(inLondon, 'Mars/Olympus')).toBeNull();
    expect(replaceLocalTime(null, 'Europe/London')).toBeNull();
    expect(replaceLocalTime(analysed({}, null).eventTime, 'Europe/London')).toBeNull();
  });
});
