import { describe, expect, it } from 'vitest';
import { backoffMs, HostRateLimit, retryAfterMs } from '../../../src/capture/host-rate-limit.js';

describe('HostRateLimit', () => {
  it('spaces loads to one host and leaves other hosts alone', async () => {
    const slept: number[] = [];
    const limit = new HostRateLimit(1000, async (ms) => void slept.push(ms));
    await limit.wait('a.example');
    await limit.wait('b.example');
    await limit.wait('a.example');
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(900);
  });
});

describe('backoff', () => {
  it('doubles up to a cap', () => {
    expect([1, 2, 3, 10].map((n) => backoffMs(n, 2000, 10_000))).toEqual([2000, 4000, 8000, 10_000]);
  });
  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('5')).toBe(5000);
    expect(retryAfterMs('Sat, 21 Nov 2026 20:00:10 GMT', Date.parse('2026-11-21T20:00:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});
