/** The clock services read: injected so tests can fix time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO 8601 UTC with milliseconds: `2026-11-21T20:02:30.123Z`. */
export function isoUtc(date: Date): string {
  return date.toISOString();
}
