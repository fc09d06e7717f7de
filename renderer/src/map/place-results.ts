/** One place a search found. */
export interface FoundPlace {
  name: string;
  lat: number;
  lon: number;
  /** South, north, west, east, when the service gave them. */
  box: [number, number, number, number] | null;
}

/** Reads a Nominatim-style answer defensively: it comes from a server on the network. */
export function readPlaces(body: unknown): FoundPlace[] {
  if (!Array.isArray(body)) return [];
  return body.slice(0, 8).flatMap((entry: unknown) => {
    const e = entry as { display_name?: unknown; lat?: unknown; lon?: unknown; boundingbox?: unknown };
    const lat = Number(e.lat);
    const lon = Number(e.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return [];
    const box = Array.isArray(e.boundingbox) && e.boundingbox.length === 4 ? e.boundingbox.map(Number) : null;
    return [{ name: String(e.display_name ?? `${lat}, ${lon}`).slice(0, 300), lat, lon, box: box && box.every(Number.isFinite) ? (box as FoundPlace['box']) : null }];
  });
}
