/** The clock services read: injected so tests can fix time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO 8601 UTC with milliseconds: `2026-11-21T20:02:30.123Z`. */
export function isoUtc(date: Date): string {
  return date.toISOString();
}

/**
 * Whether `text` is an ISO 8601 instant with `Z` or an offset: the form every door takes, so a
 * given time never depends on the zone of the machine that reads it.
 */
export function isIsoInstant(text: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim()) && !Number.isNaN(Date.parse(text));
}
