import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAvailability, visibleText } from '../../../src/posts/post-availability.js';
import { judgeVersion } from '../../../src/watch/verdict.js';
import type { VersionFacts } from '../../../src/watch/version-facts.js';
import { fixturePath } from '../../support/fixture-site.js';

const page = (body: string, title = '') => `<!doctype html><html><head><title>${title}</title><script>var t = "Account suspended";</script></head><body>${body}</body></html>`;

// The wording each platform shows in place of a post, as on their pages today (served with status 200).
const cases: [string, string, string, string][] = [
  ['https://x.com/harbourwatch/status/1', '<div><span>Hmm...this page doesn’t exist. Try searching for something else.</span></div>', 'deleted', 'x'],
  ['https://x.com/harbourwatch/status/1', '<span>This Post was deleted by the Post author. <a>Learn more</a></span>', 'deleted', 'x'],
  ['https://twitter.com/harbourwatch/status/1', '<div>Account suspended</div><div>X suspends accounts which violate the X Rules</div>', 'account-suspended', 'x'],
  ['https://x.com/harbourwatch/status/1', '<span>These posts are protected</span><span>Only approved followers can see @harbourwatch’s posts.</span>', 'account-private', 'x'],
  ['https://www.instagram.com/p/Cabc/', '<h2>Sorry, this page isn\'t available.</h2><div>The link you followed may be broken, or the page may have been removed.</div>', 'deleted', 'instagram'],
  ['https://www.instagram.com/someone/', '<h2>This account is private</h2><div>Follow to see their photos and videos.</div>', 'account-private', 'instagram'],
  ['https://www.facebook.com/story.php?id=1', '<span>This content isn\'t available right now</span><span>When this happens, it\'s usually because the owner only shared it with a small group of people.</span>', 'deleted', 'facebook'],
  ['https://www.tiktok.com/@someone/video/1', '<p>Video currently unavailable</p>', 'deleted', 'tiktok'],
  ['https://www.youtube.com/watch?v=abc', '<div>Video unavailable</div><div>This video has been removed by the uploader</div>', 'deleted', 'youtube'],
  ['https://www.youtube.com/watch?v=abc', '<div>Video unavailable</div><div>This video is private</div>', 'account-private', 'youtube'],
  ['https://www.youtube.com/watch?v=abc', '<div>This account has been terminated for a violation of YouTube\'s Terms of Service.</div>', 'account-suspended', 'youtube'],
  ['https://www.reddit.com/r/a/comments/1/x/', '<h3>Sorry, this post was deleted by the person who originally posted it.</h3>', 'deleted', 'reddit'],
  ['https://t.me/harbournews/456', '<div class="tgme_widget_message_error">Post not found</div>', 'deleted', 'telegram'],
  ['https://bsky.app/profile/a.bsky.social/post/3k', '<div>Post not found</div><div>The post may have been deleted.</div>', 'deleted', 'bluesky'],
];

describe('what a platform page says about its post', () => {
  it.each(cases)('%s: %s', (url, body, availability, platform) => {
    expect(readAvailability(page(body), url, 200)).toMatchObject({ availability, platform });
  });

  it('a 404 or 410 anywhere is a deletion, a 200 page elsewhere is not, and words in scripts do not count', () => {
    expect(readAvailability(page('<h1>Not found</h1>'), 'https://example.org/a', 404)).toEqual({ availability: 'deleted', platform: null, evidence: 'HTTP 404' });
    expect(readAvailability(page('<h1>Gone</h1>'), 'https://mastodon.social/@a/1', 410).availability).toBe('deleted');
    expect(readAvailability(page('<p>Sorry, this page isn\'t available.</p>'), 'https://example.org/a', 200).availability).toBe('available');
    expect(readAvailability(page('<p>A post</p>'), 'https://x.com/a/status/1', 200).availability).toBe('available');
  });

  it('the real saved X and Instagram post pages read as available', () => {
    for (const file of ['x__post.html', 'x__post-image.html', 'instagram__post-with-photo.html']) {
      const html = readFileSync(fixturePath(`pages/${file}`), 'utf8');
      const url = file.startsWith('x') ? 'https://x.com/kikobeats/status/1' : 'https://www.instagram.com/p/Cabc/';
      expect({ file, ...readAvailability(html, url, 200) }).toMatchObject({ file, availability: 'available' });
    }
  });
});

describe('the visible text a watch compares', () => {
  it('keeps the page\'s own case, so an edit that only changes case is an edit', () => {
    const before = visibleText(page('<p>The suspect was not at the harbour.</p>'));
    const after = visibleText(page('<p>The suspect was NOT at the harbour.</p>'));
    expect(before).toBe('The suspect was not at the harbour.');
    const none = { author: null, handle: null, publishedAt: null, text: null };
    const facts = (visible: string): VersionFacts => ({
      itemId: 1, capturedAt: '2026-11-21T21:40:03.000Z', recordSha256: 'a'.repeat(64), screenshotSha256: null, status: 200, flags: [], post: none, media: [], comments: [],
      visibleText: visible, screenshotHash: null, availability: { availability: 'available', platform: null, evidence: null },
    });
    const verdict = judgeVersion(facts(before), facts(after));
    expect(verdict.outcome).toBe('edited');
    expect(verdict.evidence).toEqual(['page text changed: -"not" +"NOT"']);
  });

  it('still reads a platform\'s state page whatever its case', () => {
    expect(readAvailability(page('<div>THIS ACCOUNT HAS BEEN SUSPENDED</div>'), 'https://example.org/a', 404)).toMatchObject({ availability: 'account-suspended' });
  });
});
