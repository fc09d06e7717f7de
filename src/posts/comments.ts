import type { PostComment } from '../domain/item.js';
import { elementEnd, iterateTags, textOf, type HtmlTag } from './html-scan.js';
import { MAX_COMMENTS } from './expansion-words.js';
import { normaliseTime, resolveUrl, type PageFacts } from './page-facts.js';

export { MAX_COMMENTS };

const MAX_COMMENT_CHARS = 10_000;

/** An element found in saved HTML, with the markup inside it. */
export interface ScannedElement {
  tag: HtmlTag;
  inner: string;
  /** Offset of the element's content in the document. */
  at: number;
}

/** Every element passing a test, with its inner markup (nested matches included, each whole). */
export function elementsWhere(html: string, test: (tag: HtmlTag) => boolean, limit = MAX_COMMENTS * 4): ScannedElement[] {
  const lower = html.toLowerCase();
  const out: ScannedElement[] = [];
  for (const tag of iterateTags(html)) {
    if (!test(tag)) continue;
    out.push({ tag, inner: html.slice(tag.end, elementEnd(html, tag, 400_000, lower)), at: tag.end });
    if (out.length >= limit) break;
  }
  return out;
}

/** The first element inside a fragment passing a test, with its inner markup. */
export function firstWhere(fragment: string, test: (tag: HtmlTag) => boolean): ScannedElement | null {
  return elementsWhere(fragment, test, 1)[0] ?? null;
}

function clean(text: string | null | undefined): string | null {
  const value = text?.trim();
  return value ? value.slice(0, MAX_COMMENT_CHARS) : null;
}

/** A comment with every field said (absent ones null). */
export function comment(fields: Partial<PostComment>): PostComment {
  return {
    author: clean(fields.author), handle: clean(fields.handle), publishedAt: fields.publishedAt ?? null,
    text: clean(fields.text), url: fields.url ?? null, ...(fields.timeShown ? { timeShown: fields.timeShown } : {}),
    ...(fields.depth !== undefined ? { depth: fields.depth } : {}), ...(fields.replyTo ? { replyTo: fields.replyTo } : {}),
  };
}

/**
 * Comments a page states in schema.org terms: JSON-LD `Comment` nodes (on their own, or as the
 * `comment` of the posting the page is about, replies nested as their `comment`), and microdata
 * elements of `itemtype` Comment with `author`, `dateCreated`/`datePublished`, `text`, `url`.
 */
