import { findTag, hasClass, innerText } from '../html-scan.js';
import { meta, normaliseTime, resolveUrl } from '../page-facts.js';
import { hostIs, type PlatformExtractor } from './platform.js';

/**
 * Telegram public channel posts (`t.me/channel/123`, and the `?embed=1` widget): author in
 * `tgme_widget_message_author`, text in `tgme_widget_message_text`, the time in the post's
 * `<time datetime>`, photos as `background-image` of `tgme_widget_message_photo_wrap`.
 */
export const telegramExtractor: PlatformExtractor = {
  platform: 'telegram',
  matches: (host) => hostIs(host, 't.me', 'telegram.me', 'telegram.org'),
  extract(facts, html) {
    const post = /^\/(?:s\/)?([A-Za-z0-9_]{4,})\/(\d+)/.exec(facts.pageUrl.pathname);
    const authorTag = findTag(html, (tag) => hasClass(tag, 'tgme_widget_message_owner_name') || hasClass(tag, 'tgme_widget_message_author_name'));
    const textTag = findTag(html, (tag) => hasClass(tag, 'tgme_widget_message_text'));
    const photos = [...html.matchAll(/tgme_widget_message_photo_wrap[^>]*background-image:url\('([^']+)'\)/g)].map((m) => resolveUrl(m[1], facts.pageUrl));
    return {
      platform: 'telegram',
      url: post ? `https://t.me/${post[1]}/${post[2]}` : null,
      author: authorTag ? innerText(html, authorTag) : meta(facts, 'og:title'),
      handle: post ? `@${post[1]}` : null,
      publishedAt: facts.times.map(normaliseTime).find((t) => t !== null) ?? null,
      text: textTag ? innerText(html, textTag) : meta(facts, 'og:description', 'twitter:description'),
      mediaUrls: photos.filter((p): p is string => p !== null),
    };
  },
};
