/**
 * Spaces out page loads to the same host, so fifty links to one platform do not look like (or
 * act as) a flood. `wait(host)` resolves when the host's next slot comes.
 */
export class HostRateLimit {
  private readonly next = new Map<string, number>();

  constructor(private readonly intervalMs: number, private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  async wait(host: string): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, slot + this.intervalMs);
    if (slot > now) await this.sleep(slot - now);
  }

  /** Pushes a host's next slot back (the host asked us to slow down). */
  backOff(host: string, ms: number): void {
    this.next.set(host, Math.max(this.next.get(host) ?? 0, Date.now() + ms));
  }
}

/** Exponential backoff with a cap: 2 s, 4 s, 8 s... */
export function backoffMs(attempt: number, baseMs: number, capMs = 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds, or null. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}
