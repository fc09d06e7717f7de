import { describe, expect, it } from 'vitest';
import { formatFromIncident, formatLocal, zoneOffset } from '../../../renderer/src/format.js';
import { sceneZone } from '../../../renderer/src/scene-zone.js';

const INCIDENT = '2024-05-01T12:00:00Z';

describe('time as the investigator thinks of it', () => {
  it.each([
    ['2024-05-01T12:12:00Z', '+12 min'],
    ['2024-05-01T12:12:59Z', '+12 min'],
    ['2024-05-01T11:59:20Z', '−40 s'],
    ['2024-05-01T12:00:00Z', 'at the incident'],
    ['2024-05-01T08:55:00Z', '−3 h 05 min'],
    ['2024-05-01T13:00:00Z', '+1 h 00 min'],
    ['2024-05-03T16:00:00Z', '+2 d 4 h'],
    ['2024-04-29T12:00:00Z', '−2 d 0 h'],
  ])('%s is %s from the incident', (at, words) => {
    expect(formatFromIncident(at, INCIDENT)).toBe(words);
  });

  it('says nothing from the incident without an incident time or an event time', () => {
    expect(formatFromIncident('2024-05-01T12:12:00Z', null)).toBe('');
    expect(formatFromIncident(null, INCIDENT)).toBe('');
    expect(formatFromIncident('not a time', INCIDENT)).toBe('');
  });

  it.each([
    ['2024-05-01T12:00:00Z', 'Europe/Prague', '2024-05-01 14:00:00 UTC+2'],
    ['2024-01-15T23:30:00Z', 'Europe/Prague', '2024-01-16 00:30:00 UTC+1'],
    ['2024-05-01T12:00:00Z', 'Asia/Kolkata', '2024-05-01 17:30:00 UTC+5:30'],
    ['2024-05-01T12:00:00Z', 'America/New_York', '2024-05-01 08:00:00 UTC−4'],
    ['2024-05-01T12:00:00Z', 'UTC', '2024-05-01 12:00:00 UTC'],
  ])('%s reads in %s as %s', (iso, zone, local) => {
    expect(formatLocal(iso, zone)).toBe(local);
  });

  it('reads no local time without a zone or with a zone that does not exist', () => {
    expect(formatLocal('2024-05-01T12:00:00Z', null)).toBe('');
    expect(formatLocal('2024-05-01T12:00:00Z', 'Mars/Olympus')).toBe('');
    expect(zoneOffset(Date.parse('2024-05-01T12:00:00Z'), 'Mars/Olympus')).toBe('');
  });

  it.each([
    [50.0875, 14.4213, 'Europe/Prague'],
    [50.4501, 30.5234, 'Europe/Kyiv'],
    [40.7128, -74.006, 'America/New_York'],
    [-33.8688, 151.2093, 'Australia/Sydney'],
  ])('the scene at %f, %f lies in %s (offline lookup)', (lat, lon, zone) => {
    expect(sceneZone(lat, lon)).toBe(zone);
  });

  it('suggests no zone for coordinates off the globe', () => {
    expect(sceneZone(91, 0)).toBeNull();
    expect(sceneZone(0, 181)).toBeNull();
    expect(sceneZone(Number.NaN, 0)).toBeNull();
  });
});
