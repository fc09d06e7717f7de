import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../../../src/capture/network-recorder.js';
import { videoSign, ytDlpForPost } from '../../../src/capture/streams/video-signs.js';
import { fixturePath } from '../../support/fixture-site.js';

const page = (relative: string) => readFileSync(fixturePath(relative), 'utf8');
const exchange = (url: string, resourceType: string, contentType: string): RecordedExchange => ({
  url, method: 'GET', resourceType, requestHeaders: [], requestBody: null, requestedAt: new Date(0),
  response: { status: 200, statusText: 'OK', headers: [['Content-Type', contentType]], receivedAt: new Date(0), serverIp: null, serverPort: null, tls: null },
  body: null,
} as unknown as RecordedExchange);

describe('signs of a video on a captured page', () => {
  it('tells real Instagram posts apart: the video post has one, the photo posts none (metascraper\'s saved pages)', () => {
    expect(videoSign(page('pages/instagram__post-with-video.html'), [], [])).toBe('OpenGraph video metadata');
    expect(videoSign(page('pages/instagram__post-with-photo.html'), [], [])).toBeNull();
    expect(videoSign(page('pages/instagram__post-with-multi-photo.html'), [], [])).toBeNull();
  });

  it('finds a video in a sub-frame: a Telegram post page shows its message, video included, through the widget frame', () => {
    const postPage = page('pages/telegram__post-page.html');
    expect(videoSign(postPage, [], [])).toBeNull();
    expect(videoSign(postPage, [{ url: 'https://t.me/s/x?embed=1', html: page('pages/telegram__post-embed.html') }], [])).toBe('a <video> element');
  });

  it('finds none on text and photo posts of the platforms that show their videos in the page', () => {
    for (const file of ['site/platforms/mastodon-status.html', 'site/platforms/bluesky-post.html', 'site/platforms/reddit-post.html', 'site/platforms/telegram-post.html', 'pages/mastodon__status-thread.html', 'pages/reddit__post-comments.html', 'pages/bluesky__post-thread.html']) {
      expect(videoSign(page(file), [], []), file).toBeNull();
    }
  });

  it('reads each kind of markup, address and platform marker, and not the word "video" in a post', () => {
    const cases: [string, string | null][] = [
      ['<p>Watch the video of the fire on our channel</p>', null],
      ['<video controls poster="p.jpg"></video>', 'a <video> element'],
      ['<meta property="og:video:url" content="https://cdn.example/v">', 'OpenGraph video metadata'],
      ['<meta name="twitter:player" content="https://example/embed/1">', 'a Twitter player card'],
      ['<script>load("https://cdn.example/live/master.m3u8?t=1")</script>', 'an HLS or DASH manifest address'],
      ['<a href="https://cdn.example/clip.mp4">clip</a>', 'a video file address'],
      ['<script type="application/json">{"mime":"application/dash+xml"}</script>', 'a video content type'],
      ['<shreddit-player src="x"></shreddit-player>', 'a video player element'],
      ['<shreddit-post post-type="video"></shreddit-post>', 'Reddit\'s video flag'],
      ['<script>{"$type":"app.bsky.embed.video#view"}</script>', 'Bluesky\'s video embed'],
      ['<div class="tgme_widget_message_video_player"></div>', 'Telegram\'s video message'],
      ['<script>{"media_attachments":[{"type":"gifv"}]}</script>', 'Mastodon\'s video attachment'],
      ['<iframe src="https://www.youtube.com/embed/abc"></iframe>', 'an embedded video player'],
    ];
    for (const [html, sign] of cases) expect(videoSign(html, [], []), html).toBe(sign);
  });

  it('counts a video or stream request the page made, and not its images', () => {
    expect(videoSign('<p>text</p>', [], [exchange('https://cdn.example/photo.jpg', 'image', 'image/jpeg')])).toBeNull();
    expect(videoSign('<p>text</p>', [], [exchange('https://cdn.example/seg', 'xhr', 'application/vnd.apple.mpegurl')])).toBe('a video request (https://cdn.example/seg)');
    expect(videoSign('<p>text</p>', [], [exchange('https://cdn.example/v', 'media', 'application/octet-stream')])).toBe('a video request (https://cdn.example/v)');
  });
});

describe('whether yt-dlp runs on a platform\'s post', () => {
  it('always on the platforms whose pages can hide a video, whatever the page shows', () => {
    for (const platform of ['x', 'facebook', 'instagram', 'tiktok', 'youtube']) expect(ytDlpForPost(platform, null)).toEqual({ run: true });
  });

  it('elsewhere only with a sign of a video, saying why not', () => {
    expect(ytDlpForPost('mastodon', 'a <video> element')).toEqual({ run: true });
    expect(ytDlpForPost('bluesky', null)).toEqual({ run: false, skipped: 'not run: this bluesky post shows no video (no video element, player, video address or request on the page or in its frames)' });
  });
});
