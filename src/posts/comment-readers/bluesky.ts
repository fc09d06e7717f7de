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
 * kept as the time shown, not turned into UTC. The nesting is drawn with lines, not stated, so
 * no depth is read.
 */
export function blueskyReplies(html: string, base: URL): PostComment[] {
  if (!html.includes('postThreadItem-by-')) return [];
  const items = elementsWhere(html, (tag) => (tag.attrs['data-testid'] ?? '').startsWith('postThreadItem-by-')).map(({ inner }) => {
    const postLink = firstWhere(inner, (t) => t.name === 'a' && POST_LINK.test(t.attrs.href ?? ''));
    return { inner, postLink };
  });
  const pageRkey = /\/post\/([a-z0-9]+)/i.exec(base.pathname)?.[1];
  const main = items.findIndex((item) => !item.postLink || POST_LINK.exec(item.postLink.tag.attrs.href!)?.[2] === pageRkey);
  if (main < 0) return [];
  return items.slice(main + 1).slice(0, MAX_COMMENTS).map(({ inner, postLink }) => {
    const profileLinks = elementsWhere(inner, (t) => t.name === 'a' && /^\/profile\/[^/?#]+$/.test(t.attrs.href ?? ''), 6).map((link) => textOf(link.inner)).filter(Boolean);
    const handle = profileLinks.find((text) => text.startsWith('@')) ?? null;
    const name = profileLinks.find((text) => !text.startsWith('@')) ?? null;
    const text = firstWhere(inner, (t) => t.attrs['data-testid'] === 'postText');
    const label = postLink?.tag.attrs['aria-label'] ?? postLink?.tag.attrs.title;
    const age = postLink ? textOf(postLink.inner).replace(/^·\s*/, '') : '';
    return comment({
      author: name,
      handle,
      publishedAt: null,
      timeShown: label || age || undefined,
      text: text ? textOf(text.inner) : null,
      url: postLink ? resolveUrl(`https://bsky.app${postLink.tag.attrs.href}`, base) : null,
    });
  });
}