export function schemaOrgComments(facts: PageFacts, html: string): PostComment[] {
  const out: PostComment[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (out.length >= MAX_COMMENTS || !node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    const record = node as Record<string, unknown>;
    const types = (Array.isArray(record['@type']) ? record['@type'] : [record['@type']]).filter((t) => typeof t === 'string') as string[];
    if (types.includes('Comment') || types.includes('Answer')) {
      out.push(comment({
        author: ldName(record.author) ?? (typeof record.author === 'string' ? record.author : null),
        handle: ldHandle(record.author),
        publishedAt: normaliseTime(record.dateCreated) ?? normaliseTime(record.datePublished),
        text: typeof record.text === 'string' ? record.text : typeof record.description === 'string' ? record.description : null,
        url: resolveUrl(typeof record.url === 'string' ? record.url : null, facts.pageUrl),
      }));
    }
    visit(record.comment);
    visit(record.suggestedAnswer);
    visit(record.acceptedAnswer);
  };
  for (const node of facts.jsonLd) visit(node);
  if (!/schema\.org\/(Comment|Answer)/i.test(html)) return out;
  for (const element of elementsWhere(html, (tag) => /schema\.org\/(Comment|Answer)$/i.test(tag.attrs.itemtype ?? ''))) {
    if (out.length >= MAX_COMMENTS) break;
    out.push(microdataComment(element.inner, facts.pageUrl));
  }
  return out;
}

function ldName(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (first && typeof first === 'object') {
    const name = (first as Record<string, unknown>).name;
    return typeof name === 'string' ? name : null;
  }
  return null;
}

function ldHandle(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (!first || typeof first !== 'object') return null;
  const person = first as Record<string, unknown>;
  const handle = person.alternateName ?? person.identifier;
  return typeof handle === 'string' ? handle : null;
}

/** A microdata Comment: its own itemprops (the author's name inside a nested Person, or as text). */
function microdataComment(inner: string, base: URL): PostComment {
  const prop = (name: string) => firstWhere(inner, (tag) => (tag.attrs.itemprop ?? '').split(/\s+/).includes(name));
  const author = prop('author') ?? prop('creator');
  const authorName = author ? firstWhere(author.inner, (tag) => tag.attrs.itemprop === 'name') : null;
  const time = prop('dateCreated') ?? prop('datePublished');
  const text = prop('text') ?? prop('commentText');
  const url = prop('url');
  return comment({
    author: authorName ? authorName.tag.attrs.content ?? textOf(authorName.inner) : author ? author.tag.attrs.content ?? textOf(author.inner) : null,
    publishedAt: time ? normaliseTime(time.tag.attrs.datetime ?? time.tag.attrs.content) : null,
    text: text ? text.tag.attrs.content ?? textOf(text.inner) : null,
    url: url ? resolveUrl(url.tag.attrs.href ?? url.tag.attrs.content, base) : null,
  });
}

const X_STATUS_PATH = /^\/([A-Za-z0-9_]{1,15})\/status\/(\d+)$/;

/** One post of X's rendered timeline (`article[data-testid=tweet]`): who, when, what, and its link. */
export interface XArticle {
  id: string | null;
  comment: PostComment;
}

/**
 * The posts X rendered on a page, in order: each `article` with `data-testid="tweet"`, its
 * account from the `User-Name` block (name, then `@handle`), its time from the `<time datetime>`
 * inside its own status link, its text from `tweetText`.
 */
export function xArticles(html: string, base: URL): XArticle[] {
  if (!html.includes('data-testid="tweet"')) return [];
  return elementsWhere(html, (tag) => tag.name === 'article' && tag.attrs['data-testid'] === 'tweet').map(({ inner }) => {
    const user = firstWhere(inner, (tag) => tag.attrs['data-testid'] === 'User-Name');
    const userLink = user ? firstWhere(user.inner, (tag) => tag.name === 'a' && /^\/[A-Za-z0-9_]{1,15}$/.test(tag.attrs.href ?? '')) : null;
    const statusLink = firstWhere(inner, (tag) => tag.name === 'a' && X_STATUS_PATH.test(tag.attrs.href ?? '') && /<time\b/i.test(inner.slice(tag.end, tag.end + 400)));
    const time = statusLink ? firstWhere(statusLink.inner, (tag) => tag.name === 'time') : null;
    const text = firstWhere(inner, (tag) => tag.attrs['data-testid'] === 'tweetText');
    const status = statusLink ? X_STATUS_PATH.exec(statusLink.tag.attrs.href!) : null;
    return {
      id: status?.[2] ?? null,
      comment: comment({
        author: userLink ? textOf(userLink.inner) : null,
        handle: userLink ? `@${userLink.tag.attrs.href!.slice(1)}` : null,
        publishedAt: normaliseTime(time?.tag.attrs.datetime),
        text: text ? textOf(text.inner) : null,
        // The page links `/handle/status/id` (suffixes like /photo/1 dropped): on x.com, with the page's own scheme.
        url: status ? resolveUrl(`${base.protocol === 'http:' ? 'http:' : 'https:'}//x.com/${status[1]}/status/${status[2]}`, base) : null,
      }),
    };
  });
}

/**
 * Replies on an X status page: the posts rendered after the post itself (those before it are
 * the thread it answers, not replies to it).
 */
export function xReplies(html: string, base: URL, statusId: string): PostComment[] {
  const articles = xArticles(html, base);
  const main = articles.findIndex((a) => a.id === statusId);
  return articles.slice(main + 1).filter((a) => a.id !== statusId).map((a) => a.comment).slice(0, MAX_COMMENTS);
}

/**
 * Comments on a YouTube watch page as rendered (`ytd-comment-view-model`, formerly
 * `ytd-comment-renderer`): the author link `#author-text` (YouTube shows the `@handle`), the
 * time link `#published-time-text a` (relative, "12 hours ago", whose address is the comment's
 * permalink `watch?v=…&lc=…`), and the text `#content-text`.
 */
export function youtubeComments(html: string, base: URL): PostComment[] {
  if (!/<ytd-comment-(view-model|renderer)\b/.test(html)) return [];
  return elementsWhere(html, (tag) => tag.name === 'ytd-comment-view-model' || tag.name === 'ytd-comment-renderer').slice(0, MAX_COMMENTS).map(({ inner }) => {
    const author = firstWhere(inner, (tag) => tag.attrs.id === 'author-text');
    const published = firstWhere(inner, (tag) => tag.attrs.id === 'published-time-text');
    const timeLink = published ? firstWhere(published.inner, (tag) => tag.name === 'a') : null;
    const text = firstWhere(inner, (tag) => tag.attrs.id === 'content-text');
    const shown = author ? textOf(author.inner) : '';
    const handle = /^@[\w.-]+$/.test(shown) ? shown : /^\/(@[^/?#]+)/.exec(author?.tag.attrs.href ?? '')?.[1] ?? null;
    return comment({
      author: shown || null,
      handle,
      publishedAt: null,
      timeShown: timeLink ? textOf(timeLink.inner) : published ? textOf(published.inner) : undefined,
      text: text ? textOf(text.inner) : null,
      url: resolveUrl(timeLink?.tag.attrs.href, base),
    });
  });
}
