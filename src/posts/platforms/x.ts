import { findTag, innerText, iterateTags } from '../html-scan.js';
import { meta, normaliseTime } from '../page-facts.js';
import { hostIs, quoted, type PlatformExtractor } from './platform.js';

/**
 * X (Twitter). A status page's og:title is `Name on X: "text"`; the handle is in the address
 * (`/handle/status/id`); the post time is the first `<time datetime>` of the page. On a profile
 * page the first <time> belongs to some post in the timeline, not to the profile, so a profile
 * gets no publication time.
 */
export const xExtractor: PlatformExtractor = {
  platform: 'x',
  matches: (host) => hostIs(host, 'x.com', 'twitter.com'),
  extract(facts, html) {
    const status = /^\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d+)/.exec(facts.pageUrl.pathname);
    const ogTitle = meta(facts, 'og:title');
    const titleHandle = /\(@([A-Za-z0-9_]{1,15})\)/.exec(facts.title ?? '')?.[1];
    const handle = status?.[1] ?? titleHandle ?? /^\/([A-Za-z0-9_]{1,15})\/?$/.exec(facts.pageUrl.pathname)?.[1] ?? null;
    const author = /^(.*?) on X:/.exec(ogTitle ?? '')?.[1]?.trim() ?? /^(.*?) \(@[A-Za-z0-9_]+\)/.exec(facts.title ?? '')?.[1]?.trim() ?? null;
    const textTag = status ? findTag(html, (tag) => tag.attrs['data-testid'] === 'tweetText') : null;
    return {
      platform: 'x',
      notAPost: !status,
      url: status ? `https://x.com/${status[1]}/status/${status[2]}` : facts.canonical,
      author,
      handle: handle ? `@${handle}` : null,
      publishedAt: status ? facts.times.map(normaliseTime).find((t) => t !== null) ?? null : null,
      // og:title holds the post's own plain text (links as t.co); the DOM shows them expanded.
      text: status ? quoted(ogTitle) ?? (textTag ? innerText(html, textTag) : null) : meta(facts, 'og:description', 'description'),
      mediaUrls: status ? postMedia(html) : undefined,
    };
  },
};

/** Photos, GIF videos and video posters shown in the post (not avatars, not X's default card). */
function postMedia(html: string): string[] {
  const urls: string[] = [];
  for (const tag of iterateTags(html)) {
    if (tag.name === 'img' && /^https?:\/\/pbs\.twimg\.com\/(media|tweet_video_thumb|ext_tw_video_thumb|amplify_video_thumb)\//.test(tag.attrs.src ?? '')) urls.push(tag.attrs.src!);
    if (tag.name === 'video') {
      if (/^https?:\/\/video\.twimg\.com\//.test(tag.attrs.src ?? '')) urls.push(tag.attrs.src!);
      if (tag.attrs.poster) urls.push(tag.attrs.poster);
    }
  }
  return urls;
}
