import { innerText, iterateTags } from '../html-scan.js';
import { meta, normaliseTime, type PageFacts } from '../page-facts.js';
import { instagramComments } from '../comment-readers/instagram.js';
import { dateFromWords, hostIs, quoted, type PlatformExtractor, type PlatformReading } from './platform.js';

/**
 * Instagram. og:title is `Name on Instagram: "caption"`, twitter:title `Name (@handle) • ...`,
 * and the description says `... - handle on May 29, 2021: "caption"`: a date without a time,
 * which is kept as a date (not turned into midnight UTC).
 *
 * A story (`/stories/handle/id/`) states nothing of itself in meta tags: the viewer shows the
 * account's username in its header and the story's time in a `<time datetime>`. A story is a
 * post (it has a time); a highlight (`/stories/highlights/id/`) names its account only in the header.
 */
export const instagramExtractor: PlatformExtractor = {
  platform: 'instagram',
  matches: (host) => hostIs(host, 'instagram.com'),
  extract(facts, html) {
    const story = /^\/stories\/([A-Za-z0-9._]+)\/(\d+)/.exec(facts.pageUrl.pathname);
    if (story) return readStory(facts, html, story[1]!, story[2]!);
    const ogTitle = meta(facts, 'og:title');
    const twitterTitle = meta(facts, 'twitter:title');
    const description = meta(facts, 'og:description', 'description');
    const isPost = /^\/(p|reel|tv)\//.test(facts.pageUrl.pathname);
    const comments = isPost ? instagramComments(html, facts.pageUrl) : [];
    const handle = /\(@([A-Za-z0-9._]+)\)/.exec(twitterTitle ?? ogTitle ?? '')?.[1] ?? / - ([A-Za-z0-9._]+) on /.exec(description ?? '')?.[1] ?? null;
    return {
      platform: 'instagram',
      notAPost: !isPost,
      author: /^(.*?) on Instagram:/.exec(ogTitle ?? '')?.[1]?.trim() ?? /^(.*?) \(@/.exec(twitterTitle ?? ogTitle ?? '')?.[1]?.trim() ?? null,
      handle: handle ? `@${handle}` : null,
      publishedAt: isPost ? dateFromWords(description) : null,
      text: isPost ? quoted(ogTitle) ?? quoted(description) : description,
      comments: comments.length > 0 ? comments : undefined,
    };
  },
};

/** Links that are Instagram's own pages, not an account. */
const notAccounts = new Set(['stories', 'explore', 'accounts', 'direct', 'reels', 'p', 'reel', 'tv', 'about', 'legal', 'web']);

function readStory(facts: PageFacts, html: string, pathHandle: string, id: string): PlatformReading {
  const highlight = pathHandle === 'highlights';
  // The viewer's header links the account (`/handle/`) and shows its username; the first such link with text is it.
  let shown: { handle: string; name: string } | null = null;
  for (const tag of iterateTags(html)) {
    const linked = tag.name === 'a' ? /^(?:https:\/\/www\.instagram\.com)?\/([A-Za-z0-9._]+)\/?$/.exec(tag.attrs.href ?? '')?.[1] : undefined;
    if (!linked || notAccounts.has(linked) || (!highlight && linked.toLowerCase() !== pathHandle.toLowerCase())) continue;
    const name = innerText(html, tag, 200);
    if (name) {
      shown = { handle: linked, name };
      break;
    }
  }
  const handle = highlight ? shown?.handle ?? null : pathHandle;
  return {
    platform: 'instagram',
    url: highlight ? `https://www.instagram.com/stories/highlights/${id}/` : `https://www.instagram.com/stories/${pathHandle}/${id}/`,
    // A story shows no display name: the username in its header is the name it is posted under.
    author: /^(.*?) \(@/.exec(meta(facts, 'twitter:title') ?? '')?.[1]?.trim() ?? shown?.name ?? handle,
    handle: handle ? `@${handle}` : null,
    publishedAt: facts.times.map(normaliseTime).find((t) => t !== null) ?? null,
    text: null,
  };
}
