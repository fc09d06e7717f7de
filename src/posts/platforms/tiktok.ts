import { normaliseTime } from '../page-facts.js';
import { tiktokComments } from '../comment-readers/tiktok.js';
import { hostIs, type PlatformExtractor } from './platform.js';

function jsonString(html: string, key: string): string | null {
  const match = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(html);
  if (!match) return null;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return null;
  }
}

/**
 * TikTok. The video page embeds its item as JSON (`__UNIVERSAL_DATA_FOR_REHYDRATION__`):
 * `desc`, `createTime` (Unix seconds), `author.uniqueId` and `nickname`; the address is
 * `/@handle/video/id`.
 */
export const tiktokExtractor: PlatformExtractor = {
  platform: 'tiktok',
  matches: (host) => hostIs(host, 'tiktok.com'),
  extract(facts, html) {
    const path = /^\/@([^/]+)\/(?:video|photo)\/(\d+)/.exec(facts.pageUrl.pathname);
    const createTime = /"createTime"\s*:\s*"?(\d{9,11})"?/.exec(html)?.[1];
    const handle = path?.[1] ?? jsonString(html, 'uniqueId');
    const playAddr = jsonString(html, 'playAddr');
    const comments = tiktokComments(html);
    return {
      platform: 'tiktok',
      url: path ? `https://www.tiktok.com/@${path[1]}/video/${path[2]}` : null,
      author: jsonString(html, 'nickname'),
      handle: handle ? `@${handle}` : null,
      publishedAt: createTime ? normaliseTime(Number(createTime)) : null,
      text: jsonString(html, 'desc'),
      mediaUrls: playAddr ? [playAddr] : undefined,
      comments: comments.length > 0 ? comments : undefined,
    };
  },
};
