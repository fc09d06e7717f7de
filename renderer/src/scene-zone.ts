import tzLookup from '@photostructure/tz-lookup';

/**
 * The IANA time zone at a place, looked up offline (@photostructure/tz-lookup: a 73 KB table in
 * the renderer's bundle, no network and no Node fs, so it works the same in Electron and browser
 * mode). At sea it answers an Etc/GMT±N zone. Null for coordinates it cannot read.
 */
export function sceneZone(lat: number, lon: number): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  try {
    return tzLookup(lat, lon);
  } catch {
    return null;
  }
}
