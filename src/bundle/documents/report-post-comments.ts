import type { PostComment } from '../../domain/item.js';
import { expansionWords } from '../../posts/expansion-words.js';
import { htmlEscape, timeWithZone } from './report-text.js';

/** At most this many of a post's comments are written into its card (the rest are counted). */
export const REPORT_MAX_POST_COMMENTS = 50;
/** Replies deeper than this are indented as this deep. */
export const REPORT_MAX_DEPTH = 8;
function commentHtml(c: PostComment, zone: string | null): string {
  const who = `<strong>${htmlEscape(c.author ?? c.handle ?? 'Unknown author')}</strong>${c.handle && c.author && c.handle !== c.author ? ` ${htmlEscape(c.handle)}` : ''}`;
  const when = c.publishedAt ? htmlEscape(timeWithZone(c.publishedAt, zone)) : c.timeShown ? `${htmlEscape(c.timeShown)} <span class="muted">(as the page showed it; no exact time)</span>` : '<span class="muted">no time on the page</span>';
  const reply = c.replyTo ? ` <span class="muted">replying to ${htmlEscape(c.replyTo)}</span>` : '';
  const link = c.url ? `<br><span class="hash">${htmlEscape(c.url)}</span>` : '';
  const indent = Math.min(c.depth ?? 0, REPORT_MAX_DEPTH);
  return `<li class="post-comment${indent > 0 ? ` depth-${indent}` : ''}">${who}, ${when}${reply}:<div class="post">${htmlEscape(c.text ?? '')}</div>${link}</li>`;
}

/**
 * The comments read from a captured post, for its card: the first REPORT_MAX_POST_COMMENTS,
 * replies indented by depth, then how many are not shown and whether the thread was expanded whole.
 */
export function postCommentsHtml(itemId: number, comments: PostComment[], capture: Record<string, unknown> | null | undefined, zone: string | null): string {
  const shown = comments.slice(0, REPORT_MAX_POST_COMMENTS);
  const rest = comments.length - shown.length;
  const more = rest > 0 ? `<p class="muted">${rest} more comment${rest === 1 ? '' : 's'} not shown here; all ${comments.length} are in items/${itemId}.json (post.comments).</p>` : '';
  return `<p>${comments.length} comment${comments.length === 1 ? '' : 's'} read from the page. ${htmlEscape(expansionWords(capture, comments.length))}</p><ol class="post-comments">${shown.map((c) => commentHtml(c, zone)).join('')}</ol>${more}`;
}
