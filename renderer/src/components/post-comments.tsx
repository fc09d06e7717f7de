import { useId, useState } from 'react';
import type { ResponseOf } from '@api/contract';
import { expansionWords } from '../../../src/api/expansion-words';
import { formatLocal, formatUtc } from '../format';

type PostComment = NonNullable<NonNullable<ResponseOf<'item.detail'>['item']['post']>['comments']>[number];

/** So many comments are shown at first; "Show all" shows the rest (the reader keeps at most 500). */
export const FIRST_COMMENTS = 100;
/** Replies deeper than this are indented as this deep. */
const MAX_INDENT = 8;

function host(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.host : null;
  } catch {
    return null;
  }
}

/** When a comment was posted: UTC and the scene's local time, or the page's own words marked as such. */
function CommentTime({ comment, zone }: { comment: PostComment; zone: string | null }) {
  if (comment.publishedAt) {
    const local = formatLocal(comment.publishedAt, zone);
    return <><time dateTime={comment.publishedAt}>{formatUtc(comment.publishedAt)}</time>{local ? <span className="muted"> · {local}</span> : null}</>;
  }
  if (comment.timeShown) return <span>{comment.timeShown} <span className="muted" data-testid="time-as-shown">(as the page showed it; no exact time)</span></span>;
  return <span className="muted">no time on the page</span>;
}

function Comment({ comment, zone }: { comment: PostComment; zone: string | null }) {
  const who = comment.author ?? comment.handle ?? 'Unknown author';
  const site = comment.url ? host(comment.url) : null;
  return (
    <article className="post-comment" aria-label={`Comment by ${who}`}>
      <header>
        <strong>{who}</strong>
        {comment.handle && comment.author && comment.handle !== comment.author ? <span className="muted"> {comment.handle}</span> : null}
        {' · '}<CommentTime comment={comment} zone={zone} />
        {comment.replyTo ? <span className="muted"> · replying to {comment.replyTo}</span> : null}
      </header>
      {comment.text ? <p className="comment-text">{comment.text}</p> : <p className="muted">No text was read.</p>}
      {comment.url && site ? <a className="comment-link" href={comment.url} target="_blank" rel="noopener noreferrer">Open on {site} (in your browser)</a> : comment.url ? <span className="hash">{comment.url}</span> : null}
    </article>
  );
}

/**
 * The comments read from a captured post, as a thread: author and handle, time, text (as text,
 * never markup), permalink, replies indented by depth; their count and whether the capture
 * expanded the thread whole. The first FIRST_COMMENTS are shown, the rest on "Show all".
 */
export function PostComments({ comments, capture, zone, headingLevel = 2 }: { comments: PostComment[] | undefined; capture: Record<string, unknown> | null | undefined; zone: string | null; headingLevel?: 2 | 3 }) {
  const [all, setAll] = useState(false);
  const headingId = useId();
  if (!comments || comments.length === 0) return null;
  const shown = all ? comments : comments.slice(0, FIRST_COMMENTS);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="post-comments" aria-labelledby={headingId} data-testid="post-comments">
      <Heading id={headingId}>Comments on the post ({comments.length})</Heading>
      <p className="muted" data-testid="post-comments-expansion">{expansionWords(capture, comments.length)}</p>
      <ol className="comment-thread" aria-label={`Comments read from the page, ${shown.length} of ${comments.length} shown`}>
        {shown.map((comment, i) => (
          <li key={i} className={`depth-${Math.min(comment.depth ?? 0, MAX_INDENT)}`} data-depth={comment.depth ?? 0}>
            <Comment comment={comment} zone={zone} />
          </li>
        ))}
      </ol>
      {shown.length < comments.length ? (
        <p>
          <span className="muted">{comments.length - shown.length} more not shown. </span>
          <button type="button" onClick={() => setAll(true)}>Show all {comments.length} comments</button>
        </p>
      ) : null}
    </section>
  );
}
