import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boundMetadata, METADATA_ENTRIES_MAX, METADATA_VALUE_MAX_CHARS } from '../../../src/items/bounded-metadata.js';

describe('boundMetadata', () => {
  it('summarises a 30 MB text value by length, SHA-256 and start', () => {
    const huge = 'x'.repeat(30 * 1024 * 1024);
    const bounded = boundMetadata({ raw: { exif: huge, Make: 'Canon' } });
    expect(bounded.raw.Make).toBe('Canon');
    expect(bounded.raw.exif).toEqual({ summarised: true, reason: 'text', length: huge.length, sha256: createHash('sha256').update(huge).digest('hex'), start: 'x'.repeat(256) });
    expect(JSON.stringify(bounded).length).toBeLessThan(1000);
  });

  it('keeps values up to the limit, and cuts long arrays and objects with a count', () => {
    const edge = 'y'.repeat(METADATA_VALUE_MAX_CHARS);
    expect(boundMetadata({ edge }).edge).toBe(edge);
    const list = boundMetadata(Array.from({ length: METADATA_ENTRIES_MAX + 5 }, (_, i) => i)) as unknown[];
    expect(list).toHaveLength(METADATA_ENTRIES_MAX + 1);
    expect(list.at(-1)).toEqual({ summarised: true, reason: 'entries', length: METADATA_ENTRIES_MAX + 5 });
    const wide = boundMetadata(Object.fromEntries(Array.from({ length: METADATA_ENTRIES_MAX + 1 }, (_, i) => [`k${i}`, i])));
    expect(wide['(summarised)']).toEqual({ summarised: true, reason: 'entries', length: METADATA_ENTRIES_MAX + 1 });
  });

  it('stops deep nesting', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i += 1) deep = { deep };
    expect(JSON.stringify(boundMetadata(deep))).toContain('"reason":"depth"');
  });
});
