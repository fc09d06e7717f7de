import type { PostComment } from '../../domain/item.js';
import { comment, elementsWhere, firstWhere, MAX_COMMENTS } from '../comments.js';
import { hasClass, textOf } from '../html-scan.js';
import { normaliseTime, resolveUrl } from '../page-facts.js';

/**
 * Replies on a Mastodon status page as its web UI renders the thread: the status itself is the
 * `.detailed-status`; the statuses rendered after it are its replies (those before it are the
 * thread it answers). Each reply is a `div.status` (`data-id`) whose `a.status__relative-time`
 * links the reply (`/@acct/id`) around a `<time datetime>` in UTC (the text is relative, "3h"),
 * whose `a.status__display-name` holds `.display-name__html` (the name) and
 * `.display-name__account` (`@user@server`), and whose text is `.status__content__text`.
 * A quoted post inside a reply (`status--is-quote`) is not a reply. The web UI shows no nesting
 * depth and does not name whom a reply answers, so neither is read.
 */
export function mastodonReplies(html: string, base: URL): PostComment[] {
  const detailed = elementsWhere(html, (tag) => hasClass(tag, 'detailed-status'), 1)[0];
  if (!detailed) return [];
  const after = detailed.at + detailed.inner.length;
  return elementsWhere(html, (tag) => tag.name === 'div' && hasClass(tag, 'status') && !hasClass(tag, 'status--is-quote') && tag.end > after)
    .slice(0, MAX_COMMENTS)
    .map(({ inner }) => {
      const timeLink = firstWhere(inner, (t) => t.name === 'a' && hasClass(t, 'status__relative-time'));
      const time = timeLink ? firstWhere(timeLink.inner, (t) => t.name === 'time') : null;
      const name = firstWhere(inner, (t) => hasClass(t, 'display-name__html'));
      const account = firstWhere(inner, (t) => hasClass(t, 'display-name__account'));
      const text = firstWhere(inner, (t) => hasClass(t, 'status__content__text')) ?? firstWhere(inner, (t) => hasClass(t, 'status__content'));
      const shownTime = time ? textOf(time.inner) : '';
      return comment({
        author: name ? textOf(name.inner) : null,
        handle: account ? textOf(account.inner) || null : null,
        publishedAt: normaliseTime(time?.tag.attrs.datetime),
        ...(shownTime && !time?.tag.attrs.datetime ? { timeShown: shownTime } : {}),
        text: text ? textOf(text.inner) : null,
        url: resolveUrl(timeLink?.tag.attrs.href, base),
      });
    });
}
