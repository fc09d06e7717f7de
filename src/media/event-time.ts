import type { EventTime } from '../domain/item.js';
import { formatOffset, wallIso, wallMs, type WallTime } from './exif-datetime.js';
import { isKnownZone, placeInZone } from './zone-placement.js';

/**
 * What a file says about when it was made, gathered before any choice is made. Each piece keeps
 * the tag it came from and the raw value(s) as found.
 */
export interface TimeEvidence {
  /** A wall time with its explicit offset (EXIF OffsetTimeOriginal, Apple creationdate). */
  withOffset?: { wall: WallTime; offsetMin: number; tag: string };
  /** A UTC stamp from GPS. */
  gpsUtc?: { utc: string; tag: string };
  /** GPS date and time tags present but not a real date and time (kept in `raw`). */
  gpsUnreadable?: { tag: string };
  /** A wall time with no zone (EXIF DateTimeOriginal alone). */
  local?: { wall: WallTime; tag: string };
  /** A container time (MP4/MOV creation_time): meant to be UTC, often local in practice. */
  containerUtc?: { utc: string; tag: string };
  /** A platform's published time (from a captured post). */
  postUtc?: { utc: string; tag: string };
  /** The raw tag values the pieces were read from, kept as found. */
  raw: Record<string, unknown>;
}

/** The chosen event time, the flags it implies and remarks for the investigator. */
export interface ResolvedTime {
  eventTime: EventTime;
  flags: string[];
  notes: string[];
}

/** Camera clock and GPS may differ by this much before we call it a mismatch. */
export const CLOCK_MISMATCH_MS = 2 * 60_000;

/**
 * Chooses an event time: explicit offset, then GPS UTC, then local time read in the case's zone,
 * then container time, then post time, else none. When the camera clock and the GPS stamp differ
 * by more than two minutes the first is kept and `clock-mismatch` is flagged. A local time with no
 * zone to read it in is not placed (source `none`, the local time kept in `raw`): guessing a zone
 * would give a time that looks exact and is not.
 */
export function resolveEventTime(given: TimeEvidence, caseZone: string | null): ResolvedTime {
  const raw: Record<string, unknown> = { ...given.raw };
  const notes: string[] = [];
  const flags: string[] = [];
  const evidence = saneEvidence(given, raw, flags, notes);
  // The camera's own reading and its tag, kept whatever is chosen: a later change of the case's
  // zone reads it again (see local-time-replacement.ts).
  if (evidence.local) raw.localTag = evidence.local.tag;
  const zone = caseZone && isKnownZone(caseZone) ? caseZone : null;
  if (caseZone && !zone) notes.push(`case time zone ${JSON.stringify(caseZone)} is not a known IANA zone: local camera times not placed`);

  const offsetUtc = evidence.withOffset
    ? new Date(wallMs(evidence.withOffset.wall) - evidence.withOffset.offsetMin * 60_000).toISOString()
    : null;
  const placed = evidence.local && zone ? placeInZone(evidence.local.wall, zone) : null;

  const mismatch = clockMismatch(evidence, offsetUtc, raw);
  if (mismatch) {
    flags.push('clock-mismatch');
    raw.clockMismatch = mismatch;
    notes.push(`camera clock and GPS time differ (${mismatch.detail}): the ${mismatch.kept} time is kept`);
  }

  let eventTime: EventTime;
  if (evidence.withOffset && offsetUtc) {
    raw.used = `${evidence.withOffset.tag} with offset ${formatOffset(evidence.withOffset.offsetMin)}`;
    eventTime = { utc: offsetUtc, source: 'exif-offset', confidence: 'high', raw };
  } else if (evidence.gpsUtc) {
    raw.used = evidence.gpsUtc.tag;
    eventTime = { utc: evidence.gpsUtc.utc, source: 'gps', confidence: 'high', raw };
    if (placed && typeof raw.gpsImpliedOffset === 'string' && raw.gpsImpliedOffset !== placed.offset) {
      notes.push(`camera local time implies UTC${raw.gpsImpliedOffset}, not the case zone's ${placed.offset}: taken elsewhere, or the camera was set to another zone`);
    }
  } else if (evidence.local && placed && zone) {
    raw.used = `${evidence.local.tag} read in case zone ${zone} (${placed.offset})`;
    raw.zone = zone;
    raw.localTime = wallIso(evidence.local.wall);
    let confidence: EventTime['confidence'] = 'medium';
    if (placed.kind !== 'exact') {
      confidence = 'low';
      raw.daylightSaving = placed.kind === 'ambiguous'
        ? { kind: 'ambiguous', candidates: placed.candidates, chosen: placed.utc }
        : { kind: 'skipped', chosen: placed.utc };
      notes.push(placed.kind === 'ambiguous'
        ? `local time ${wallIso(evidence.local.wall)} happened twice in ${zone} (clocks went back): the first, ${placed.utc}, is used`
        : `local time ${wallIso(evidence.local.wall)} never happened in ${zone} (clocks went forward): read with the earlier offset ${placed.offset}`);
    }
    eventTime = { utc: placed.utc, source: 'exif-local', confidence, raw };
  } else if (evidence.containerUtc) {
    raw.used = evidence.containerUtc.tag;
    if (evidence.local && !zone) raw.unplacedLocal = wallIso(evidence.local.wall);
    eventTime = { utc: evidence.containerUtc.utc, source: 'container', confidence: 'low', raw };
  } else if (evidence.postUtc) {
    raw.used = evidence.postUtc.tag;
    eventTime = { utc: evidence.postUtc.utc, source: 'post', confidence: 'medium', raw };
  } else {
    if (evidence.local) {
      raw.unplacedLocal = wallIso(evidence.local.wall);
      raw.reason = 'local time with no offset, and the case has no time zone to read it in';
      notes.push(`camera time ${wallIso(evidence.local.wall)} (${evidence.local.tag}) has no offset and the case has no time zone: not placed until the case is given the scene's time zone`);
    }
    eventTime = { utc: null, source: 'none', confidence: 'none', raw };
    flags.push('no-time');
  }
  return { eventTime, flags, notes };
}

