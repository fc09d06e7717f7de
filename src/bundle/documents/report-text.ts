import { DateTime } from 'luxon';

/** HTML text, escaped: everything shown in the report comes from someone else. */
export function htmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** A UTC time with its wall-clock time in the case's zone, when the case has one. */
export function timeWithZone(utc: string | null | undefined, zone: string | null): string {
  if (!utc) return 'unknown';
  if (!zone) return `${utc} (UTC)`;
  const local = DateTime.fromISO(utc, { zone: 'utc' }).setZone(zone);
  return local.isValid ? `${utc} (UTC) = ${local.toFormat("yyyy-MM-dd HH:mm:ss ZZ")} ${zone}` : `${utc} (UTC)`;
}

/** A byte count for people. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
