import { decodeEntities, iterateTags, rawContent, type HtmlTag } from './html-scan.js';

/** What a page states about itself in machine-readable form, read once for all extractors. */
export interface PageFacts {
  /** The address the page was captured from (after redirects). */
  pageUrl: URL;
  /** `<meta property|name|itemprop=... content=...>` by lower-cased key, in document order. */
  metas: Map<string, string[]>;
  /** `<link rel=canonical href>` resolved against the page. */
  canonical: string | null;
  /** Every JSON-LD object, with `@graph` members flattened. */
  jsonLd: Record<string, unknown>[];
  /** `<time datetime>` values in document order. */
  times: string[];
  title: string | null;
  lang: string | null;
}

const MAX_JSON_LD_CHARS = 2 * 1024 * 1024;

/** Reads meta tags, canonical link, JSON-LD, <time> and title from saved HTML. */
export function readPageFacts(html: string, pageUrl: string): PageFacts {
  const facts: PageFacts = { pageUrl: new URL(pageUrl), metas: new Map(), canonical: null, jsonLd: [], times: [], title: null, lang: null };
  for (const tag of iterateTags(html)) readTag(html, tag, facts);
  return facts;
}

function readTag(html: string, tag: HtmlTag, facts: PageFacts): void {
  const { attrs } = tag;
  switch (tag.name) {
    case 'html':
      facts.lang ??= attrs.lang || null;
      break;
    case 'meta': {
      const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? '').toLowerCase();
      const value = attrs.content;
      if (key && value !== undefined) facts.metas.set(key, [...(facts.metas.get(key) ?? []), value.trim()]);
      break;
    }
    case 'link':
      if ((attrs.rel ?? '').toLowerCase().split(/\s+/).includes('canonical') && attrs.href && facts.canonical === null) {
        facts.canonical = resolveUrl(attrs.href, facts.pageUrl);
      }
      break;
    case 'time':
      if (attrs.datetime) facts.times.push(attrs.datetime.trim());
      break;
    case 'title':
      facts.title ??= decodeEntities(rawContent(html, tag)).replace(/\s+/g, ' ').trim() || null;
      break;
    case 'script':
      if ((attrs.type ?? '').toLowerCase() === 'application/ld+json') facts.jsonLd.push(...parseJsonLd(rawContent(html, tag)));
      break;
  }
}

function parseJsonLd(text: string): Record<string, unknown>[] {
  if (text.length > MAX_JSON_LD_CHARS) return [];
  let value: unknown;
  try {
    value = JSON.parse(text.trim());
  } catch {
    return [];
  }
  const out: Record<string, unknown>[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 4 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, depth + 1));
    const object = node as Record<string, unknown>;
    out.push(object);
    if (object['@graph']) visit(object['@graph'], depth + 1);
  };
  visit(value, 0);
  return out;
}

/** An absolute http(s) URL for a reference found on the page, or null. */
export function resolveUrl(reference: string | null | undefined, base: URL): string | null {
  if (!reference) return null;
  try {
    const url = new URL(reference.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The first meta value for any of the keys. */
export function meta(facts: PageFacts, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = facts.metas.get(key)?.find((v) => v !== '');
    if (value) return value;
  }
  return null;
}

/** Every meta value for the keys, in order. */
export function metaAll(facts: PageFacts, ...keys: string[]): string[] {
  return keys.flatMap((key) => facts.metas.get(key) ?? []).filter((v) => v !== '');
}

/**
 * A publication time as ISO 8601 UTC when it states its zone (or is UTC), the bare date
 * `YYYY-MM-DD` when only a date is known; null otherwise. A date-time without a zone is not
 * guessed into one.
 */
export function normaliseTime(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 1e9 && value < 1e11) return new Date(value * 1000).toISOString();
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null;
  const ms = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
