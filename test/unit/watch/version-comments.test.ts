import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../../src/domain/item.js';
import { extractPost } from '../../../src/posts/extract-post.js';
import { judgeVersion } from '../../../src/watch/verdict.js';
import { readComments, versionComments, type VersionFacts } from '../../../src/watch/version-facts.js';
import { fixturePath } from '../../support/fixture-site.js';

const pageUrl = 'https://www.reddit.com/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/';
const before = readFileSync(fixturePath('pages/reddit__post-comments.html'), 'utf8');
// The same thread a watch run later: harbour_mod's comment (kq1ddd4) has been removed.
const removedComment = /<shreddit-comment thingid="t1_kq1ddd4"[\s\S]*?<\/shreddit-comment>\n/;
const after = before.replace(removedComment, '');

/** A captured page as the capture stores it: the post reader's reading of its DOM in `post`. */
const captured = (html: string): Item => ({ post: extractPost(html, pageUrl) }) as Item;

const facts = (comments: string[]): VersionFacts => ({
  itemId: 1, capturedAt: '2026-11-21T21:40:03.000Z', recordSha256: 'a'.repeat(64), screenshotSha256: null, status: 200, flags: [],
  post: { author: 'tide_watcher', handle: null, publishedAt: '2026-11-21T09:00:00.000Z', text: 'Harbour Road flooded' },
  media: [], comments, visibleText: 'harbour road flooded', screenshotHash: null, availability: { availability: 'available', platform: 'reddit', evidence: null },
});

describe('comments compared between versions of a watched Reddit post', () => {
  it('reads each version\'s comments as the item shows them, and names the one removed', () => {
    expect(after).not.toBe(before);
    const first = versionComments(captured(before), before, pageUrl);
    const second = versionComments(captured(after), after, pageUrl);
    // The marked-element reading finds none of Reddit's comments: the post reader's are used.
    expect(readComments(before)).not.toContainEqual(expect.stringContaining('Please keep updates in this thread.'));
    expect(first).toContain('harbour_mod (u/harbour_mod): Please keep updates in this thread.');
    expect(first.length).toBe(captured(before).post!.comments!.length);
    expect(second.length).toBe(first.length - 1);
    const verdict = judgeVersion(facts(first), facts(second));
    expect(verdict.outcome).toBe('edited');
    expect(verdict.differences.comments).toEqual({ added: [], removed: ['harbour_mod (u/harbour_mod): Please keep updates in this thread.'] });
    expect(verdict.evidence).toContain('comment removed: "harbour_mod (u/harbour_mod): Please keep updates in this thread."');
  });

  it('reads a capture made before comments were read (no post.comments) the same way, from its saved page', () => {
    const old = { post: { ...extractPost(before, pageUrl), comments: undefined } } as Item;
    expect(versionComments(old, before, pageUrl)).toEqual(versionComments(captured(before), before, pageUrl));
  });

  it('falls back to the marked elements where the post reader reads no comments', () => {
    const html = '<html><body><div class="comment">First!</div><div data-testid="comment">Second</div></body></html>';
    expect(versionComments({ post: null } as unknown as Item, html, 'https://example.org/post/1')).toEqual(['First!', 'Second']);
  });
});
