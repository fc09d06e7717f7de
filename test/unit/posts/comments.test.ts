import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PostComment } from '../../../src/domain/item.js';
import { extractPost } from '../../../src/posts/extract-post.js';
import { fixturePath } from '../../support/fixture-site.js';

interface ShapedPage { file: string; page_url: string; expected_comments?: PostComment[] }
const shaped = (JSON.parse(readFileSync(fixturePath('pages/index.json'), 'utf8')) as { shaped_pages: ShapedPage[] }).shaped_pages;
const file = (path: string) => readFileSync(fixturePath(path), 'utf8');

describe('comments read into post.comments', () => {
  it('X: the replies rendered under a status (built from the saved real x__post.html), not the post itself', () => {
    const page = shaped.find((p) => p.file === 'x__status-replies.html')!;
    const post = extractPost(file(`pages/${page.file}`), page.page_url);
    expect(post).toMatchObject({ kind: 'post', author: 'Donald J. Trump', handle: '@realDonaldTrump', publishedAt: '2020-01-30T15:39:43.000Z' });
    expect(post.comments).toEqual(page.expected_comments);
  });

  it('X: a status page with no replies rendered (the saved real x__post.html) has no comments', () => {
    expect(extractPost(file('pages/x__post.html'), 'https://x.com/realDonaldTrump/status/1222907250383245320').comments).toBeUndefined();
  });

  it('YouTube: each rendered comment with its @handle, the time as shown and its lc= permalink (markup copied from a real thread)', () => {
    const post = extractPost(file('site/comments/youtube-watch.html'), 'https://www.youtube.com/watch?v=nS9McwlWGzo');
    // Before expanding, the page shows the two top-level comments; the replies are not in the DOM yet.
    expect(post.comments).toHaveLength(2);
    expect(post.comments![1]).toMatchObject({ handle: '@quay_witness', timeShown: '3 hours ago', publishedAt: null, url: 'https://www.youtube.com/watch?v=nS9McwlWGzo&lc=UgzQuayWitness0001AaABAg' });
    expect(post.comments![1]!.text).toMatch(/^I was on the quay when it happened\. .*Line 8 of a long eyewitness comment/);
  });

  it('schema.org JSON-LD: the comment list of the posting, replies nested in comments, with author, time, text and address', () => {
    const ld = {
      '@context': 'https://schema.org', '@type': 'DiscussionForumPosting', headline: 'Flooding on Harbour Road', datePublished: '2026-11-21T08:00:00Z',
      author: { '@type': 'Person', name: 'harbourwatch' },
      comment: [{
        '@type': 'Comment', author: { '@type': 'Person', name: 'quaywitness', alternateName: '@quaywitness' }, dateCreated: '2026-11-21T08:05:00+01:00', text: 'Water is over the kerb.', url: '/r/harbour/comments/abc/c1',
        comment: { '@type': 'Comment', author: 'pier_cam', datePublished: '2026-11-21T08:09:00Z', text: 'Same at the pier.' },
      }],
    };
    const html = `<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body></body></html>`;
    expect(extractPost(html, 'https://forum.example/r/harbour/comments/abc').comments).toEqual([
      { author: 'quaywitness', handle: '@quaywitness', publishedAt: '2026-11-21T07:05:00.000Z', text: 'Water is over the kerb.', url: 'https://forum.example/r/harbour/comments/abc/c1' },
      { author: 'pier_cam', handle: null, publishedAt: '2026-11-21T08:09:00.000Z', text: 'Same at the pier.', url: null },
    ]);
  });

  it('schema.org microdata: itemtype Comment with author (a Person\'s name or text), dateCreated, text and url', () => {
    const html = `<article itemscope itemtype="https://schema.org/BlogPosting"><h1 itemprop="headline">Storm</h1>
      <div itemprop="comment" itemscope itemtype="https://schema.org/Comment" id="comment-7">
        <p itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ann Quay</span></p>
        <a itemprop="url" href="#comment-7"><time itemprop="dateCreated" datetime="2026-11-21T09:00:00Z">21 November</time></a>
        <div itemprop="text"><p>The road was shut at nine.</p></div>
      </div>
      <li itemprop="comment" itemscope itemtype="http://schema.org/Comment"><span itemprop="author">Bo</span><p itemprop="text">Thanks.</p></li></article>`;
    expect(extractPost(html, 'https://blog.example/storm').comments).toEqual([
      { author: 'Ann Quay', handle: null, publishedAt: '2026-11-21T09:00:00.000Z', text: 'The road was shut at nine.', url: 'https://blog.example/storm#comment-7' },
      { author: 'Bo', handle: null, publishedAt: null, text: 'Thanks.', url: null },
    ]);
  });
});

describe('profile pages: kind profile, with their recent posts listed', () => {
  it('X: the saved real profile lists its timeline posts with their links, times and texts', () => {
    const post = extractPost(file('pages/x__profile.html'), 'https://x.com/kikobeats?mx=2');
    expect(post).toMatchObject({ kind: 'profile', publishedAt: null });
    expect(post.recentPosts).toEqual([
      { url: 'https://x.com/Kikobeats/status/1759241476758733209', publishedAt: '2024-02-18T15:40:27.000Z', text: expect.stringMatching(/^Making some/) },
      { url: 'https://x.com/Kikobeats/status/1987508451887784324', publishedAt: '2025-11-09T13:11:55.000Z', text: expect.stringMatching(/^Estoy viajando por China/) },
      { url: 'https://x.com/Kikobeats/status/1935738866390253649', publishedAt: '2025-06-19T16:38:04.000Z', text: "It's online https://vercel.vercel.vercel.app" },
    ]);
  });

  it('Telegram: a channel feed without a post number is the channel\'s page, listing each message with its t.me link', () => {
    const post = extractPost(file('pages/telegram__channel-feed.html'), 'https://t.me/s/harbouralerts');
    expect(post).toMatchObject({ kind: 'profile', author: 'Harbour Alerts', handle: '@harbouralerts', publishedAt: null });
    expect(post.recentPosts!.map((p) => [p.url, p.publishedAt])).toEqual([
      ['https://t.me/harbouralerts/511', '2026-11-21T07:55:03.000Z'],
      ['https://t.me/harbouralerts/512', '2026-11-21T08:40:12.000Z'],
      ['https://t.me/harbouralerts/513', '2026-11-21T09:15:47.000Z'],
    ]);
  });

  it('a post page is kind post and lists no posts; a page of no platform says neither', () => {
    expect(extractPost(file('pages/x__post.html'), 'https://x.com/realDonaldTrump/status/1222907250383245320')).toMatchObject({ kind: 'post' });
    expect(extractPost(file('pages/x__post.html'), 'https://x.com/realDonaldTrump/status/1222907250383245320').recentPosts).toBeUndefined();
    expect(extractPost('<title>x</title>', 'https://example.org/').kind).toBeUndefined();
  });
});
