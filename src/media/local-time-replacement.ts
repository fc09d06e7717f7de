import type { EventTime } from '../domain/item.js';
import { parseDateTime, parseOffset, wallIso, type WallTime } from './exif-datetime.js';
import { resolveEventTime, type TimeEvidence } from './event-time.js';
import { isKnownZone } from './zone-placement.js';

/** The keys `resolveEventTime` adds to `raw` when it places (or cannot place) a local time. */
const PLACEMENT_KEYS = ['used', 'zone', 'daylightSaving', 'unplacedLocal', 'reason', 'localTime'];

/** A camera-local time read again in a case's new time zone. */
export interface LocalTimeReplacement {
  /** The event time read in the new zone (its raw values as found, kept). */
  eventTime: EventTime;
  /** The camera's wall-clock reading, `YYYY-MM-DDTHH:mm:ss.sss` with no zone, as the file gave it. */
  localTime: string;
  /** The tag the reading came from, when the item recorded it. */
  tag: string | null;
  /** The zone the time had been read in (null: it had not been placed). */
  fromZone: string | null;
  /** Analysis notes that spoke of the old placement (to drop) and of the new one (to add). */
  staleNotes: (note: string) => boolean;
  newNotes: string[];
  /** Flags the old placement implied that no longer hold (`no-time` once a time is placed). */
  clearedFlags: string[];
}

/**
 * Reads an item's camera-local time again in `zone`, as analysing the file in a case with that
 * zone would have. Only times that rest on the case's zone change: an EXIF local time read in
 * the case zone (`exif-local`), or a local time that could not be placed because the case had no
 * zone (kept as `raw.unplacedLocal`; the item then has no time, or a container time, which a
 * placed local time outranks). Times with their own offset, GPS, post and container times with
 * no local reading beside them are instants already: null. Null too when the zone is unchanged.
 */
export function replaceLocalTime(eventTime: EventTime | null, zone: string): LocalTimeReplacement | null {
  if (!eventTime || !isKnownZone(zone)) return null;
  const raw = (eventTime.raw ?? {}) as Record<string, unknown>;
  const reading = localReading(eventTime, raw);
  if (!reading) return null;
  if (reading.fromZone === zone) return null;
  const base = Object.fromEntries(Object.entries(raw).filter(([key]) => !PLACEMENT_KEYS.includes(key)));
  const evidence: TimeEvidence = { local: { wall: reading.wall, tag: reading.tag ?? 'camera local time' }, raw: base };
  const placed = resolveEventTime(evidence, zone);
  const before = resolveEventTime(evidence, reading.fromZone);
  const localTime = wallIso(reading.wall);
  const oldNotes = new Set(before.notes);
  return {
    eventTime: placed.eventTime,
    localTime,
    tag: reading.tag,
    fromZone: reading.fromZone,
    // Items analysed before the tag was kept name it in their note: match those by the reading.
    staleNotes: (note) => oldNotes.has(note) || (note.startsWith(`camera time ${localTime} (`) && note.includes('has no offset and the case has no time zone')),
    newNotes: placed.notes,
    clearedFlags: placed.eventTime.utc !== null ? ['no-time'] : [],
  };
}

/** The camera's local wall time an event time rests on, with the zone it was read in. */
function localReading(eventTime: EventTime, raw: Record<string, unknown>): { wall: WallTime; tag: string | null; fromZone: string | null } | null {
  const tag = typeof raw.localTag === 'string' ? raw.localTag : null;
  if (eventTime.source === 'exif-local' && typeof raw.zone === 'string') {
    const wall = wallOf(raw.localTime) ?? wallFromPlacement(eventTime.utc, raw.used);
    return wall ? { wall, tag, fromZone: raw.zone } : null;
  }
  if ((eventTime.source === 'none' || eventTime.source === 'container') && typeof raw.unplacedLocal === 'string') {
    const wall = wallOf(raw.unplacedLocal);
    return wall ? { wall, tag, fromZone: null } : null;
  }
  return null;
}

function wallOf(text: unknown): WallTime | null {
  const parsed = parseDateTime(text);
  return parsed && parsed.offsetMin === null ? parsed.wall : null;
}

/**
 * Items analysed before the local reading was kept in `raw.localTime`: the wall time is the UTC
 * chosen plus the offset it was read with, which `raw.used` names ("... read in case zone Z (+01:00)").
 */
function wallFromPlacement(utc: string | null, used: unknown): WallTime | null {
  const offset = typeof used === 'string' ? /\(([+-]\d{2}:\d{2})\)$/.exec(used)?.[1] : undefined;
  const offsetMin = offset === undefined ? null : parseOffset(offset);
  if (utc === null || offsetMin === null || Number.isNaN(Date.parse(utc))) return null;
  const wall = new Date(Date.parse(utc) + offsetMin * 60_000);
  return {
    year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(),
    hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(), millisecond: wall.getUTCMilliseconds(),
  };
}
