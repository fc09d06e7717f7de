import { findTag, innerText } from '../html-scan.js';
import { meta, normaliseTime } from '../page-facts.js';
import { redditComments } from '../comment-readers/reddit.js';
import { hostIs, type PlatformExtractor } from './platform.js';

/**
 * Reddit. The post page holds a `<shreddit-post>` element whose attributes carry `author`,
 * `created-timestamp`, `post-title` and `permalink`; the body is in its `text-body` slot.
 */
export const redditExtractor: PlatformExtractor = {
  platform: 'reddit',
  matches: (host) => hostIs(host, 'reddit.com', 'redd.it'),
  extract(facts, html) {
    const post = findTag(html, (tag) => tag.name === 'shreddit-post');
    const body = findTag(html, (tag) => tag.attrs.slot === 'text-body');
    const title = post?.attrs['post-title'] ?? meta(facts, 'og:title');
    const bodyText = body ? innerText(html, body) : null;
    const author = post?.attrs.author ?? null;
    const comments = redditComments(html, facts.pageUrl);
    return {
      platform: 'reddit',
      url: post?.attrs.permalink ? `https://www.reddit.com${post.attrs.permalink}` : null,
      author,
      handle: author ? `u/${author}` : null,
      publishedAt: normaliseTime(post?.attrs['created-timestamp']?.replace(/\+0000$/, 'Z')) ?? null,
      text: [title, bodyText].filter(Boolean).join('\n\n') || null,
      comments: comments.length > 0 ? comments : undefined,
      mediaUrls: post?.attrs['content-href'] && /\.(jpe?g|png|gif|webp|mp4)(\?|$)/i.test(post.attrs['content-href']) ? [post.attrs['content-href']] : undefined,
    };
  },
};
