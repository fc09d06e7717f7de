import type { ItemComment } from '../domain/item.js';
import type { CustodyEntry } from './chain.js';
import { changedFields, commentState } from './covered-state.js';

/** A comment that no longer agrees with the ledger. */
export interface CommentProblem {
  itemId: number | null;
  seq: number | null;
  problem: string;
}

/**
 * Holds each comment row to the `item commented` entry that recorded it: a comment added behind
 * the ledger's back, one edited (its text no longer has the recorded SHA-256, or its author or
 * time moved) and one removed are each named, by item and comment.
 */
export function checkComments(entries: CustodyEntry[], comments: ItemComment[]): CommentProblem[] {
  const problems: CommentProblem[] = [];
  const recorded = new Map<number, { seq: number; itemId: number | null; state: Record<string, unknown> }>();
  for (const entry of entries) {
    const state = entry.action === 'item commented' ? entry.details.comment : undefined;
    if (state && typeof state === 'object' && typeof (state as { id?: unknown }).id === 'number') {
      recorded.set((state as { id: number }).id, { seq: entry.seq, itemId: entry.itemId, state: state as Record<string, unknown> });
    }
  }
  const present = new Set<number>();
  for (const comment of comments) {
    present.add(comment.id);
    const entry = recorded.get(comment.id);
    if (!entry) {
      problems.push({ itemId: comment.itemId, seq: null, problem: `comment ${comment.id} on item ${comment.itemId} has no custody entry: it was added outside Golden Hour` });
      continue;
    }
    const changed = changedFields(entry.state, commentState(comment)).map((field) => (field === 'bodySha256' ? 'text' : field));
    if (changed.length > 0) {
      problems.push({ itemId: comment.itemId, seq: entry.seq, problem: `comment ${comment.id} on item ${comment.itemId} differs from its custody record (entry ${entry.seq}) in: ${changed.join(', ')}` });
    }
  }
  for (const [id, entry] of recorded) {
    if (!present.has(id)) problems.push({ itemId: entry.itemId, seq: entry.seq, problem: `comment ${id} on item ${entry.itemId ?? '?'} is in the custody ledger but missing from the database` });
  }
  return problems;
}
