import { describe, expect, it } from 'vitest';
import { parseIsoTime, parseLatLon, parseRadius, parseTimezone, parseWindow } from '../../../src/cases/case-input.js';

describe('incident time', () => {
  it.each([
    ['2026-11-21T14:05:00Z', null, '2026-11-21T14:05:00.000Z'],
    ['2026-11-21T14:05:00.250+01:00', null, '2026-11-21T13:05:00.250Z'],
    ['2026-11-21T14:05:00-05:00', 'Europe/London', '2026-11-21T19:05:00.000Z'],
    ['2026-11-21T14:05', 'Europe/London', '2026-11-21T14:05:00.000Z'],
    ['2026-07-01T14:05', 'Europe/London', '2026-07-01T13:05:00.000Z'],
    ['2026-07-01T09:00', 'America/New_York', '2026-07-01T13:00:00.000Z'],
    ['2026-01-01T00:30', 'Australia/Sydney', '2025-12-31T13:30:00.000Z'],
    ['2026-03-08T03:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
  ])('%s in %s is %s', (input, zone, expected) => {
    expect(parseIsoTime(input, zone)).toBe(expected);
  });

  it('refuses a local time with no zone to read it in', () => {
    expect(() => parseIsoTime('2026-11-21T14:05', null, 'incident time')).toThrow(/no offset and no time zone/);
  });

  it('refuses a local time skipped by the clocks going forward', () => {
    expect(() => parseIsoTime('2026-03-29T01:30', 'Europe/London')).toThrow(/does not exist in Europe\/London/);
  });

  it('refuses a local time that happens twice when the clocks go back', () => {
    expect(() => parseIsoTime('2026-10-25T01:30', 'Europe/London')).toThrow(/happens twice/);
  });

  it.each(['yesterday', '2026-13-01T00:00Z', '2026-11-21 25:00Z', ''])('refuses %j, naming what it received', (input) => {
    expect(() => parseIsoTime(input, 'UTC', 'incident time')).toThrow(/incident time/);
  });
});

describe('scene, radius, window, zone', () => {
  it('reads coordinates and refuses out-of-range ones', () => {
    expect(parseLatLon('51.5072, -0.1276')).toEqual({ lat: 51.5072, lon: -0.1276 });
    expect(() => parseLatLon('91,0')).toThrow('Expected a latitude between -90 and 90 for scene but received 91');
    expect(() => parseLatLon('0,181')).toThrow(/longitude between -180 and 180/);
    expect(() => parseLatLon('London')).toThrow(/Expected LAT,LON/);
  });
  it.each([
    ['50.0875,14.4213', 50.0875, 14.4213],
    ['50.0875 14.4213', 50.0875, 14.4213],
    ['50,0875;14,4213', 50.0875, 14.4213],
    ['50,0875; 14,4213', 50.0875, 14.4213],
    ['50,0875 14,4213', 50.0875, 14.4213],
    ['50,0875, 14,4213', 50.0875, 14.4213],
    ['50,0875,14,4213', 50.0875, 14.4213],
    ['-33,8688,151,2093', -33.8688, 151.2093],
    ['50.0875° / 14.4213°', 50.0875, 14.4213],
  ])('reads %j with decimal points or commas', (input, lat, lon) => {
    expect(parseLatLon(input)).toEqual({ lat, lon });
  });
  it.each([
    ['50,0875,14', /Expected LAT,LON .*decimal commas/],
    ['50,08,75;14', /Expected the latitude in decimal degrees .* for scene but received "50,08,75"/],
    ['50.1;14,42,1', /Expected the longitude in decimal degrees/],
    ['95,5;14', /latitude between -90 and 90 for scene but received 95.5/],
  ])('refuses %j, saying what was wrong', (input, message) => {
    expect(() => parseLatLon(input)).toThrow(message);
  });
  it('reads a radius and refuses zero, negatives and words', () => {
    expect(parseRadius('250')).toBe(250);
    for (const bad of ['0', '-5', 'far', '']) expect(() => parseRadius(bad)).toThrow(/positive number of metres/);
  });
  it('reads a window', () => {
    expect(parseWindow('30,120')).toEqual({ beforeMin: 30, afterMin: 120 });
    expect(() => parseWindow('30')).toThrow(/BEFORE_MIN,AFTER_MIN/);
    expect(() => parseWindow('-1,5')).toThrow(/BEFORE_MIN,AFTER_MIN/);
  });
  it('checks IANA zones', () => {
    expect(parseTimezone('Europe/London')).toBe('Europe/London');
    expect(() => parseTimezone('Mars/Olympus')).toThrow(/IANA time zone/);
  });
});
