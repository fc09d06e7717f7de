import type { ItemFilter, ItemSummary } from '@api/contract/review';

type Facet = { value: string; count: number }[];

/** A bundle's rows narrowed by the same filter the case screens use (done here: a bundle is read whole). */
export function filterBundleRows(rows: ItemSummary[], texts: Map<number, string>, filter: ItemFilter): ItemSummary[] {
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const from = filter.from ? Date.parse(filter.from) : null;
  const to = filter.to ? Date.parse(filter.to) : null;
  const has = (list: string[] | undefined, value: string | null) => !list?.length || (value !== null && list.includes(value));
  return rows.filter((row) => {
    if (filter.includeWithdrawn === false && row.withdrawn) return false;
    if (!has(filter.kinds, row.kind) || !has(filter.platforms, row.platform)) return false;
    if (!has(filter.statuses, row.status)) return false;
    if (filter.assignees?.length && !filter.assignees.includes(row.assignee)) return false;
    if (filter.tags?.length && !filter.tags.some((tag) => row.tags.includes(tag))) return false;
    if (filter.flags?.length && !filter.flags.some((flag) => row.flags.includes(flag))) return false;
    if (from !== null || to !== null) {
      const at = row.eventUtc ? Date.parse(row.eventUtc) : null;
      if (at === null || (from !== null && at < from) || (to !== null && at > to)) return false;
    }
    if (filter.maxDistanceM !== undefined && (row.distanceM === null || row.distanceM > filter.maxDistanceM)) return false;
    const text = texts.get(row.id) ?? '';
    return words.every((word) => text.includes(word));
  });
}

function count(values: (string | null)[]): Facet {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** The values present in a bundle, for the filter controls. */
export function bundleFacets(rows: ItemSummary[]) {
  return {
    kinds: count(rows.map((r) => r.kind)),
    platforms: count(rows.map((r) => r.platform)),
    tags: count(rows.flatMap((r) => r.tags)),
    flags: count(rows.flatMap((r) => r.flags)),
    statuses: count(rows.map((r) => r.status)),
    assignees: count(rows.map((r) => r.assignee)),
  };
}
