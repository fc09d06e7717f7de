import { meta } from '../page-facts.js';
import { dateFromWords, hostIs, quoted, type PlatformExtractor } from './platform.js';

/**
 * Instagram. og:title is `Name on Instagram: "caption"`, twitter:title `Name (@handle) • ...`,
 * and the description says `... - handle on May 29, 2021: "caption"`: a date without a time,
 * which is kept as a date (not turned into midnight UTC).
 */
export const instagramExtractor: PlatformExtractor = {
  platform: 'instagram',
  matches: (host) => hostIs(host, 'instagram.com'),
  extract(facts) {
    const ogTitle = meta(facts, 'og:title');
    const twitterTitle = meta(facts, 'twitter:title');
    const description = meta(facts, 'og:description', 'description');
    const isPost = /^\/(p|reel|tv)\//.test(facts.pageUrl.pathname);
    const handle = /\(@([A-Za-z0-9._]+)\)/.exec(twitterTitle ?? ogTitle ?? '')?.[1] ?? / - ([A-Za-z0-9._]+) on /.exec(description ?? '')?.[1] ?? null;
    return {
      platform: 'instagram',
      notAPost: !isPost,
      author: /^(.*?) on Instagram:/.exec(ogTitle ?? '')?.[1]?.trim() ?? /^(.*?) \(@/.exec(twitterTitle ?? ogTitle ?? '')?.[1]?.trim() ?? null,
      handle: handle ? `@${handle}` : null,
      publishedAt: isPost ? dateFromWords(description) : null,
      text: isPost ? quoted(ogTitle) ?? quoted(description) : description,
    };
  },
};
