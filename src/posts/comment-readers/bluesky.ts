import type { PostComment } from '../../domain/item.js';
import { comment, elementsWhere, firstWhere, MAX_COMMENTS } from '../comments.js';
import { textOf } from '../html-scan.js';
import { resolveUrl } from '../page-facts.js';

const POST_LINK = /^\/profile\/([^/?#]+)\/post\/([a-z0-9]+)$/i;

/**
 * Replies on a Bluesky post page as bsky.app renders the thread: every post of the thread is a
 * `[data-testid="postThreadItem-by-{handle}"]`; the post itself is the one that does not link its
 * own address by its time (it shows its full date instead), and the items after it are its
 * replies. A reply's header (PostMeta) links the profile twice, the display name then
 * `@handle`, and links the reply (`/profile/{handle}/post/{rkey}`) by its age ("3h") with the
 * full date as its label; its text is `[data-testid="postText"]`.
 *
 * The full date is written in the capturing browser's own time zone and says no zone, so it is
 * kept as the time shown, not turned into UTC.
 *
 * Nesting is drawn, and read from what draws it (React Native Web writes these styles inline):
 * in the linear view (the default; ThreadItemPost), a reply to the post above it begins with a
 * 2 px line in the row before its avatar (ThreadItemPostParentReplyLine), and one without it
 * answers the thread's post; in the tree view (ThreadItemTreePost), each level beyond the first
 * is a column with a right border and `left: 1px` just before the item. A reply at depth d
 * answers the nearest reply above it at depth d - 1.
 */
export function blueskyReplies(html: string, base: URL): PostComment[] {
  if (!html.includes('postThreadItem-by-')) return [];
  const found = elementsWhere(html, (tag) => (tag.attrs['data-testid'] ?? '').startsWith('postThreadItem-by-'));
  const items = found.map(({ inner, at }, index) => {
    const postLink = firstWhere(inner, (t) => t.name === 'a' && POST_LINK.test(t.attrs.href ?? ''));
    const previous = found[index - 1];
    const before = html.slice(previous ? previous.at + previous.inner.length : 0, html.lastIndexOf('<', at - 1));
    return { inner, postLink, indents: treeIndents(before), parentLine: parentReplyLine(inner) };
  });
  const pageRkey = /\/post\/([a-z0-9]+)/i.exec(base.pathname)?.[1];
  const main = items.findIndex((item) => !item.postLink || POST_LINK.exec(item.postLink.tag.attrs.href!)?.[2] === pageRkey);
  if (main < 0) return [];
  const depths: number[] = [];
  const handles: (string | null)[] = [];
  return items.slice(main + 1).slice(0, MAX_COMMENTS).map(({ inner, postLink, indents, parentLine }, index) => {
    const profileLinks = elementsWhere(inner, (t) => t.name === 'a' && /^\/profile\/[^/?#]+$/.test(t.attrs.href ?? ''), 6).map((link) => textOf(link.inner)).filter(Boolean);
    const handle = profileLinks.find((text) => text.startsWith('@')) ?? null;
    const name = profileLinks.find((text) => !text.startsWith('@')) ?? null;
    const text = firstWhere(inner, (t) => t.attrs['data-testid'] === 'postText');
    const label = postLink?.tag.attrs['aria-label'] ?? postLink?.tag.attrs.title;
    const age = postLink ? textOf(postLink.inner).replace(/^·\s*/, '') : '';
    const depth = indents > 0 ? indents : parentLine && index > 0 ? depths[index - 1]! + 1 : 0;
    const parent = depth > 0 ? depths.lastIndexOf(depth - 1) : -1;
    depths.push(depth);
    handles.push(handle);
    return comment({
      author: name,
      handle,
      publishedAt: null,
      timeShown: label || age || undefined,
      text: text ? textOf(text.inner) : null,
      url: postLink ? resolveUrl(`https://bsky.app${postLink.tag.attrs.href}`, base) : null,
      depth,
      replyTo: parent >= 0 ? handles[parent] ?? undefined : undefined,
    });
  });
}

/** An inline style's property (`width`, not `border-left-width`) with a value. */
function hasStyle(tag: { attrs: Record<string, string> }, property: string, value: RegExp): boolean {
  const style = tag.attrs.style ?? '';
  return new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*${value.source}\\s*(?:;|$)`, 'i').test(style);
}

/** The linear view's line from the post above: a 2 px wide element before the item's first link (its avatar). */
function parentReplyLine(inner: string): boolean {
  const head = inner.slice(0, Math.max(0, inner.search(/<a\b/i)));
  return firstWhere(head, (t) => hasStyle(t, 'width', /2px/)) !== null;
}

/** The tree view's indent columns just before an item: a right border (0 or 2 px) and `left: 1px`. */
function treeIndents(before: string): number {
  return elementsWhere(before, (t) => hasStyle(t, 'left', /1px/) && hasStyle(t, 'border-right-width', /\d+px/), 64).length;
}
