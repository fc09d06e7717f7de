import { createHash } from 'node:crypto';

/** Longest text value kept as is in an item's metadata; longer ones are summarised. */
export const METADATA_VALUE_MAX_CHARS = 16 * 1024;
/** Most entries kept in one array or object of an item's metadata. */
export const METADATA_ENTRIES_MAX = 2000;
/** Deepest nesting kept. */
const METADATA_DEPTH_MAX = 12;

/** What stands in for a value too large to copy into the database. */
export interface SummarisedValue {
  summarised: true;
  /** `text` (a long string: its length and SHA-256), `entries` (how many were dropped) or `depth`. */
  reason: 'text' | 'entries' | 'depth';
  length?: number;
  sha256?: string;
  start?: string;
}

/**
 * Bounds what an item keeps as metadata: a value read from someone else's file (a 30 MB eXIf
 * chunk, an XMP packet stuffed with a million entries) is summarised by its length, SHA-256 and
 * first characters rather than copied into the database. The original bytes stay in the vault,
 * so nothing is lost; the summary says where the rest is.
 */
export function boundMetadata<T>(value: T, depth = 0): T {
  if (typeof value === 'string') {
    if (value.length <= METADATA_VALUE_MAX_CHARS) return value;
    const summary: SummarisedValue = { summarised: true, reason: 'text', length: value.length,
      sha256: createHash('sha256').update(value).digest('hex'), start: value.slice(0, 256) };
    return summary as unknown as T;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= METADATA_DEPTH_MAX) return { summarised: true, reason: 'depth' } as unknown as T;
  if (Array.isArray(value)) {
    const kept = value.slice(0, METADATA_ENTRIES_MAX).map((entry: unknown) => boundMetadata(entry, depth + 1));
    if (value.length > METADATA_ENTRIES_MAX) kept.push({ summarised: true, reason: 'entries', length: value.length });
    return kept as unknown as T;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const bounded: Record<string, unknown> = {};
  for (const [key, entry] of entries.slice(0, METADATA_ENTRIES_MAX)) bounded[key.slice(0, 256)] = boundMetadata(entry, depth + 1);
  if (entries.length > METADATA_ENTRIES_MAX) bounded['(summarised)'] = { summarised: true, reason: 'entries', length: entries.length };
  return bounded as T;
}
