import { meta, normaliseTime } from '../page-facts.js';
import { mastodonReplies } from '../comment-readers/mastodon.js';
import type { PlatformExtractor } from './platform.js';

/**
 * Mastodon (any server): recognised by the page, not the host, since every server has its own.
 * Status pages state `profile:username` (`user@server`), og:title `Name (@user@server)`,
 * og:description (the text) and `og:published_time`.
 */
export const mastodonExtractor: PlatformExtractor = {
  platform: 'mastodon',
  matches: (_host, facts) =>
    meta(facts, 'application-name') === 'Mastodon' || (/^\/@[^/]+\/\d+/.test(facts.pageUrl.pathname) && facts.metas.has('profile:username')),
  extract(facts, html) {
    const title = meta(facts, 'og:title');
    const username = meta(facts, 'profile:username');
    const replies = mastodonReplies(html, facts.pageUrl);
    return {
      platform: 'mastodon',
      author: /^(.*?) \(@/.exec(title ?? '')?.[1]?.trim() ?? null,
      handle: username ? `@${username}` : /\((@[^)]+)\)/.exec(title ?? '')?.[1] ?? null,
      publishedAt: normaliseTime(meta(facts, 'og:published_time', 'article:published_time')),
      text: meta(facts, 'og:description', 'description'),
      // Rendered replies only; none read leaves the generic reading (schema.org Comment markup).
      comments: replies.length > 0 ? replies : undefined,
    };
  },
};
