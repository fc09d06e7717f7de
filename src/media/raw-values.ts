/**
 * Makes tag values safe to store as JSON while keeping them as found: byte arrays become hex (or
 * their length when long), non-finite numbers become strings, deep or huge structures are cut.
 */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > 2000 ? `${value.slice(0, 2000)}... (${value.length} chars)` : value.replace(/\0+$/, '');
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) {
    return value.length <= 64 ? { hex: Buffer.from(value).toString('hex') } : { bytes: value.length };
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= 6) return '(nested too deep)';
  if (Array.isArray(value)) return value.slice(0, 256).map((v) => jsonSafe(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>).slice(0, 512)) out[key] = jsonSafe(v, depth + 1);
    return out;
  }
  return String(value);
}

/** The first value that is a non-empty string, trimmed (tags often end in NULs or spaces). */
export function firstText(...values: unknown[]): string | null {
  for (const value of values) {
    const text = textOf(value);
    if (text) return text;
  }
  return null;
}

/** A tag value as text: strings trimmed, XMP language alternatives and lists flattened. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.replace(/\0+$/, '').trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(textOf).filter((v): v is string => v !== null);
    return parts.length > 0 ? parts.join('; ') : null;
  }
  if (value && typeof value === 'object') {
    // XMP lang-alt: { lang: 'x-default', value: '...' } or { 'x-default': '...' }.
    const record = value as Record<string, unknown>;
    return textOf(record.value ?? record['x-default'] ?? null);
  }
  return null;
}
