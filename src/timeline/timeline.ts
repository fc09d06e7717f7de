import type { ItemView } from '../items/item-view.js';

/** One row of a case timeline. */
export interface TimelineRow {
  itemId: number;
  kind: string;
  name: string | null;
  sha256: string;
  eventTimeUtc: string | null;
  eventTimeSource: string;
  acquiredAt: string;
  lat: number | null;
  lon: number | null;
  distanceM: number | null;
  withinWindow: boolean | null;
  flags: string[];
  sourceUrl: string | null;
}

/**
 * Orders items by event time; items with no event time come last, by acquired time. `from` and
 * `to` (ISO, inclusive) keep only items whose event time falls between them.
 */
export function buildTimeline(items: ItemView[], range: { from?: string | null; to?: string | null } = {}): TimelineRow[] {
  const from = range.from ? Date.parse(range.from) : null;
  const to = range.to ? Date.parse(range.to) : null;
  const inRange = (item: ItemView) => {
    if (from === null && to === null) return true;
    const utc = item.eventTime?.utc;
    if (!utc) return false;
    const at = Date.parse(utc);
    return (from === null || at >= from) && (to === null || at <= to);
  };
  const key = (item: ItemView) => item.eventTime?.utc ?? null;
  return items
    .filter(inRange)
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka && kb) return Date.parse(ka) - Date.parse(kb) || a.id - b.id;
      if (ka) return -1;
      if (kb) return 1;
      return a.acquiredAt.localeCompare(b.acquiredAt) || a.id - b.id;
    })
    .map((item) => ({
      itemId: item.id,
      kind: item.kind,
      name: item.title ?? item.originalName ?? item.sourceUrl,
      sha256: item.sha256,
      eventTimeUtc: item.eventTime?.utc ?? null,
      eventTimeSource: item.eventTime?.source ?? 'none',
      acquiredAt: item.acquiredAt,
      lat: item.location?.lat ?? null,
      lon: item.location?.lon ?? null,
      distanceM: item.scene?.distanceM ?? null,
      withinWindow: item.withinWindow,
      flags: item.flags,
      sourceUrl: item.sourceUrl,
    }));
}

const CSV_COLUMNS: (keyof TimelineRow)[] = [
  'itemId', 'kind', 'name', 'sha256', 'eventTimeUtc', 'eventTimeSource', 'acquiredAt', 'lat', 'lon', 'distanceM', 'withinWindow', 'flags', 'sourceUrl',
];

/** The timeline as RFC 4180 CSV (with a header line; fields quoted where needed). */
export function timelineCsv(rows: TimelineRow[]): string {
  const cell = (value: unknown): string => {
    const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value);
    // A leading = + - @ would be run as a formula by spreadsheets: prefix it so it stays text.
    const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n';
}
