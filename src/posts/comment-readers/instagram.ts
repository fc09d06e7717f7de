import type { PostComment } from '../../domain/item.js';
import { comment, elementsWhere, firstWhere, MAX_COMMENTS } from '../comments.js';
import { hasClass, textOf } from '../html-scan.js';
import { normaliseTime, resolveUrl } from '../page-facts.js';
import { ancestorsWithin, ownPart } from './thread.js';

const ACCOUNT_LINK = /^(?:https:\/\/www\.instagram\.com)?\/([A-Za-z0-9._]+)\/?$/;
const COMMENT_LINK = /\/(?:p|reel|tv)\/[^/]+\/c\/\d+/;

/**
 * Comments on an Instagram post as the post page renders its comment list: each comment is an
 * `li` whose heading (`h3`) links the account (`/handle/`, the username as its text), whose text
 * is the `span[dir=auto]` under `._a9zs`, and whose time is a `<time datetime title>` (UTC; the
 * text is an age, "2h") inside the link to the comment itself (`/p/{code}/c/{id}/`). Replies are
 * listed in a `ul` inside the comment they answer (opened by "View replies (n)"). The caption is
 * the list's first item but has no comment link, so it is not read as a comment.
 */
export function instagramComments(html: string, base: URL): PostComment[] {
  if (!/\/c\/\d+/.test(html) || !/<time\b/i.test(html)) return [];
  const items = elementsWhere(html, (tag) => tag.name === 'li')
    .map((element) => ({ element, own: ownPart(element.inner, /<ul[\s>]/i) }))
    .filter(({ own }) => {
      const link = firstWhere(own, (t) => t.name === 'a' && COMMENT_LINK.test(t.attrs.href ?? ''));
      return link !== null && /<time\b/i.test(link.inner);
    })
    .slice(0, MAX_COMMENTS);
  const ancestors = ancestorsWithin(items.map((item) => item.element));
  const handles = new Map<unknown, string | null>();
  return items.map(({ element, own }, index) => {
    const account = firstWhere(own, (t) => t.name === 'a' && ACCOUNT_LINK.test(t.attrs.href ?? ''));
    const username = account ? textOf(account.inner) || ACCOUNT_LINK.exec(account.tag.attrs.href!)![1]! : null;
    const handle = account ? `@${ACCOUNT_LINK.exec(account.tag.attrs.href!)![1]}` : null;
    handles.set(element, handle);
    const body = own.replace(/<h[1-3][\s>][\s\S]*?<\/h[1-3]>/i, '');
    const text = firstWhere(body, (t) => hasClass(t, '_a9zs')) ?? firstWhere(body, (t) => t.name === 'span' && t.attrs.dir === 'auto');
    const link = firstWhere(own, (t) => t.name === 'a' && COMMENT_LINK.test(t.attrs.href ?? ''))!;
    const time = firstWhere(link.inner, (t) => t.name === 'time');
    const parent = ancestors[index]!.at(-1);
    return comment({
      author: username,
      handle,
      publishedAt: normaliseTime(time?.tag.attrs.datetime),
      text: text ? textOf(text.inner) : null,
      url: resolveUrl(link.tag.attrs.href, base),
      depth: ancestors[index]!.length,
      replyTo: parent ? handles.get(parent) ?? undefined : undefined,
    });
  });
}
