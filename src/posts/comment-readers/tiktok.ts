import type { PostComment } from '../../domain/item.js';
import { comment, MAX_COMMENTS } from '../comments.js';
import { elementEnd, iterateTags, textOf } from '../html-scan.js';

interface Reading { depth: number; author: string | null; handle: string | null; text: string | null; textEnd: number; time: string | null; firstSpan: string | null }

/**
 * Comments on a TikTok video page as its comment panel renders them, read by TikTok's own test
 * hooks (`data-e2e`), which name the level: `comment-username-1` holds the link to the commenter
 * (`/@handle`, the display name as its text), `comment-level-1` the text, and the age ("2d ago",
 * "11-21") is `comment-time-1` or, in the current layout, the first span after the text, in
 * the row that ends with the `comment-reply-1` "Reply" control. Level 2 is a reply, listed under the comment it answers.
 * TikTok shows no absolute time and no address for a comment, so neither is read.
 */
export function tiktokComments(html: string): PostComment[] {
  if (!html.includes('data-e2e="comment-level-')) return [];
  const out: PostComment[] = [];
  let current: Reading | null = null;
  let lastTopLevel: string | null = null;
  const finish = () => {
    if (!current) return;
    if (current.depth === 0) lastTopLevel = current.handle;
    out.push(comment({
      author: current.author, handle: current.handle, publishedAt: null, timeShown: current.time ?? undefined, text: current.text, url: null,
      depth: current.depth, replyTo: current.depth > 0 ? lastTopLevel ?? undefined : undefined,
    }));
    current = null;
  };
  const lower = html.toLowerCase();
  const inner = (tag: { end: number; name: string; attrs: Record<string, string> }) => textOf(html.slice(tag.end, elementEnd(html, tag, 40_000, lower)));
  for (const tag of iterateTags(html)) {
    if (out.length >= MAX_COMMENTS) break;
    const hook = /^comment-(username|level|time|reply)-([12])$/.exec(tag.attrs['data-e2e'] ?? '');
    if (hook?.[1] === 'username') {
      finish();
      current = { depth: Number(hook[2]) - 1, author: null, handle: null, text: null, textEnd: 0, time: null, firstSpan: null };
      continue;
    }
    if (!current) continue;
    const reading: Reading = current;
    if (tag.name === 'a' && /^\/@[^/?#]+$/.test(tag.attrs.href ?? '') && reading.handle === null) {
      reading.handle = `@${decodeURIComponent(tag.attrs.href!.slice(2))}`;
      reading.author = inner(tag) || null;
    } else if (hook?.[1] === 'level' && reading.text === null) {
      reading.text = inner(tag);
      reading.textEnd = elementEnd(html, tag, 40_000, lower);
    } else if (hook?.[1] === 'time') {
      reading.time = inner(tag) || null;
    } else if (hook?.[1] === 'reply') {
      reading.time ??= reading.firstSpan;
    } else if (tag.name === 'span' && reading.text !== null && tag.end > reading.textEnd && reading.firstSpan === null && !tag.attrs['data-e2e']) {
      reading.firstSpan = inner(tag) || null;
    }
  }
  finish();
  return out;
}
