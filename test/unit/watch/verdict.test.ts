import { describe, expect, it } from 'vitest';
import { judgeVersion } from '../../../src/watch/verdict.js';
import type { VersionFacts } from '../../../src/watch/version-facts.js';
import { nextSchedule } from '../../../src/watch/watch-run.js';
import { wordDiff } from '../../../src/watch/word-diff.js';

const facts = (over: Partial<VersionFacts> = {}): VersionFacts => ({
  itemId: 1, capturedAt: '2026-11-21T21:40:03.000Z', recordSha256: 'a'.repeat(64), screenshotSha256: null, status: 200, flags: [],
  post: { author: 'Harbour Watch', handle: '@harbourwatch', publishedAt: '2026-11-21T08:15:00.000Z', text: 'Water over the kerb' },
  media: [{ url: 'https://pbs.twimg.com/media/1', sha256: 'b'.repeat(64) }], comments: ['first reply'], visibleText: 'water over the kerb 5 min ago',
  screenshotHash: 'ffff0000ffff0000', availability: { availability: 'available', platform: 'x', evidence: null }, ...over,
});

describe('judging a version against the one before', () => {
  it('unchanged when only page furniture moved (relative times), with the post read', () => {
    expect(judgeVersion(facts(), facts({ visibleText: 'water over the kerb 20 min ago' })).outcome).toBe('unchanged');
  });

  it('edited, naming each difference: text, author, handle, time, media, comments', () => {
    const verdict = judgeVersion(facts(), facts({
      post: { author: 'HW', handle: '@hw', publishedAt: '2026-11-21T08:16:00.000Z', text: 'Water under the kerb' },
      media: [{ url: 'https://pbs.twimg.com/media/1', sha256: 'c'.repeat(64) }, { url: 'https://pbs.twimg.com/media/2', sha256: 'd'.repeat(64) }],
      comments: ['second reply'], screenshotHash: '0000ffff0000ffff',
    }));
    expect(verdict.outcome).toBe('edited');
    expect(verdict.differences.media).toEqual({ same: [], added: ['d'.repeat(64)], removed: [], replaced: [{ url: 'https://pbs.twimg.com/media/1', before: 'b'.repeat(64), after: 'c'.repeat(64) }] });
    expect(verdict.differences.comments).toEqual({ added: ['second reply'], removed: ['first reply'] });
    expect(verdict.evidence).toEqual([
      'post text changed: -"over" +"under"', 'author changed from "Harbour Watch" to "HW"', 'handle changed from "@harbourwatch" to "@hw"',
      'post time changed from 2026-11-21T08:15:00.000Z to 2026-11-21T08:16:00.000Z', `media replaced at https://pbs.twimg.com/media/1: bbbbbbbbbbbb -> cccccccccccc`,
      'media added: dddddddddddd', 'comment removed: "first reply"', 'comment added: "second reply"', 'screenshots look different (perceptual distance 64 of 64)',
    ]);
  });

  it('a page with no post decides by its visible text', () => {
    const none = { author: null, handle: null, publishedAt: null, text: null };
    expect(judgeVersion(facts({ post: none, media: [], comments: [] }), facts({ post: none, media: [], comments: [], visibleText: 'water gone' })).outcome).toBe('edited');
  });

  it('state pages come before any comparison; a 5xx or 429 is unreachable, never deleted', () => {
    expect(judgeVersion(facts(), facts({ status: 404, availability: { availability: 'deleted', platform: 'x', evidence: 'HTTP 404' } })).outcome).toBe('deleted');
    expect(judgeVersion(facts(), facts({ status: 502 })).outcome).toBe('unreachable');
    expect(judgeVersion(facts(), facts({ status: 429 })).outcome).toBe('unreachable');
    expect(judgeVersion(facts(), facts({ flags: ['login-wall'] })).outcome).toBe('login-wall');
    expect(judgeVersion(null, facts()).outcome).toBe('first');
  });
});

describe('word diff', () => {
  it('marks added and removed words, joining runs', () => {
    expect(wordDiff('a b c d', 'a x y d')).toEqual([{ op: 'same', text: 'a' }, { op: 'removed', text: 'b c' }, { op: 'added', text: 'x y' }, { op: 'same', text: 'd' }]);
    expect(wordDiff('', 'new')).toEqual([{ op: 'added', text: 'new' }]);
  });
});

describe('schedule', () => {
  it('keeps the cadence when on time, and catches up missed runs once', () => {
    expect(nextSchedule('2026-11-21T10:00:00.000Z', 60, new Date('2026-11-21T10:00:05.000Z'))).toEqual({ missed: 0, nextRunAt: '2026-11-21T10:01:00.000Z' });
    expect(nextSchedule('2026-11-21T10:00:00.000Z', 60, new Date('2026-11-21T10:05:30.000Z'))).toEqual({ missed: 5, nextRunAt: '2026-11-21T10:06:30.000Z' });
  });

  it('a run late because the one before overran is caught up, but not counted as missed', () => {
    const runningSince = new Date('2026-11-21T09:00:00.000Z');
    expect(nextSchedule('2026-11-21T10:00:00.000Z', 60, new Date('2026-11-21T10:02:30.000Z'), runningSince)).toEqual({ missed: 0, nextRunAt: '2026-11-21T10:03:30.000Z' });
    // Nothing ran from 10:00 until a process started at 10:04: the slots of 10:01 to 10:04 were missed.
    expect(nextSchedule('2026-11-21T10:00:00.000Z', 60, new Date('2026-11-21T10:04:30.000Z'), new Date('2026-11-21T10:04:00.000Z')).missed).toBe(4);
  });
});
