/** Display helpers: every time is shown in UTC with its zone said, and optionally in the case's zone. */

export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The same instant in an IANA zone (the scene's), e.g. "14:03:22 Europe/Kyiv". */
export function formatInZone(iso: string | null | undefined, zone: string | null | undefined): string {
  if (!iso || !zone) return '';
  try {
    const text = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(iso));
    return `${text} ${zone}`;
  } catch {
    return '';
  }
}

export function formatDistance(m: number | null | undefined): string {
  if (m === null || m === undefined) return '—';
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(m < 10_000 ? 2 : 0)} km`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u += 1;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(1)} ${units[u]}`;
}

/** How an event-time source reads in a table cell. */
export const EVENT_SOURCE_SHORT: Record<string, string> = {
  'exif-offset': 'EXIF+offset',
  gps: 'GPS UTC',
  'exif-local': 'EXIF local (inferred)',
  container: 'container',
  post: 'post time',
  none: 'none',
};

/** Words for flags, stored and derived. */
export const FLAG_LABEL: Record<string, string> = {
  'login-wall': 'login wall',
  'no-time': 'no time',
  'clock-mismatch': 'clock mismatch',
  'c2pa-invalid': 'C2PA invalid',
  'outside-window': 'outside window',
  'outside-radius': 'outside radius',
  duplicate: 'duplicate',
  withdrawn: 'withdrawn',
  ungraded: 'ungraded',
};

export function flagLabel(flag: string): string {
  return FLAG_LABEL[flag] ?? flag.replace(/-/g, ' ');
}

/** Flags that call for attention (shown in amber); the rest are neutral. */
export const WARNING_FLAGS = new Set(['login-wall', 'clock-mismatch', 'duplicate', 'withdrawn', 'outside-window']);
