import { findTag, innerText } from '../html-scan.js';
import { meta, normaliseTime } from '../page-facts.js';
import { blueskyReplies } from '../comment-readers/bluesky.js';
import { hostIs, type PlatformExtractor } from './platform.js';

/**
 * Bluesky (`bsky.app/profile/handle/post/id`). The server-rendered page has the post in
 * `<p id="bsky_post_text">`, the author in `bsky_display_name` / `bsky_handle`, and
 * `article:published_time`.
 */
export const blueskyExtractor: PlatformExtractor = {
  platform: 'bluesky',
  matches: (host) => hostIs(host, 'bsky.app', 'bsky.social'),
  extract(facts, html) {
    const byId = (id: string) => {
      const tag = findTag(html, (t) => t.attrs.id === id);
      return tag ? innerText(html, tag) || null : null;
    };
    const path = /^\/profile\/([^/]+)\/post\/([a-z0-9]+)/i.exec(facts.pageUrl.pathname);
    const handle = byId('bsky_handle') ?? path?.[1] ?? null;
    const replies = path ? blueskyReplies(html, facts.pageUrl) : [];
    return {
      platform: 'bluesky',
      url: path ? `https://bsky.app/profile/${path[1]}/post/${path[2]}` : null,
      author: byId('bsky_display_name') ?? /^(.*?) \(@/.exec(meta(facts, 'og:title') ?? '')?.[1] ?? null,
      handle: handle ? `@${handle.replace(/^@/, '')}` : null,
      publishedAt: normaliseTime(meta(facts, 'article:published_time')) ?? normaliseTime(byId('bsky_post_indexedat')),
      text: byId('bsky_post_text') ?? meta(facts, 'og:description', 'description'),
      comments: replies.length > 0 ? replies : undefined,
    };
  },
};
