import type { ItemSummary } from '../../review/summary-cache.js';
import type { ItemFilter } from '../contract/review.js';

/** Keeps the rows that pass every set part of the filter (text through `haystack`, read only when searched). */
export async function applyFilter(rows: ItemSummary[], filter: ItemFilter = {}, haystack: () => Promise<Map<number, string>> = async () => new Map()): Promise<ItemSummary[]> {
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const texts = words.length > 0 ? await haystack() : null;
  const kinds = filter.kinds?.length ? new Set<string>(filter.kinds) : null;
  const platforms = filter.platforms?.length ? new Set(filter.platforms) : null;
  const tags = filter.tags?.length ? filter.tags : null;
  const flags = filter.flags?.length ? filter.flags : null;
  const from = filter.from ? Date.parse(filter.from) : null;
  const to = filter.to ? Date.parse(filter.to) : null;
  const includeWithdrawn = filter.includeWithdrawn ?? true;
  const ids = filter.ids ? new Set(filter.ids) : null;
  const statuses = filter.statuses?.length ? new Set<string>(filter.statuses) : null;
  const assignees = filter.assignees?.length ? new Set(filter.assignees) : null;
  return rows.filter((row) => {
    if (ids && !ids.has(row.id)) return false;
    if (!includeWithdrawn && row.withdrawn) return false;
    if (kinds && !kinds.has(row.kind)) return false;
    if (statuses && !statuses.has(row.status)) return false;
    if (assignees && !assignees.has(row.assignee)) return false;
    if (platforms && !platforms.has(row.platform ?? '')) return false;
    if (tags && !tags.some((tag) => row.tags.includes(tag))) return false;
    if (flags && !flags.some((flag) => row.flags.includes(flag))) return false;
    if (from !== null || to !== null) {
      if (!row.eventUtc) return false;
      const at = Date.parse(row.eventUtc);
      if ((from !== null && at < from) || (to !== null && at > to)) return false;
    }
    if (filter.maxDistanceM !== undefined && (row.distanceM === null || row.distanceM > filter.maxDistanceM)) return false;
    if (texts) {
      const text = texts.get(row.id) ?? '';
      return words.every((word) => text.includes(word));
    }
    return true;
  });
}

/** How many rows hold each value, most common first. */
export function facet(rows: ItemSummary[], values: (row: ItemSummary) => (string | null)[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const value of values(row)) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
