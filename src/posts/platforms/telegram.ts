import { findTag, hasClass, innerText, iterateTags } from '../html-scan.js';
import { meta, normaliseTime, resolveUrl, type PageFacts } from '../page-facts.js';
import type { Post } from '../../domain/item.js';
import { hostIs, type PlatformExtractor, type PlatformReading } from './platform.js';

/**
 * Telegram public channel posts in their three forms:
 * - the `?embed=1` widget: the message alone;
 * - `t.me/s/channel/123`: the channel's feed around the post, every message a
 *   `tgme_widget_message` with its own `data-post`;
 * - `t.me/channel/123`: a landing page whose own HTML has only OpenGraph tags, with the message
 *   in the widget's frame (`t.me/channel/123?embed=1`), read from that frame when it was captured.
 * In the message: author in `tgme_widget_message_owner_name` (the channel) or `_author_name`
 * (a group member), text in `tgme_widget_message_text`, the time in the `<time datetime>` of the
 * message's date link (other <time> elements are video and voice durations), photos as the
 * `background-image` of `tgme_widget_message_photo_wrap`.
 */
export const telegramExtractor: PlatformExtractor = {
  platform: 'telegram',
  matches: (host) => hostIs(host, 't.me', 'telegram.me', 'telegram.org'),
  extract(facts, html, frames = []) {
    const post = /^\/(?:s\/)?([A-Za-z0-9_]{4,})\/(\d+)/.exec(facts.pageUrl.pathname);
    const channel = /^\/s\/([A-Za-z0-9_]{4,})\/?$/.exec(facts.pageUrl.pathname);
    if (channel) return channelFeed(facts, html, channel[1]!);
    const ref = post ? `${post[1]}/${post[2]}` : null;
    const reading: PlatformReading = {
      platform: 'telegram',
      url: post ? `https://t.me/${post[1]}/${post[2]}` : null,
      author: meta(facts, 'og:title', 'twitter:title'),
      handle: post ? `@${post[1]}` : null,
      publishedAt: null,
      text: meta(facts, 'og:description', 'twitter:description'),
      mediaUrls: [],
    };
    const widgetFrame = ref ? frames.find((frame) => isWidgetOf(frame.url, ref)) : undefined;
    const message = messageIn(html, ref) ?? (widgetFrame ? messageIn(widgetFrame.html, ref) : null);
    if (!message) return reading;
    return { ...reading, ...Object.fromEntries(Object.entries(readMessage(message, facts)).filter(([, v]) => v !== null)) };
  },
};

/** Whether a frame's address is the embed widget of the post `channel/123`. */
function isWidgetOf(url: string, ref: string): boolean {
  try {
    const parsed = new URL(url);
    return hostIs(parsed.hostname, 't.me', 'telegram.me') && parsed.pathname.replace(/\/$/, '').toLowerCase() === `/${ref.toLowerCase()}` && parsed.searchParams.has('embed');
  } catch {
    return false;
  }
}

/**
 * The HTML of the post's own message: on a feed page the `tgme_widget_message` whose `data-post`
 * is the post (the first <time> of a feed belongs to an older message); on a widget the one
 * message. Null when the page holds no message.
 */
function messageIn(html: string, ref: string | null): string | null {
  const messages = [...iterateTags(html)].filter((tag) => hasClass(tag, 'tgme_widget_message') && tag.attrs['data-post'] !== undefined);
  const widget = findTag(html, (tag) => tag.attrs.id === 'widget_message' || hasClass(tag, 'js-widget_message'));
  const index = ref ? messages.findIndex((tag) => tag.attrs['data-post']!.toLowerCase() === ref.toLowerCase()) : -1;
  if (index >= 0) {
    const next = messages[index + 1];
    return html.slice(messages[index]!.end, next ? html.lastIndexOf('<', next.end) : html.length);
  }
  // An old widget names no data-post: it shows one message.
  if (widget && messages.length <= 1) return html.slice(widget.end);
  return null;
}

function readMessage(message: string, facts: PageFacts): Partial<Post> {
  const authorTag = findTag(message, (tag) => hasClass(tag, 'tgme_widget_message_owner_name') || hasClass(tag, 'tgme_widget_message_author_name'));
  const textTag = findTag(message, (tag) => hasClass(tag, 'tgme_widget_message_text'));
  const dated = /class="[^"]*\btgme_widget_message_date\b[^"]*"[^>]*>\s*<time\b[^>]*\bdatetime="([^"]+)"/.exec(message)?.[1];
  const anyTime = /<time\b[^>]*\bdatetime="([^"]+)"/.exec(message)?.[1];
  // Served HTML writes url('...'); the DOM a browser serialises writes url("...") as &quot;.
  const photos = [...message.matchAll(/tgme_widget_message_photo_wrap[^>]*background-image:\s*url\((?:'|"|&quot;)?([^'"()]+?)(?:'|"|&quot;)?\)/g)].map((m) => resolveUrl(m[1], facts.pageUrl));
  return {
    author: authorTag ? innerText(message, authorTag) || null : null,
    publishedAt: normaliseTime(dated ?? anyTime ?? null),
    text: textTag ? innerText(message, textTag) || null : null,
    mediaUrls: photos.filter((p): p is string => p !== null),
  };
}

/**
 * A channel's feed (`t.me/s/channel`): the channel's page, not a post. Its messages are listed
 * in page order (oldest first, as Telegram shows them), each with its link `t.me/channel/N`.
 */
function channelFeed(facts: PageFacts, html: string, channel: string): PlatformReading {
  const messages = [...iterateTags(html)].filter((tag) => hasClass(tag, 'tgme_widget_message') && /^[A-Za-z0-9_]{4,}\/\d+$/.test(tag.attrs['data-post'] ?? ''));
  return {
    platform: 'telegram',
    notAPost: true,
    url: `https://t.me/s/${channel}`,
    author: meta(facts, 'og:title', 'twitter:title'),
    handle: `@${channel}`,
    text: meta(facts, 'og:description', 'twitter:description'),
    recentPosts: messages.map((tag, i) => {
      const next = messages[i + 1];
      const read = readMessage(html.slice(tag.end, next ? html.lastIndexOf('<', next.end) : html.length), facts);
      return { url: `https://t.me/${tag.attrs['data-post']}`, publishedAt: read.publishedAt ?? null, text: read.text ?? null };
    }),
  };
}
