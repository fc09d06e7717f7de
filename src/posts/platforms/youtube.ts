import { meta, normaliseTime } from '../page-facts.js';
import { youtubeComments } from '../comments.js';
import { hostIs, type PlatformExtractor } from './platform.js';

/**
 * YouTube. The watch page carries microdata: `datePublished` with the uploader's offset, and an
 * `author` Person whose `name` and `url` (`/@handle`) follow it.
 */
export const youtubeExtractor: PlatformExtractor = {
  platform: 'youtube',
  matches: (host) => hostIs(host, 'youtube.com', 'youtu.be'),
  extract(facts, html) {
    const author = /itemprop="author"[\s\S]{0,600}?itemprop="url" href="([^"]*)"[\s\S]{0,300}?itemprop="name" content="([^"]*)"/.exec(html);
    const handle = /\/(@[^/?#"]+)/.exec(author?.[1] ?? '')?.[1] ?? null;
    const comments = youtubeComments(html, facts.pageUrl);
    return {
      platform: 'youtube',
      notAPost: !/^\/(watch|shorts\/|live\/)/.test(facts.pageUrl.pathname) && !facts.pageUrl.hostname.endsWith('youtu.be'),
      author: author?.[2] ?? meta(facts, 'og:title'),
      handle,
      publishedAt: normaliseTime(meta(facts, 'datepublished', 'uploaddate')),
      text: meta(facts, 'og:description', 'description'),
      // The og:video of a watch page is the embed player (HTML), not a video file.
      mediaUrls: [meta(facts, 'og:image')].filter((v): v is string => v !== null),
      // Rendered comments only (the served page has none until scrolled to); none read leaves the generic reading.
      comments: comments.length > 0 ? comments : undefined,
    };
  },
};
