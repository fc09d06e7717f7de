import type { ItemSummary } from '@api/contract/review';

/** A triage status as the API names it. */
export type TriageStatus = ItemSummary['status'];

/** Every status, in the order an item moves through review, with the words the screens use. */
export const TRIAGE_STATUSES: readonly { value: TriageStatus; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'in-review', label: 'In review' },
  { value: 'verified', label: 'Verified' },
  { value: 'disputed', label: 'Disputed' },
  { value: 'not-relevant', label: 'Not relevant' },
];

/** "In review" for `in-review`. */
export function statusLabel(status: string): string {
  return TRIAGE_STATUSES.find((s) => s.value === status)?.label ?? status;
}

/**
 * The select value that stands for "assigned to no one" (the filter's null). A name cannot hold
 * control characters, so it never collides with a person's name.
 */
export const NO_ASSIGNEE = '\u0001';
