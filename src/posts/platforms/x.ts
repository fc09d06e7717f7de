import { findTag, innerText, iterateTags } from '../html-scan.js';
import { meta, normaliseTime, type PageFacts } from '../page-facts.js';
import { xArticles, xReplies } from '../comments.js';
import { hostIs, quoted, type PlatformExtractor } from './platform.js';

/**
 * X (Twitter). A status page's og:title is `Name on X: "text"`; the handle is in the address
 * (`/handle/status/id`); the post time is the first `<time datetime>` of the page. On a profile
 * page the first <time> belongs to some post in the timeline, not to the profile, so a profile
 * gets no publication time.
 *
 * X also serves status pages with nothing but OpenGraph and Twitter-card tags (to link-preview
 * clients, and as twitter.com once served them): the name is then in the card's title
 * (`Name (@handle) on X`, `Name on Twitter`), the handle in `twitter:creator`, the text in the
 * description, and no time at all. The time is then read from the status ID itself (see
 * {@link snowflakeTime}).
 */
export const xExtractor: PlatformExtractor = {
  platform: 'x',
  matches: (host) => hostIs(host, 'x.com', 'twitter.com'),
  extract(facts, html) {
    const status = /^\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d+)/.exec(facts.pageUrl.pathname);
    const titles = [meta(facts, 'og:title'), meta(facts, 'twitter:title'), facts.title].filter((t): t is string => t !== null);
    const ogTitle = meta(facts, 'og:title');
    const creator = /^@([A-Za-z0-9_]{1,15})$/.exec(meta(facts, 'twitter:creator') ?? '')?.[1];
    const titleHandle = titles.map((t) => /\(@([A-Za-z0-9_]{1,15})\)/.exec(t)?.[1]).find(Boolean);
    const handle = status?.[1] ?? creator ?? titleHandle ?? /^\/([A-Za-z0-9_]{1,15})\/?$/.exec(facts.pageUrl.pathname)?.[1] ?? null;
    const textTag = status ? findTag(html, (tag) => tag.attrs['data-testid'] === 'tweetText') : null;
    return {
      platform: 'x',
      notAPost: !status,
      url: status ? `https://x.com/${status[1]}/status/${status[2]}` : facts.canonical,
      author: titles.map(nameInTitle).find((name) => name !== null) ?? null,
      handle: handle ? `@${handle}` : null,
      publishedAt: status ? facts.times.map(normaliseTime).find((t) => t !== null) ?? snowflakeTime(status[2]!) : null,
      // og:title holds the post's own plain text (links as t.co); the DOM shows them expanded.
      text: status ? quoted(ogTitle) ?? (textTag ? innerText(html, textTag) : null) ?? cardText(facts) : meta(facts, 'og:description', 'description'),
      mediaUrls: status ? postMedia(html) : undefined,
      comments: status ? xReplies(html, facts.pageUrl, status[2]!) : undefined,
      // A profile lists its timeline: each post's own link, time and text.
      recentPosts: status ? undefined : xArticles(html, facts.pageUrl).flatMap(({ comment }) => (comment.url ? [{ url: comment.url, publishedAt: comment.publishedAt, text: comment.text }] : [])),
    };
  },
};

/** The account name in a title X wrote: `Name on X: "text"`, `Name (@handle) on X`, `Name on Twitter`, `Name (@handle) / X`. */
function nameInTitle(title: string): string | null {
  const match = /^(.*?) on (?:X|Twitter)(?::|$)/.exec(title) ?? /^(.*?) \(@[A-Za-z0-9_]{1,15}\)(?: on (?:X|Twitter)| \/ (?:X|Twitter))?$/.exec(title);
  const name = match?.[1]?.replace(/ \(@[A-Za-z0-9_]{1,15}\)$/, '').trim();
  // `X` alone is the site's own title on a page that has not rendered.
  return name && name !== 'X' && name !== 'Twitter' ? name : null;
}

/** The post text a card states: its description, without the curly quotes twitter.com put around it. */
function cardText(facts: PageFacts): string | null {
  const description = meta(facts, 'og:description', 'twitter:description');
  if (!description) return null;
  return /^“([\s\S]*)”$/.exec(description)?.[1]?.trim() || description;
}

/** Twitter's ID epoch (2010-11-04T01:42:54.657Z): status IDs since then carry their creation time. */
const SNOWFLAKE_EPOCH_MS = 1288834974657n;
/** Status IDs before Snowflake were sequential (the last near 3e10) and carry no time. */
const FIRST_SNOWFLAKE = 100_000_000_000n;

/**
 * The creation time a status ID carries: since November 2010 X's IDs are Snowflake IDs whose
 * top 41 bits are milliseconds since its epoch. This is how X itself assigned the time, not a
 * guess; it is given to the second, as the page shows it.
 */
export function snowflakeTime(id: string): string | null {
  if (!/^\d{1,20}$/.test(id)) return null;
  const value = BigInt(id);
  if (value < FIRST_SNOWFLAKE) return null;
  const ms = Number((value >> 22n) + SNOWFLAKE_EPOCH_MS);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

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