/** GPS receivers in cameras and phones date from the late 1990s; an earlier GPS date is a receiver fault (week rollover, unset). */
const FIRST_PLAUSIBLE_GPS_YEAR = 1995;
/** How far a GPS stamp may be from the camera's date before one of them is wrong. */
const GPS_CAMERA_DAY_MS = 24 * 3_600_000;
/** Offsets zones have (-12 h to +14 h): a local wall time may be this far from UTC and still agree. */
const MAX_ZONE_MS = 14 * 3_600_000;

/**
 * Sanity before trust. A camera clock at a default (1970-01-01, 1980-01-01, 2000-01-01: a clock
 * never set, or reset with its battery) is not a time; nor is a GPS stamp that does not parse, that
 * lies before GPS was in cameras or after 2100, or that is more than a day from the camera's date.
 * Each is left out of the choice, kept in `raw`, flagged and explained; the next source is used.
 */
function saneEvidence(evidence: TimeEvidence, raw: Record<string, unknown>, flags: string[], notes: string[]): TimeEvidence {
  const sane: TimeEvidence = { ...evidence };
  const camera = sane.withOffset ?? sane.local;
  if (camera && isDefaultClock(camera.wall)) {
    delete sane.withOffset;
    delete sane.local;
    raw.cameraTimeInvalid = { tag: camera.tag, value: wallIso(camera.wall), reason: 'a camera clock default (never set, or reset)' };
    flags.push('camera-clock-default');
    notes.push(`camera time ${wallIso(camera.wall)} (${camera.tag}) is a clock's default, not when the photo was taken: not used`);
  }
  let gpsProblem: string | null = null;
  if (sane.gpsUnreadable) gpsProblem = 'does not parse as a real date and time';
  else if (sane.gpsUtc) {
    const gps = Date.parse(sane.gpsUtc.utc);
    const year = new Date(gps).getUTCFullYear();
    const kept = sane.withOffset ?? sane.local;
    if (year < FIRST_PLAUSIBLE_GPS_YEAR || year > 2100) gpsProblem = `${sane.gpsUtc.utc} is outside the plausible range (${FIRST_PLAUSIBLE_GPS_YEAR}-2100)`;
    else if (kept) {
      const camUtc = sane.withOffset ? wallMs(sane.withOffset.wall) - sane.withOffset.offsetMin * 60_000 : wallMs(kept.wall);
      const allowed = GPS_CAMERA_DAY_MS + (sane.withOffset ? 0 : MAX_ZONE_MS);
      if (Math.abs(camUtc - gps) > allowed) gpsProblem = `${sane.gpsUtc.utc} is more than a day from the camera's ${wallIso(kept.wall)} (${kept.tag})`;
    }
  }
  if (gpsProblem) {
    const tag = sane.gpsUtc?.tag ?? sane.gpsUnreadable?.tag ?? 'GPS';
    raw.gpsTimeInvalid = { tag, reason: gpsProblem, ...(sane.gpsUtc ? { value: sane.gpsUtc.utc } : {}) };
    delete sane.gpsUtc;
    delete sane.gpsUnreadable;
    flags.push('gps-time-invalid');
    notes.push(`GPS time (${tag}) ${gpsProblem}: not used for the event time`);
  }
  return sane;
}

function isDefaultClock(wall: WallTime): boolean {
  if (wall.year <= 1970) return true;
  const date = `${wall.year}-${wall.month}-${wall.day}`;
  return date === '1980-1-1' || date === '2000-1-1';
}

interface Mismatch {
  kept: 'camera' | 'GPS';
  differenceS: number;
  detail: string;
}

/**
 * Camera clock against GPS. A camera time with an explicit offset is an instant and is compared
 * directly. A local time's zone is not known for sure (the case zone is an assumption: the photo
 * may come from elsewhere), so it is compared modulo whole quarter hours, the offsets zones have:
 * a difference that is no real offset is a clock that was wrong. A whole-offset difference is
 * kept in `raw.gpsImpliedOffset`, which says where the camera's clock was set.
 */
function clockMismatch(evidence: TimeEvidence, offsetUtc: string | null, raw: Record<string, unknown>): Mismatch | null {
  if (!evidence.gpsUtc) return null;
  const gps = Date.parse(evidence.gpsUtc.utc);
  if (offsetUtc) {
    const diff = Date.parse(offsetUtc) - gps;
    if (Math.abs(diff) <= CLOCK_MISMATCH_MS) return null;
    return { kept: 'camera', differenceS: Math.round(diff / 1000), detail: `camera ${offsetUtc}, GPS ${evidence.gpsUtc.utc}` };
  }
  if (!evidence.local) return null;
  const diff = wallMs(evidence.local.wall) - gps;
  const quarter = 15 * 60_000;
  const nearest = Math.round(diff / quarter) * quarter;
  const realOffset = nearest >= -12 * 3_600_000 && nearest <= 14 * 3_600_000;
  if (realOffset && Math.abs(diff - nearest) <= CLOCK_MISMATCH_MS) {
    raw.gpsImpliedOffset = formatOffset(nearest / 60_000);
    return null;
  }
  return {
    kept: 'GPS',
    differenceS: Math.round(diff / 1000),
    detail: `local ${wallIso(evidence.local.wall)} is no whole time-zone offset from GPS ${evidence.gpsUtc.utc}`,
  };
}
