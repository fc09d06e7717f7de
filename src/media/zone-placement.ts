import { IANAZone } from 'luxon';
import { formatOffset, wallMs, type WallTime } from './exif-datetime.js';

/** A wall-clock time placed in a time zone. */
export interface ZonePlacement {
  /** The instant chosen, ISO UTC. */
  utc: string;
  /** The zone's offset at that instant, e.g. `+01:00`. */
  offset: string;
  /**
   * `exact`: the wall time happened once in the zone. `ambiguous`: it happened twice (clocks went
   * back), the first is chosen. `skipped`: it never happened (clocks went forward), read with the
   * offset in force before the change, as a camera whose clock was not yet moved would have.
   */
  kind: 'exact' | 'ambiguous' | 'skipped';
  /** Every instant the wall time could mean (two when ambiguous). */
  candidates: string[];
}

const knownZones = new Map<string, boolean>();

/**
 * Whether `zone` is an IANA zone this machine knows (`Europe/London`, not `BST`). Remembered per
 * name: luxon builds an Intl formatter to check, about a millisecond a call, once per photo.
 */
export function isKnownZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    known = IANAZone.isValidZone(zone);
    knownZones.set(zone, known);
  }
  return known;
}

/**
 * Places a wall time in an IANA zone, aware of daylight saving. Works from the zone's rules alone
 * (luxon with the runtime's tz data), never from the machine's own zone.
 */
export function placeInZone(wall: WallTime, zoneName: string): ZonePlacement {
  const zone = IANAZone.create(zoneName);
  if (!zone.isValid) throw new Error(`unknown time zone ${JSON.stringify(zoneName)}`);
  const local = wallMs(wall);
  // The offsets in force a day either side cover any one transition; an instant is a reading of the
  // wall time only if the zone really has that offset at that instant.
  const offsets = [...new Set([zone.offset(local - 86_400_000), zone.offset(local), zone.offset(local + 86_400_000)])];
  const fits = offsets
    .map((offsetMin) => ({ offsetMin, at: local - offsetMin * 60_000 }))
    .filter(({ offsetMin, at }) => zone.offset(at) === offsetMin)
    .sort((a, b) => a.at - b.at);
  if (fits.length > 0) {
    const first = fits[0]!;
    return {
      utc: new Date(first.at).toISOString(),
      offset: formatOffset(first.offsetMin),
      kind: fits.length > 1 ? 'ambiguous' : 'exact',
      candidates: fits.map((f) => new Date(f.at).toISOString()),
    };
  }
  // In a gap: use the offset before the change (the smaller one when clocks go forward).
  const before = zone.offset(local - 86_400_000);
  const at = local - before * 60_000;
  return { utc: new Date(at).toISOString(), offset: formatOffset(before), kind: 'skipped', candidates: [] };
}
