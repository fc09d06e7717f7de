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

/** A zone's offset from UTC at an instant, in ms (local = UTC + offset); 0 for a zone Intl does not know. */
export function zoneOffsetMs(ms: number, zone: string): number {
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]));
    const local = Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number, parts.hour as number, parts.minute as number, parts.second as number);
    return local - Math.floor(ms / 1000) * 1000;
  } catch {
    return 0;
  }
}

/** A zone's offset from UTC at an instant, e.g. "UTC+2", "UTC−3:30", "UTC" (Intl's shortOffset, said in UTC). */
export function zoneOffset(ms: number, zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName');
    const offset = (part?.value ?? 'GMT').replace(/^GMT/, '').replace('-', '−');
    return offset && !/^[+−]0$/.test(offset) ? `UTC${offset}` : 'UTC';
  } catch {
    return '';
  }
}

/**
 * The scene's local time of an instant, as an investigator reads it beside UTC:
 * "2024-05-01 16:03:22 UTC+2". Empty when there is no time or no (valid) zone.
 */
export function formatLocal(iso: string | number | null | undefined, zone: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '' || !zone) return '';
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${zoneOffset(ms, zone)}`;
  } catch {
    return '';
  }
}

/**
 * How far an instant is from the incident, in the words of the first hour: "+12 min",
 * "−3 h 05 min", "+2 d 4 h", "+40 s", "at the incident". Empty without an incident time.
 * (U+2212 minus, so "−" does not read as a hyphen.)
 */
export function formatFromIncident(at: string | number | null | undefined, incident: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '' || incident === null || incident === undefined || incident === '') return '';
  const ms = typeof at === 'number' ? at : Date.parse(at);
  const zero = typeof incident === 'number' ? incident : Date.parse(incident);
  if (Number.isNaN(ms) || Number.isNaN(zero)) return '';
  const diff = ms - zero;
  const sign = diff < 0 ? '−' : '+';
  const s = Math.abs(diff) / 1000;
  if (s < 1) return 'at the incident';
  if (s < 60) return `${sign}${Math.floor(s)} s`;
  const totalMin = Math.floor(s / 60);
  if (totalMin < 60) return `${sign}${totalMin} min`;
  const h = Math.floor(totalMin / 60);
  const min = totalMin % 60;
  if (h < 48) return `${sign}${h} h ${String(min).padStart(2, '0')} min`;
  const d = Math.floor(h / 24);
  return `${sign}${d} d ${h % 24} h`;
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
  'proofmode-signature-invalid': 'ProofMode signature invalid',
  'proofmode-hash-mismatch': 'ProofMode hash differs',
  'outside-window': 'outside window',
  'outside-radius': 'outside radius',
  duplicate: 'duplicate',
  withdrawn: 'withdrawn',
  ungraded: 'ungraded',
  'file-changed': 'changed since sealing',
  'file-missing': 'file missing from bundle',
  'file-unreadable': 'file unreadable',
};

export function flagLabel(flag: string): string {
  return FLAG_LABEL[flag] ?? flag.replace(/-/g, ' ');
}

/** Flags that say a reviewed bundle's file fails its seal (shown in red). */
export const SEAL_FLAGS = new Set(['file-changed', 'file-missing', 'file-unreadable']);

/** Flags that call for attention (shown in amber); the rest are neutral. */
export const WARNING_FLAGS = new Set(['login-wall', 'clock-mismatch', 'duplicate', 'withdrawn', 'outside-window', 'c2pa-invalid', 'proofmode-signature-invalid', 'proofmode-hash-mismatch']);
