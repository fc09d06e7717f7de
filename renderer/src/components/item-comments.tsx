import { useState } from 'react';
import { useApi, useCaseChanges, useOperation } from '../api/use-api';
import { formatUtc } from '../format';
import type { CaseAccess } from './use-case-access';

/** Comments as written, oldest first: who, when (UTC), what. Shared with the review of a bundle. */
export function CommentList({ comments }: { comments: readonly { id: number; at: string; author: string; body: string }[] }) {
  return (
    <ol className="comment-list" data-testid="comments">
      {comments.map((c) => (
        <li key={c.id}>
          <p className="comment-meta"><strong>{c.author}</strong> <span className="muted">{formatUtc(c.at)}</span></p>
          <p className="comment-body">{c.body}</p>
        </li>
      ))}
    </ol>
  );
}

/** An item's comments, oldest first (who, when, what), and a box to add one for those who may. */
export function ItemComments({ caseId, itemId, access, onAdded }: { caseId: number; itemId: number; access: CaseAccess; onAdded: () => void }) {
  const api = useApi();
  const comments = useOperation('item.comments', { itemId });
  // A team member's comment shows up without a reload.
  useCaseChanges(caseId, comments.reload);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call('item.comment', { itemId, text });
      setText('');
      comments.reload();
      onAdded();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const list = comments.data ?? [];
  return (
    <section className="item-comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {comments.error ? <p role="alert" className="error-text">{comments.error}</p> : null}
      {list.length === 0 && comments.data ? <p className="muted">No comments yet.</p> : null}
      <CommentList comments={list} />
      {access.mayChange ? (
        <form onSubmit={(e) => { e.preventDefault(); void add(); }}>
          <label htmlFor="new-comment">Add a comment</label>
          <textarea id="new-comment" rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={10_000} />
          <button type="submit" disabled={busy || !text.trim()}>Add comment</button>
          {error ? <p role="alert" className="error-text">{error}</p> : null}
        </form>
      ) : null}
    </section>
  );
}
