import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPost } from '../../../src/posts/extract-post.js';
import { fixturePath } from '../../support/fixture-site.js';

// Each fixture copies the platform's rendered markup; its header names where the structure came from.
const read = (file: string, url: string) => extractPost(readFileSync(fixturePath(`pages/${file}`), 'utf8'), url);
const PLATFORM_PAGES = {
  reddit: ['reddit__post-comments.html', 'https://www.reddit.com/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/'],
  oldReddit: ['reddit__old-comments.html', 'https://old.reddit.com/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/'],
  mastodon: ['mastodon__status-thread.html', 'https://social.example/@notes/113500000000000001'],
  bluesky: ['bluesky__post-thread.html', 'https://bsky.app/profile/harbourwatch.bsky.social/post/3lbx2harbour'],
  blueskyLinear: ['bluesky__thread-linear-nesting.html', 'https://bsky.app/profile/harbourwatch.bsky.social/post/3lbx2harbour'],
  blueskyTree: ['bluesky__thread-tree-nesting.html', 'https://bsky.app/profile/harbourwatch.bsky.social/post/3lbx2harbour'],
  instagram: ['instagram__post-comments.html', 'https://www.instagram.com/p/DCxHarbour1/'],
  tiktok: ['tiktok__video-comments.html', 'https://www.tiktok.com/@harbour.watch/video/7440000000000000001'],
  facebook: ['facebook__post-comments.html', 'https://www.facebook.com/harbourwatch/posts/pfbid0Harbour'],
} as const;
const page = (name: keyof typeof PLATFORM_PAGES) => read(PLATFORM_PAGES[name][0], PLATFORM_PAGES[name][1]);

