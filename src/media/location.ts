import type { Location } from '../domain/item.js';

/** A place read from a file, or why there is none. */
export interface ReadLocation {
  location: Location | null;
  /** `null-island` when the file says 0,0 (a placeholder, not the Gulf of Guinea). */
  flags: string[];
  notes: string[];
}

const NONE: ReadLocation = { location: null, flags: [], notes: [] };

/** Degrees from EXIF's [degrees, minutes, seconds] rationals (or a plain number). */
export function dmsToDegrees(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (!Array.isArray(value) || value.length === 0 || value.length > 3) return null;
  const [d = 0, m = 0, s = 0] = value.map(Number);
  if (![d, m, s].every((n) => Number.isFinite(n) && n >= 0) || m >= 60 || s >= 60) return null;
  return d + m / 60 + s / 3600;
}

/**
 * The place in an EXIF GPS block. Latitude and longitude are signed by their Ref tags (S and W
 * negative); altitude by GPSAltitudeRef (1 = below sea level); accuracy from GPSHPositioningError.
 */
export function exifGpsLocation(gps: Record<string, unknown> | undefined): ReadLocation {
  if (!gps) return NONE;
  const lat = dmsToDegrees(gps.GPSLatitude);
  const lon = dmsToDegrees(gps.GPSLongitude);
  if (lat === null || lon === null) {
    const present = gps.GPSLatitude !== undefined || gps.GPSLongitude !== undefined;
    return present ? { ...NONE, notes: ['GPS position present but unreadable: no location'] } : NONE;
  }
  const notes: string[] = [];
  const latRef = refLetter(gps.GPSLatitudeRef);
  const lonRef = refLetter(gps.GPSLongitudeRef);
  if (!latRef || !lonRef) notes.push('GPS position has no N/S or E/W reference: read as north and east');
  const signedLat = latRef === 'S' ? -lat : lat;
  const signedLon = lonRef === 'W' ? -lon : lon;
  const altitude = numberOf(gps.GPSAltitude);
  const below = refByte(gps.GPSAltitudeRef) === 1;
  return place(signedLat, signedLon, altitude === null ? null : below ? -altitude : altitude, numberOf(gps.GPSHPositioningError), 'exif-gps', notes);
}

/**
 * ISO 6709 strings as QuickTime and Android write them: `+51.5007-000.1246+012.000/`, also with
 * degrees and minutes (`+5130.04-00007.48/`) or degrees, minutes and seconds.
 */
export function parseIso6709(text: unknown, source: string): ReadLocation {
  if (typeof text !== 'string') return NONE;
  const match = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?(?:CRS[^/]*)?\/?$/.exec(text.trim());
  if (!match) return { ...NONE, notes: [`location ${JSON.stringify(text)} is not ISO 6709: no location`] };
  const lat = iso6709Component(match[1]!, 2);
  const lon = iso6709Component(match[2]!, 3);
  if (lat === null || lon === null) return { ...NONE, notes: [`location ${JSON.stringify(text)} is out of range: no location`] };
  return place(lat, lon, match[3] ? Number(match[3]) : null, null, source, []);
}

function iso6709Component(text: string, degreeDigits: number): number | null {
  const sign = text.startsWith('-') ? -1 : 1;
  const [intPart = '', frac = ''] = text.slice(1).split('.');
  const fraction = frac ? Number(`0.${frac}`) : 0;
  let degrees: number;
  if (intPart.length <= degreeDigits) degrees = Number(intPart) + fraction;
  else if (intPart.length === degreeDigits + 2) degrees = Number(intPart.slice(0, degreeDigits)) + (Number(intPart.slice(degreeDigits)) + fraction) / 60;
  else if (intPart.length === degreeDigits + 4) {
    degrees = Number(intPart.slice(0, degreeDigits)) + Number(intPart.slice(degreeDigits, degreeDigits + 2)) / 60
      + (Number(intPart.slice(degreeDigits + 2)) + fraction) / 3600;
  } else return null;
  const limit = degreeDigits === 2 ? 90 : 180;
  return Number.isFinite(degrees) && degrees <= limit ? sign * degrees : null;
}

function place(lat: number, lon: number, altitudeM: number | null, accuracyM: number | null, source: string, notes: string[]): ReadLocation {
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { ...NONE, notes: [...notes, `GPS position ${lat},${lon} is out of range: no location`] };
  if (Math.abs(lat) < 1e-7 && Math.abs(lon) < 1e-7) {
    return { location: null, flags: ['null-island'], notes: [...notes, 'GPS position is 0,0 (a placeholder): treated as no location'] };
  }
  const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    location: {
      lat: round(lat, 7), lon: round(lon, 7),
      altitudeM: altitudeM === null || !Number.isFinite(altitudeM) ? null : round(altitudeM, 2),
      accuracyM: accuracyM === null || !Number.isFinite(accuracyM) ? null : round(accuracyM, 2),
      source,
    },
    flags: [],
    notes,
  };
}

function refLetter(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const letter = value.trim().charAt(0).toUpperCase();
  return ['N', 'S', 'E', 'W'].includes(letter) ? letter : null;
}

function refByte(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value instanceof Uint8Array) return value[0] ?? null;
  if (Array.isArray(value)) return Number(value[0]);
  return null;
}

function numberOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}
