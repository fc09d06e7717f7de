import type { Post } from '../domain/item.js';
import { genericPost, uniqueUrls } from './generic.js';
import { readPageFacts } from './page-facts.js';
import { blueskyExtractor } from './platforms/bluesky.js';
import { facebookExtractor } from './platforms/facebook.js';
import { instagramExtractor } from './platforms/instagram.js';
import { mastodonExtractor } from './platforms/mastodon.js';
import type { FrameDocument, PlatformExtractor } from './platforms/platform.js';
import { redditExtractor } from './platforms/reddit.js';
import { telegramExtractor } from './platforms/telegram.js';
import { tiktokExtractor } from './platforms/tiktok.js';
import { xExtractor } from './platforms/x.js';
import { youtubeExtractor } from './platforms/youtube.js';

/** Platform readers, tried in order; the first that matches the page adds to the generic reading. */
export const platformExtractors: PlatformExtractor[] = [
  xExtractor, facebookExtractor, instagramExtractor, tiktokExtractor, youtubeExtractor, telegramExtractor, redditExtractor, blueskyExtractor, mastodonExtractor,
];

/**
 * Reads the post a captured page shows: the generic reading (JSON-LD, OpenGraph, Twitter cards,
 * <time>, canonical) with the page's platform reader on top (chosen by host, or for Mastodon by
 * the page). Fields nobody could read are null; nothing is guessed. `frames` are the page's
 * captured sub-frames, for platforms that show a post through an embed widget (Telegram).
 */
export function extractPost(html: string, pageUrl: string, frames: FrameDocument[] = []): Post {
  const facts = readPageFacts(html, pageUrl);
  const generic = genericPost(facts, html);
  const host = facts.pageUrl.hostname.toLowerCase();
  const platform = platformExtractors.find((extractor) => extractor.matches(host, facts));
  if (!platform) return generic;
  const specific = platform.extract(facts, html, frames);
  const comments = specific.comments ?? generic.comments ?? [];
  const pick = <K extends keyof Post>(key: K): Post[K] => (specific[key] ?? generic[key]) as Post[K];
  return {
    platform: platform.platform,
    url: pick('url'),
    author: pick('author'),
    handle: pick('handle'),
    // A profile page is not a post: the first <time> on it belongs to some post in its timeline.
    publishedAt: specific.notAPost ? null : pick('publishedAt'),
    text: pick('text'),
    mediaUrls: specific.mediaUrls ? uniqueUrls([...specific.mediaUrls, ...generic.mediaUrls.filter((u) => !isPlaceholder(u))], facts.pageUrl) : generic.mediaUrls,
    kind: specific.notAPost ? 'profile' : 'post',
    ...(comments.length > 0 ? { comments } : {}),
    ...(specific.notAPost ? { recentPosts: uniqueListed(specific.recentPosts ?? []) } : {}),
  };
}

/** Each listed post once (a pinned post may also appear in the timeline below it). */
function uniqueListed(posts: NonNullable<Post['recentPosts']>): NonNullable<Post['recentPosts']> {
  const seen = new Set<string>();
  return posts.filter((p) => !seen.has(p.url) && seen.add(p.url));
}

/** Platform default images that show nothing of the post (X's generic card). */
function isPlaceholder(url: string): boolean {
  return url.startsWith('https://abs.twimg.com/rweb/ssr/default/');
}
