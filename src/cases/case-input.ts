import { DateTime, IANAZone } from 'luxon';
import { readDegrees, splitLatLon } from '../geo/coordinates.js';
import { describeValue, invalidInput } from '../util/errors.js';

/** Checks an IANA time zone name (`Europe/London`), returning its canonical spelling. */
export function parseTimezone(value: string): string {
  if (!IANAZone.isValidZone(value)) {
    throw invalidInput(`Expected an IANA time zone such as "Europe/London" for timezone but received ${describeValue(value)}`);
  }
  return value;
}

const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Reads an ISO 8601 time into UTC. A time with `Z` or an offset is exact; a time without one is
 * read in `timezone` (daylight saving aware) and refused when no zone is known, or when the
 * local time does not exist or happens twice in that zone, rather than guessing.
 */
export function parseIsoTime(value: string, timezone: string | null, what = 'time'): string {
  const text = value.trim();
  if (HAS_OFFSET.test(text)) {
    const parsed = DateTime.fromISO(text, { setZone: true });
    if (!parsed.isValid) throw invalidInput(`Expected an ISO 8601 time for ${what} (e.g. 2026-11-21T14:05:00Z) but received ${describeValue(value)}`);
    return parsed.toUTC().toISO({ suppressMilliseconds: false }) as string;
  }
  if (timezone === null) {
    throw invalidInput(
      `The ${what} ${JSON.stringify(value)} has no offset and no time zone was given: add Z or an offset (e.g. +01:00), or give --timezone`,
    );
  }
  const parsed = DateTime.fromISO(text, { zone: timezone });
  if (!parsed.isValid) throw invalidInput(`Expected an ISO 8601 time for ${what} (e.g. 2026-11-21T14:05:00) but received ${describeValue(value)}`);
  // A local time skipped by a daylight-saving jump comes back moved forward; one repeated when
  // the clocks go back has two possible offsets. Neither is guessed.
  const wall = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.exec(text)?.[0];
  if (wall !== undefined && parsed.toFormat("yyyy-MM-dd'T'HH:mm") !== wall) {
    throw invalidInput(`The ${what} ${JSON.stringify(value)} does not exist in ${timezone} (the clocks skipped it for daylight saving)`);
  }
  if (parsed.getPossibleOffsets().length > 1) {
    throw invalidInput(`The ${what} ${JSON.stringify(value)} happens twice in ${timezone} (the clocks went back): give an explicit offset`);
  }
  return parsed.toUTC().toISO() as string;
}

/** Reads one coordinate in decimal degrees (decimal point or comma), naming what was wrong. */
export function parseDegrees(value: string, axis: 'latitude' | 'longitude'): number {
  const reading = readDegrees(value, axis, ' for scene');
  if (!reading.ok) throw invalidInput(reading.message);
  return reading.value;
}

/** Reads `LAT,LON` in decimal degrees, with decimal points or commas (see `splitLatLon`). */
export function parseLatLon(value: string): { lat: number; lon: number } {
  const parts = splitLatLon(value);
  // Words instead of numbers ("High Street") are not a pair at all: say what a scene looks like.
  if (!parts || parts.every((part) => !/\d/.test(part))) {
    throw invalidInput(
      `Expected LAT,LON in decimal degrees (e.g. 51.5072,-0.1276, or with decimal commas 51,5072;-0,1276) for scene but received ${describeValue(value)}`,
    );
  }
  return { lat: parseDegrees(parts[0], 'latitude'), lon: parseDegrees(parts[1], 'longitude') };
}

/** Reads a positive number of metres. */
export function parseRadius(value: string): number {
  const radius = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !Number.isFinite(radius) || radius <= 0) {
    throw invalidInput(`Expected a positive number of metres for radius but received ${describeValue(value)}`);
  }
  return radius;
}

/** Reads `BEFORE_MIN,AFTER_MIN`, two whole numbers of minutes. */
export function parseWindow(value: string): { beforeMin: number; afterMin: number } {
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(value);
  if (!match) throw invalidInput(`Expected BEFORE_MIN,AFTER_MIN as two whole numbers of minutes (e.g. 60,120) for window but received ${describeValue(value)}`);
  return { beforeMin: Number(match[1]), afterMin: Number(match[2]) };
}
