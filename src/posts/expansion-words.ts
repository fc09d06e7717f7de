/** At most this many comments are read from one page (a thread expanded to its limits stays far below). */
export const MAX_COMMENTS = 500;

/**
 * Whether the captured thread is whole, in words, from the capture record's `expansion`: how many
 * "more comments" controls were opened and whether a limit stopped it.
 */
export function expansionWords(capture: Record<string, unknown> | null | undefined, count: number): string {
  const e = capture?.expansion as { stoppedBy?: string; clicks?: number; durationMs?: number; limits?: { maxClicks?: number; maxTimeMs?: number }; error?: string } | undefined;
  const cap = count >= MAX_COMMENTS ? ` At most ${MAX_COMMENTS} comments are read from one page: there may be more.` : '';
  if (!e || typeof e !== 'object') return `The capture does not record whether threads were expanded.${cap}`;
  const clicks = `${e.clicks ?? 0} control${e.clicks === 1 ? '' : 's'} opened`;
  const seconds = typeof e.durationMs === 'number' ? ` in ${(e.durationMs / 1000).toFixed(1)} s` : '';
  const words: Record<string, string> = {
    done: `Threads were expanded until nothing was left to open (${clicks}${seconds}).`,
    'click-limit': `Expanding stopped at its limit of ${e.limits?.maxClicks ?? '?'} clicks (${clicks}): the page may hold more comments than these.`,
    'time-limit': `Expanding stopped at its time limit of ${Math.round((e.limits?.maxTimeMs ?? 0) / 1000)} s (${clicks}): the page may hold more comments than these.`,
    navigated: `Expanding stopped when a control would have left the page (${clicks}): the page may hold more comments than these.`,
    off: 'Threads were not expanded (expanding was off): only the comments the page showed at first.',
    error: `Expanding stopped on an error (${clicks}${e.error ? `: ${e.error}` : ''}): the page may hold more comments than these.`,
  };
  return `${words[e.stoppedBy ?? ''] ?? `Expanding stopped (${e.stoppedBy ?? 'unknown reason'}).`}${cap}`;
}
