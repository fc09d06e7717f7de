import type { FrameDocument } from '../../posts/platforms/platform.js';
import { contentType, streamingFormat } from '../media-candidates.js';
import type { RecordedExchange } from '../network-recorder.js';

/**
 * Platforms whose pages can hold a video that their rendered page does not show: a player
 * built only when clicked, a sensitive-media screen in front of it, a video platform's own
 * post. yt-dlp runs on every post of theirs, whatever the page shows.
 */
const HIDES_VIDEOS = new Set(['x', 'facebook', 'instagram', 'tiktok', 'youtube']);

/**
 * What in a page's HTML (its sub-frames' too) says it holds or links a video: an element, a
 * player or its class, a manifest or video file named, OpenGraph or Twitter player metadata,
 * or a platform's own marker in its page data (Reddit's player and flag, Bluesky's video
 * embed, Telegram's video message, Mastodon's attachment types). Found in the raw text, so a
 * word in a post ("video") is not a sign, but any markup or address of one is.
 */
const HTML_SIGNS: [string, RegExp][] = [
  ['a <video> element', /<video[\s>]/i],
  ['OpenGraph video metadata', /property\s*=\s*["']og:video/i],
  ['a Twitter player card', /name\s*=\s*["']twitter:player/i],
  ['an HLS or DASH manifest address', /\.(m3u8|mpd)\b/i],
  ['a video file address', /\.(mp4|m4v|webm|mov|mkv)(\?|#|["'\s)]|$)/im],
  ['a video content type', /(video\/(mp4|webm|quicktime|x-matroska)|application\/(x-mpegurl|vnd\.apple\.mpegurl|dash\+xml))/i],
  ['a video player element', /<(shreddit-player|video-js|mux-player|media-player)[\s>]/i],
  ['Reddit\'s video flag', /post-type\s*=\s*["']video|"is_video"\s*:\s*true|v\.redd\.it/i],
  ['Bluesky\'s video embed', /app\.bsky\.embed\.video|video\.bsky\.app/i],
  ['Telegram\'s video message', /tgme_widget_message_(video|roundvideo)/i],
  ['Mastodon\'s video attachment', /"type"\s*:\s*"(video|gifv)"|class\s*=\s*["'][^"']*\bvideo-player\b/i],
  ['an embedded video player', /<iframe[^>]+src\s*=\s*["'][^"']*(youtube\.com\/embed|youtube-nocookie\.com|player\.vimeo\.com|dailymotion\.com\/embed|facebook\.com\/plugins\/video|rumble\.com\/embed|streamable\.com)/i],
];

/** The first sign that the page holds a video, in words for the record, or null when it shows none. */
export function videoSign(html: string, frames: FrameDocument[], exchanges: RecordedExchange[]): string | null {
  for (const document of [html, ...frames.map((frame) => frame.html)]) {
    for (const [sign, pattern] of HTML_SIGNS) if (pattern.test(document)) return sign;
  }
  for (const exchange of exchanges) {
    const type = contentType(exchange);
    if (/^video\//i.test(type) || streamingFormat(exchange.url, type) !== null || exchange.resourceType === 'media') return `a video request (${exchange.url})`;
  }
  return null;
}

/**
 * Whether yt-dlp runs on a post: always on the platforms that hide videos, else only where the
 * page shows a sign of one; `skipped` says why it did not, for the capture record.
 */
export function ytDlpForPost(platform: string, sign: string | null): { run: true } | { run: false; skipped: string } {
  if (HIDES_VIDEOS.has(platform) || sign !== null) return { run: true };
  return { run: false, skipped: `not run: this ${platform} post shows no video (no video element, player, video address or request on the page or in its frames)` };
}
