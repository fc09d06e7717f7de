// Words for watch outcomes, shared by the Changes view, the toggle and the alerts. Pure: tested without a browser.

/** What each outcome means, in a few words an investigator reads at a glance. */
export const OUTCOME_LABEL: Record<string, string> = {
  first: 'first capture',
  unchanged: 'unchanged',
  edited: 'edited',
  deleted: 'deleted',
  'account-suspended': 'account suspended',
  'account-private': 'account made private',
  'login-wall': 'login wall (cannot tell)',
  unreachable: 'unreachable (not a deletion)',
};

/** The state an outcome leaves the post in. */
export function stateOf(outcome: string): string {
  return outcome === 'first' || outcome === 'unchanged' || outcome === 'edited' ? 'present' : outcome;
}

/** Outcomes worth an alert: the post was edited or is gone. */
export function isAlarming(outcome: string): boolean {
  return outcome === 'edited' || outcome === 'deleted' || outcome === 'account-suspended' || outcome === 'account-private';
}

/** Whether a run changed something compared with the run before it. */
export function isChange(outcome: string, before: string | undefined): boolean {
  return before !== undefined && (outcome === 'edited' || stateOf(outcome) !== stateOf(before));
}

/** Minutes typed in a form (a decimal comma allowed), or null when not a positive number. */
export function parseMinutes(text: string): number | null {
  const n = Number(text.trim().replace(',', '.'));
  return Number.isFinite(n) && n > 0 && n <= 7 * 24 * 60 ? n : null;
}
