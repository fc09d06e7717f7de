/**
 * Parsing of the date and time strings found in EXIF, GPS, XMP and QuickTime tags, into plain
 * parts. Nothing here goes through a JavaScript `Date` in the host's zone: a wall-clock time is
 * kept as a wall-clock time until a zone or offset is applied on purpose.
 */

/** A wall-clock date and time with no zone, as written by a camera. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const DATE_TIME = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The wall time as if it were UTC, in milliseconds (for arithmetic on wall times only). */
export function wallMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
}

/** `YYYY-MM-DDTHH:mm:ss.sss`, the wall time as ISO without a zone. */
export function wallIso(wall: WallTime): string {
  return new Date(wallMs(wall)).toISOString().slice(0, 23);
}

/**
 * Reads `YYYY:MM:DD HH:MM:SS` (EXIF), `YYYY-MM-DDTHH:MM:SS[.fff][±HH:MM]` (XMP, QuickTime) and
 * the like. Returns null for blanks, zeros and impossible dates (`2019:02:30`), which cameras
 * write when their clock was never set.
 */
export function parseDateTime(text: unknown): { wall: WallTime; offsetMin: number | null } | null {
  if (typeof text !== 'string') return null;
  const match = DATE_TIME.exec(text.trim().replace(/\0+$/, ''));
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const wall: WallTime = {
    year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s ?? 0),
    millisecond: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0,
  };
  if (!isRealWallTime(wall)) return null;
  const offsetMin = zone === undefined ? null : parseOffset(zone);
  if (zone !== undefined && offsetMin === null) return null;
  return { wall, offsetMin };
}

/** Whether the parts name a real moment on the calendar (year 1900 or later, a real day...). */
export function isRealWallTime(wall: WallTime): boolean {
  if (wall.year < 1900 || wall.month < 1 || wall.month > 12 || wall.day < 1) return false;
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 60) return false;
  const check = new Date(wallMs({ ...wall, second: Math.min(wall.second, 59) }));
  return check.getUTCDate() === wall.day && check.getUTCMonth() === wall.month - 1;
}

/** `+02:00`, `-0830`, `Z` -> minutes east of UTC; null when not an offset a clock can have. */
export function parseOffset(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim().replace(/\0+$/, '');
  if (/^z$/i.test(trimmed)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(trimmed);
  if (!match) return null;
  const minutes = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  return minutes >= -12 * 60 && minutes <= 14 * 60 && Number(match[3]) < 60 ? minutes : null;
}

/** Sub-second digits (`SubSecTimeOriginal`: "606", "05") -> milliseconds. */
export function parseSubSec(text: unknown): number | null {
  const value = typeof text === 'number' ? String(text) : text;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value.trim())) return null;
  return Math.floor(Number(`0.${value.trim()}`) * 1000);
}

/** `+02:00` from minutes east of UTC. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * GPS date (`YYYY:MM:DD`) and time (three rationals h, m, s, as numbers or a string) -> UTC ISO.
 * Both are needed: a GPS date alone does not place a photo in time.
 */
export function gpsUtc(dateStamp: unknown, timeStamp: unknown): string | null {
  if (typeof dateStamp !== 'string') return null;
  // Anchored at both ends: a corrupt stamp ("2015:09:259") must not be read as its first digits.
  const date = /^(\d{4})[:-](\d{2})[:-](\d{2})$/.exec(dateStamp.replace(/\0+$/, '').trim());
  const parts = Array.isArray(timeStamp)
    ? timeStamp.map(Number)
    : typeof timeStamp === 'string' ? timeStamp.split(/[:\s]+/).map(Number) : null;
  if (!date || !parts || parts.length < 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) return null;
  const [h = 0, m = 0, s = 0] = parts;
  const wall: WallTime = {
    year: Number(date[1]), month: Number(date[2]), day: Number(date[3]),
    hour: Math.floor(h), minute: Math.floor(m), second: Math.floor(s), millisecond: Math.round((s % 1) * 1000),
  };
  if (!isRealWallTime(wall)) return null;
  return new Date(wallMs(wall)).toISOString();
}
