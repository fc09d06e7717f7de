import type { PostComment } from '../../domain/item.js';
import { comment, elementsWhere, firstWhere, MAX_COMMENTS } from '../comments.js';
import { hasClass, textOf, type HtmlTag } from '../html-scan.js';
import { normaliseTime, resolveUrl } from '../page-facts.js';
import { ancestorsWithin, ownPart } from './thread.js';

/**
 * Comments on a Reddit post page, in either of Reddit's two renderings:
 *
 * - new Reddit (`www.reddit.com`): each comment is a `<shreddit-comment>` whose attributes carry
 *   `author`, `thingid` (`t1_…`), `parentid` (the comment or post it answers), `depth` (0 for a
 *   comment on the post), `permalink` and `created` (ISO with `+0000`); the text is in
 *   `<div id="{thingid}-comment-rtjson-content">` (the `slot="comment"` div). Replies are rendered
 *   inside the comment they answer.
 * - old Reddit (`old.reddit.com`): each comment is a `div.thing.comment` with `data-author`,
 *   `data-fullname` and `data-permalink`; its time is the tagline's `<time class="live-timestamp"
 *   datetime>` (UTC), its text the `.usertext-body .md`; replies sit in its `div.child`.
 *
 * A deleted account shows as `[deleted]`: kept as the name shown, with no handle.
 */
export function redditComments(html: string, base: URL): PostComment[] {
  if (/<shreddit-comment[\s>]/i.test(html)) return shredditComments(html, base);
  if (/data-type="comment"|class="[^"]*\bthing\b[^"]*\bcomment\b/.test(html)) return oldRedditComments(html, base);
  return [];
}

const handleOf = (author: string | null | undefined) => (author && author !== '[deleted]' && author !== '[removed]' ? `u/${author}` : null);

function shredditComments(html: string, base: URL): PostComment[] {
  const elements = elementsWhere(html, (tag) => tag.name === 'shreddit-comment').slice(0, MAX_COMMENTS);
  const authors = new Map(elements.map(({ tag }) => [tag.attrs.thingid ?? '', tag.attrs.author ?? null]));
  const ancestors = ancestorsWithin(elements);
  return elements.map(({ tag, inner }, index) => {
    const own = ownPart(inner, /<shreddit-comment[\s>]/i);
    const thing = tag.attrs.thingid;
    const body = (thing ? firstWhere(own, (t) => t.attrs.id === `${thing}-comment-rtjson-content`) : null) ?? firstWhere(own, (t) => t.attrs.slot === 'comment');
    const time = firstWhere(own, (t) => t.name === 'faceplate-timeago' || (t.name === 'time' && Boolean(t.attrs.datetime)));
    const depth = Number.parseInt(tag.attrs.depth ?? '', 10);
    const parent = tag.attrs.parentid?.startsWith('t1_') ? tag.attrs.parentid : null;
    const parentAuthor = parent ? authors.get(parent) : ancestors[index]!.at(-1)?.tag.attrs.author;
    return comment({
      author: tag.attrs.author ?? null,
      handle: handleOf(tag.attrs.author),
      publishedAt: normaliseTime(tag.attrs.created ?? tag.attrs['created-timestamp']) ?? normaliseTime(time?.tag.attrs.ts ?? time?.tag.attrs.datetime),
      text: body ? textOf(body.inner) : null,
      url: resolveUrl(tag.attrs.permalink, base),
      depth: Number.isFinite(depth) && depth >= 0 ? depth : ancestors[index]!.length,
      replyTo: handleOf(parentAuthor) ?? undefined,
    });
  });
}

function oldRedditComments(html: string, base: URL): PostComment[] {
  const isComment = (tag: HtmlTag) => tag.attrs['data-type'] === 'comment' || (hasClass(tag, 'thing') && hasClass(tag, 'comment'));
  const elements = elementsWhere(html, (tag) => tag.name === 'div' && isComment(tag)).slice(0, MAX_COMMENTS);
  const ancestors = ancestorsWithin(elements);
  return elements.map(({ tag, inner }, index) => {
    const own = ownPart(inner, /<div[^>]*class="[^"]*\bchild\b/i);
    const authorLink = firstWhere(own, (t) => t.name === 'a' && hasClass(t, 'author'));
    const author = tag.attrs['data-author'] ?? (authorLink ? textOf(authorLink.inner) : null);
    const time = firstWhere(own, (t) => t.name === 'time' && hasClass(t, 'live-timestamp'));
    const bodyBox = firstWhere(own, (t) => hasClass(t, 'usertext-body'));
    const body = bodyBox ? firstWhere(bodyBox.inner, (t) => hasClass(t, 'md')) ?? bodyBox : null;
    const parent = ancestors[index]!.at(-1);
    return comment({
      author,
      handle: handleOf(author),
      publishedAt: normaliseTime(time?.tag.attrs.datetime),
      text: body ? textOf(body.inner) : null,
      url: resolveUrl(tag.attrs['data-permalink'], base),
      depth: ancestors[index]!.length,
      replyTo: handleOf(parent?.tag.attrs['data-author']) ?? undefined,
    });
  });
}