describe('platform comments read into post.comments, with depth and whom they answer where the page shows it', () => {
  it('Reddit (shreddit): author, u/ handle, created time in UTC, text, permalink, depth and the parent\'s author; a deleted account has no handle', () => {
    const post = page('reddit');
    expect(post).toMatchObject({ platform: 'reddit', author: 'tide_watcher' });
    expect(post.comments).toEqual([
      { author: 'quay_witness', handle: 'u/quay_witness', publishedAt: '2026-11-21T09:05:12.345Z', text: 'Same on Quay Street, the drains are backing up.\nPhoto in an hour.', url: 'https://www.reddit.com/r/harbourtown/comments/1abcde/comment/kq1aaa1/', depth: 0 },
      { author: 'pier_cam', handle: 'u/pier_cam', publishedAt: '2026-11-21T09:07:40.000Z', text: 'Confirmed from the pier camera, 09:06.', url: 'https://www.reddit.com/r/harbourtown/comments/1abcde/comment/kq1bbb2/', depth: 1, replyTo: 'u/quay_witness' },
      { author: '[deleted]', handle: null, publishedAt: '2026-11-21T09:20:00.000Z', text: '[removed]', url: 'https://www.reddit.com/r/harbourtown/comments/1abcde/comment/kq1ccc3/', depth: 2, replyTo: 'u/pier_cam' },
      { author: 'harbour_mod', handle: 'u/harbour_mod', publishedAt: '2026-11-21T09:30:00.000Z', text: 'Please keep updates in this thread.', url: 'https://www.reddit.com/r/harbourtown/comments/1abcde/comment/kq1ddd4/', depth: 0 },
    ]);
  });

  it('old Reddit: data-author, the live-timestamp in UTC, the .md text, data-permalink, and depth from the nesting', () => {
    expect(page('oldReddit').comments).toEqual([
      { author: 'quay_witness', handle: 'u/quay_witness', publishedAt: '2026-11-21T09:05:12.000Z', text: 'Same on Quay Street, the drains are backing up.', url: 'https://old.reddit.com/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/kq1aaa1/', depth: 0 },
      { author: 'pier_cam', handle: 'u/pier_cam', publishedAt: '2026-11-21T09:07:40.000Z', text: 'Confirmed from the pier camera, 09:06.', url: 'https://old.reddit.com/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/kq1bbb2/', depth: 1, replyTo: 'u/quay_witness' },
    ]);
  });

  it('Mastodon: the replies after the detailed status (not the thread above it, not a quoted post), with @user@server and the <time> in UTC', () => {
    const post = page('mastodon');
    expect(post).toMatchObject({ platform: 'mastodon', handle: '@notes@social.example' });
    expect(post.comments).toEqual([
      { author: 'Quay Witness', handle: '@quaywitness@harbour.example', publishedAt: '2026-11-21T09:10:00.000Z', text: '@notes Confirmed from the quay, water at the second step.', url: 'https://social.example/@quaywitness@harbour.example/113500000000000042' },
      { author: 'Harbour Notes', handle: '@notes@social.example', publishedAt: '2026-11-21T09:31:05.000Z', text: 'Thanks, adding it to the log.', url: 'https://social.example/@notes/113500000000000077' },
    ]);
  });

  it('Bluesky: the thread items after the post, with name, @handle, the date as shown (no zone on the page, so not made UTC) and the post link', () => {
    expect(page('bluesky').comments).toEqual([
      { author: 'Quay Witness', handle: '@quaywitness.bsky.social', publishedAt: null, timeShown: 'November 21, 2026 at 9:10 AM', text: 'Water over the kerb on Quay Street too.', url: 'https://bsky.app/profile/quaywitness.bsky.social/post/3lbx2quay01', depth: 0 },
      { author: 'pier-cam.example.org', handle: '@pier-cam.example.org', publishedAt: null, timeShown: 'November 21, 2026 at 9:14 AM', text: 'Camera shows it at 09:06.', url: 'https://bsky.app/profile/pier-cam.example.org/post/3lbx2pier02', depth: 0 },
    ]);
  });

  const nesting = (name: 'blueskyLinear' | 'blueskyTree') => (page(name).comments ?? []).map((c) => [c.handle, c.depth, c.replyTo ?? null]);
  it('Bluesky linear view (the default): a reply drawn with the line from the post above answers it; one without answers the thread\'s post', () => {
    expect(page('blueskyLinear').comments?.[2]).toEqual({ author: 'Tide Gauge', handle: '@tidegauge.bsky.social', publishedAt: null, timeShown: 'November 21, 2026 at 9:20 AM', text: 'Gauge read 4.1 m at 09:05.', url: 'https://bsky.app/profile/tidegauge.bsky.social/post/3lbx2tide03', depth: 2, replyTo: '@pier-cam.example.org' });
    expect(nesting('blueskyLinear')).toEqual([
      ['@quaywitness.bsky.social', 0, null], ['@pier-cam.example.org', 1, '@quaywitness.bsky.social'], ['@tidegauge.bsky.social', 2, '@pier-cam.example.org'], ['@harbourmod.bsky.social', 0, null],
    ]);
  });

  it('Bluesky tree view: depth from the indent columns before each reply (a skipped line still counts), answering the nearest reply a level up', () => {
    expect(nesting('blueskyTree')).toEqual([
      ['@quaywitness.bsky.social', 0, null], ['@pier-cam.example.org', 1, '@quaywitness.bsky.social'], ['@tidegauge.bsky.social', 2, '@pier-cam.example.org'],
      ['@gullrock.bsky.social', 1, '@quaywitness.bsky.social'], ['@harbourmod.bsky.social', 0, null],
    ]);
  });

  it('Instagram: each listed comment (not the caption) with @handle, the <time datetime> in UTC and its /c/ permalink', () => {
    expect(page('instagram').comments).toEqual([
      { author: 'quay.witness', handle: '@quay.witness', publishedAt: '2026-11-21T09:12:30.000Z', text: 'Same on Quay Street, drains backing up', url: 'https://www.instagram.com/p/DCxHarbour1/c/17912345678901234/', depth: 0 },
      { author: 'pier.cam', handle: '@pier.cam', publishedAt: '2026-11-21T09:20:05.000Z', text: 'Camera shows it at 09:06 🌊', url: 'https://www.instagram.com/p/DCxHarbour1/c/17923456789012345/', depth: 0 },
    ]);
  });

  it('TikTok: name and @handle from the commenter link, the text, and the age as shown (TikTok shows no time and no comment link)', () => {
    expect(page('tiktok').comments).toEqual([
      { author: 'Quay Witness', handle: '@quay.witness', publishedAt: null, timeShown: '2d ago', text: 'Same on Quay Street 🌊', url: null, depth: 0 },
      { author: 'pier.cam', handle: '@pier.cam', publishedAt: null, timeShown: '11-21', text: 'Camera shows it at 09:06', url: null, depth: 0 },
    ]);
  });

  it('Facebook: role=article "Comment by NAME age": the name, the text without its "See more" control, the age link as the address', () => {
    expect(page('facebook').comments).toEqual([
      { author: 'Ann Quay', handle: null, publishedAt: null, timeShown: '2h', text: 'Water over the kerb on Quay Street, the drains are backing up and the…', url: 'https://www.facebook.com/harbourwatch/posts/pfbid0Harbour?comment_id=912000000000001', depth: 0 },
      { author: 'Bo Chen', handle: null, publishedAt: null, timeShown: '1h', text: 'Road closed at the roundabout.', url: 'https://www.facebook.com/harbourwatch/posts/pfbid0Harbour?comment_id=912000000000002', depth: 0 },
    ]);
  });

  it('Facebook: a reply rendered inside the comment it answers is at depth 1, in either English label form', () => {
    const html = `<div role="article" aria-label="Comment by Ann Quay 2 hours ago"><a href="/profile.php?id=1"><span dir="auto">Ann Quay</span></a><div dir="auto">Water</div>
      <div role="article" aria-label="Reply from Bo Chen to comment from Ann Quay 1 hour ago"><span dir="auto">Bo Chen</span><div dir="auto">Same here</div><a href="/harbourwatch/posts/1?comment_id=1&amp;reply_comment_id=2">1h</a></div></div>`;
    expect(extractPost(html, 'https://www.facebook.com/harbourwatch/posts/1').comments).toEqual([
      { author: 'Ann Quay', handle: null, publishedAt: null, timeShown: '2 hours ago', text: 'Water', url: null, depth: 0 },
      { author: 'Bo Chen', handle: null, publishedAt: null, timeShown: '1h', text: 'Same here', url: 'https://www.facebook.com/harbourwatch/posts/1?comment_id=1&reply_comment_id=2', depth: 1, replyTo: 'Ann Quay' },
    ]);
  });

  it('reads nothing it cannot place: a Facebook label in another language, Mastodon without the detailed status, Bluesky with only the post', () => {
    const fb = '<div role="article" aria-label="Opmerking van Ann Quay 2 uur geleden"><div dir="auto">Water</div></div>';
    expect(extractPost(fb, 'https://www.facebook.com/harbourwatch/posts/1').comments).toBeUndefined();
    const mastodonTimeline = readFileSync(fixturePath('pages/mastodon__status-thread.html'), 'utf8').replace('class="detailed-status"', 'class="status"');
    expect(extractPost(mastodonTimeline, PLATFORM_PAGES.mastodon[1]).comments).toBeUndefined();
    const blueskyAlone = readFileSync(fixturePath('pages/bluesky__post-thread.html'), 'utf8').replace(/<div class="css-175oi2r" data-testid="postThreadItem-by-(quaywitness|pier-cam)[\s\S]*?postText[\s\S]*?<\/div>\s*<\/div>/g, '');
    expect(blueskyAlone).toContain('postThreadItem-by-harbourwatch.bsky.social');
    expect(blueskyAlone).not.toContain('postThreadItem-by-quaywitness');
    expect(extractPost(blueskyAlone, PLATFORM_PAGES.bluesky[1]).comments).toBeUndefined();
  });
});
