import type { Post } from '../domain/item.js';
import { schemaOrgComments } from './comments.js';
import { meta, metaAll, normaliseTime, resolveUrl, type PageFacts } from './page-facts.js';

/** JSON-LD types that describe a post, article or video: the thing a page is about. */
const postTypes = ['SocialMediaPosting', 'DiscussionForumPosting', 'BlogPosting', 'LiveBlogPosting', 'NewsArticle', 'ReportageNewsArticle', 'Article', 'VideoObject', 'ImageObject'];

function types(node: Record<string, unknown>): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

/** The JSON-LD node the page is about: the first of the most specific post type present. */
export function mainJsonLd(facts: PageFacts): Record<string, unknown> | null {
  for (const type of postTypes) {
    const node = facts.jsonLd.find((candidate) => types(candidate).includes(type));
    if (node) return node;
  }
  return null;
}

/** A person's (or organisation's) name from a JSON-LD author value. */
export function personName(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim() || null;
  if (first && typeof first === 'object') {
    const name = (first as Record<string, unknown>).name;
    if (typeof name === 'string' && name.trim()) return name.trim();
  }
  return null;
}

function personHandle(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (!first || typeof first !== 'object') return null;
  const person = first as Record<string, unknown>;
  for (const key of ['alternateName', 'identifier']) {
    const v = person[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

function urlsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(urlsOf);
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    return [node.contentUrl, node.url].flatMap((v) => (typeof v === 'string' ? [v] : []));
  }
  return [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** Unique absolute URLs, in order. */
export function uniqueUrls(values: (string | null | undefined)[], base: URL): string[] {
  return [...new Set(values.map((v) => resolveUrl(v, base)).filter((v): v is string => v !== null))];
}

/**
 * A post read from what any page may state about itself: schema.org JSON-LD, OpenGraph,
 * Twitter cards, author meta tags, `<time datetime>` and the canonical link.
 */
export function genericPost(facts: PageFacts, html = ''): Post {
  const ld = mainJsonLd(facts);
  const comments = schemaOrgComments(facts, html);
  const creator = meta(facts, 'twitter:creator');
  const metaAuthor = meta(facts, 'author', 'article:author');
  const published =
    normaliseTime(ld?.datePublished) ?? normaliseTime(ld?.uploadDate) ?? normaliseTime(ld?.dateCreated) ??
    normaliseTime(meta(facts, 'article:published_time', 'og:published_time', 'datepublished', 'uploaddate')) ??
    facts.times.map(normaliseTime).find((t) => t !== null) ?? null;
  return {
    platform: null,
    url: facts.canonical ?? resolveUrl(meta(facts, 'og:url'), facts.pageUrl) ?? resolveUrl(text(ld?.url), facts.pageUrl) ?? facts.pageUrl.href,
    author: personName(ld?.author) ?? (metaAuthor && !/^https?:/.test(metaAuthor) ? metaAuthor : null),
    handle: personHandle(ld?.author) ?? (creator?.startsWith('@') ? creator : null),
    publishedAt: published,
    text: text(ld?.articleBody) ?? text(ld?.text) ?? text(ld?.description) ?? meta(facts, 'og:description', 'twitter:description', 'description'),
    mediaUrls: uniqueUrls([
      ...metaAll(facts, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'),
      // An og:video of type text/html is an embeddable player page, not a video file.
      ...(meta(facts, 'og:video:type') === 'text/html' ? [] : metaAll(facts, 'og:video', 'og:video:url', 'og:video:secure_url', 'twitter:player:stream')),
      ...urlsOf(ld?.image), ...urlsOf(ld?.contentUrl), ...urlsOf(ld?.video),
    ], facts.pageUrl),
    ...(comments.length > 0 ? { comments } : {}),
  };
}
