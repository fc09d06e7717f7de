import { meta, normaliseTime } from '../page-facts.js';
import { facebookComments } from '../comment-readers/facebook.js';
import { hostIs, type PlatformExtractor } from './platform.js';

/**
 * Facebook. Public post pages state the author in og:title and the text in og:description; the
 * post time is a Unix time in `data-utime` or in the embedded `"publish_time"`/`"creation_time"`.
 */
export const facebookExtractor: PlatformExtractor = {
  platform: 'facebook',
  matches: (host) => hostIs(host, 'facebook.com', 'fb.com', 'fb.watch'),
  extract(facts, html) {
    const utime = /data-utime="(\d{9,11})"/.exec(html)?.[1] ?? /"(?:publish_time|creation_time)"\s*:\s*(\d{9,11})/.exec(html)?.[1];
    const path = facts.pageUrl.pathname.split('/').filter(Boolean);
    const handle = path[0] && !['permalink.php', 'story.php', 'watch', 'photo', 'photo.php', 'groups', 'share'].includes(path[0]) ? path[0] : null;
    const comments = facebookComments(html, facts.pageUrl);
    return {
      platform: 'facebook',
      author: meta(facts, 'og:title')?.replace(/ \| Facebook$/, '') ?? null,
      handle,
      publishedAt: utime ? normaliseTime(Number(utime)) : null,
      text: meta(facts, 'og:description', 'description'),
      comments: comments.length > 0 ? comments : undefined,
    };
  },
};
