import { isRealWallTime, type WallTime } from './exif-datetime.js';

/**
 * DJI drones write where and when each frame was taken as subtitle text (an SRT beside the video,
 * and the same text in the video's subtitle track). ExifTool (13.50) decodes the track's text but
 * reads a place from it only for the oldest layout in a QuickTime `text` track, and no time from
 * any; the text is plain, so it is read here. Layouts, by model (samples in test/fixtures/field-cameras):
 * - `FrameCnt: 1, DiffTime: 33ms` / `SrtCnt : 1, ...` then `2022-08-07 13:40:40,774,808` and
 *   `[latitude: 41.424724] [longitude: 2.234156] [altitude: 117.0]` or `[rel_alt: .. abs_alt: ..]`
 *   (Mavic Air 2, Air 2S, Mavic 3, Mini 3/4);
 * - `2022.06.21 16:06:17` then `GPS(36.6146,-6.1120,0.0M)`: latitude first (Matrice 300, P4 RTK);
 * - `F/2.8, SS 30.15, ISO 260, ... GPS (-121.7458, 48.0771, 17)`: longitude first, no date
 *   (Phantom 4, Mavic Pro, Mavic Mini).
 * The time is the drone's own clock, set from the pilot's phone: a local time without a zone.
 */
export interface DjiSubtitle {
  /** The drone clock's wall time of this frame, when the layout has one. */
  wall: WallTime | null;
  lat: number | null;
  lon: number | null;
  altitudeM: number | null;
  layout: 'bracketed' | 'dated-gps' | 'camera-line';
}

const NUMBER = '[-+]?\\d+(?:\\.\\d+)?';
const BRACKETED_TIME = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,3}))?/;
const DOTTED_TIME = /(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})/;

/** One subtitle's text (one frame) read as DJI telemetry; null when it is not a DJI layout. */
export function parseDjiSubtitle(text: string): DjiSubtitle | null {
  const lat = new RegExp(`\\[latitude\\s*:\\s*(${NUMBER})\\]`).exec(text);
  const lon = new RegExp(`\\[longitude\\s*:\\s*(${NUMBER})\\]`).exec(text);
  if (lat && lon && /(FrameCnt|SrtCnt)\s*:\s*\d+/.test(text)) {
    const altitude = new RegExp(`abs_alt\\s*:\\s*(${NUMBER})`).exec(text) ?? new RegExp(`\\[altitude\\s*:\\s*(${NUMBER})\\]`).exec(text);
    return { wall: wallOf(BRACKETED_TIME.exec(text)), lat: Number(lat[1]), lon: Number(lon[1]), altitudeM: altitude ? Number(altitude[1]) : null, layout: 'bracketed' };
  }
  const dated = new RegExp(`GPS\\((${NUMBER}),(${NUMBER}),(${NUMBER})M?\\)`).exec(text);
  const date = DOTTED_TIME.exec(text);
  if (dated && date) return { wall: wallOf(date), lat: Number(dated[1]), lon: Number(dated[2]), altitudeM: Number(dated[3]), layout: 'dated-gps' };
  const camera = new RegExp(`GPS \\((${NUMBER}),\\s*(${NUMBER})(?:,\\s*(${NUMBER}))?\\)`).exec(text);
  if (camera && /\bISO \d+/.test(text)) {
    return { wall: null, lat: Number(camera[2]), lon: Number(camera[1]), altitudeM: null, layout: 'camera-line' };
  }
  return null;
}

function wallOf(match: RegExpExecArray | null): WallTime | null {
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms] = match;
  const wall: WallTime = {
    year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s),
    millisecond: ms ? Number(ms.padEnd(3, '0')) : 0,
  };
  return isRealWallTime(wall) ? wall : null;
}
