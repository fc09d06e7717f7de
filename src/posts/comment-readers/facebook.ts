import type { PostComment } from '../../domain/item.js';
import { comment, elementsWhere, firstWhere, MAX_COMMENTS } from '../comments.js';
import { textOf } from '../html-scan.js';
import { resolveUrl } from '../page-facts.js';
import { ancestorsWithin } from './thread.js';

/**
 * `Comment by NAME 2 hours ago`, `Reply by NAME to OTHER's comment 8 weeks ago`, and the
 * `Reply from NAME to comment from OTHER` form others have recorded (English interface).
 */
const LABEL = /^(Comment|Reply) (?:by|from) (.+?)(?: to (?:comment from (.+?)|(.+?)['’]s (?:comment|reply)))?(?: ((?:\d+|an?|a few) \w+ ago|just now|yesterday))?$/i;

/**
 * Comments on a Facebook post as its web interface renders them. Facebook's markup is generated
 * and its class names change, but its accessibility structure is stable: every comment is a
 * `role="article"` element labelled `Comment by NAME {age}` and every reply one labelled
 * `Reply by NAME to OTHER's comment {age}`, rendered inside the comment it answers. The text is
 * the `div[dir=auto]` that is not the name, and the age link ("2h") is the comment's address
 * (`…?comment_id=…`). Facebook shows
 * names, not handles, and no absolute time, so neither is read. Labels are in the interface's
 * language; only English labels are read (another language's comments are not guessed at).
 */
export function facebookComments(html: string, base: URL): PostComment[] {
  if (!/role="article"/.test(html)) return [];
  const articles = elementsWhere(html, (tag) => tag.attrs.role === 'article' && LABEL.test(tag.attrs['aria-label'] ?? '')).slice(0, MAX_COMMENTS);
  const ancestors = ancestorsWithin(articles);
  return articles.map(({ tag, inner }, index) => {
    const [, kind, name, toFrom, toPossessive, age] = LABEL.exec(tag.attrs['aria-label']!)!;
    const own = inner.replace(/<div[^>]*role="article"[\s\S]*$/i, '');
    // The text, without the controls folded into it ("See more").
    const texts = elementsWhere(own, (t) => t.attrs.dir === 'auto', 20).map((e) => textOf(e.inner.replace(/<(div|span)[^>]*role="button"[^>]*>[\s\S]*?<\/\1>/gi, ''))).filter((t) => t && t !== name);
    const link = firstWhere(own, (t) => t.name === 'a' && /[?&]comment_id=\d+/.test(t.attrs.href ?? ''));
    const shown = link ? textOf(link.inner) : '';
    return comment({
      author: name ?? null,
      handle: null,
      publishedAt: null,
      timeShown: shown || age || undefined,
      text: texts[0] ?? null,
      url: resolveUrl(link?.tag.attrs.href, base),
      depth: Math.max(kind!.toLowerCase() === 'reply' ? 1 : 0, ancestors[index]!.length),
      replyTo: toFrom ?? toPossessive,
    });
  });
}
