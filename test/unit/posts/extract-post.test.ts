import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPost } from '../../../src/posts/extract-post.js';
import { snowflakeTime } from '../../../src/posts/platforms/x.js';
import { fixturePath } from '../../support/fixture-site.js';

interface CorpusPage {
  file: string;
  page_url: string;
  expected: { url: string; author: string | null; date?: string | null };
}

const corpus = (JSON.parse(readFileSync(fixturePath('pages/index.json'), 'utf8')) as { pages: CorpusPage[] }).pages;
const page = (file: string) => corpus.find((p) => p.file === file)!;
const read = (file: string, url = page(file).page_url) => extractPost(readFileSync(fixturePath(`pages/${file}`), 'utf8'), url);

describe('extractPost on saved X, Instagram and YouTube pages (metascraper readings as reference)', () => {
  it.each(['x__post.html', 'x__post-gif.html', 'x__post-image.html', 'x__post-video.html', 'x__post-link.html', 'youtube__youtube-video.html', 'youtube__image-size.html'])(
    '%s: url, author and publication time agree with metascraper',
    (file) => {
      const post = read(file);
      const expected = page(file).expected;
      expect(post.url).toBe(expected.url);
      expect(post.author).toBe(expected.author);
      expect(post.publishedAt).toBe(expected.date);
    },
  );

  it('reads the X handle, text and the post\'s own media', () => {
    expect(read('x__post-image.html')).toMatchObject({
      platform: 'x', handle: '@UaSmart',
      text: expect.stringMatching(/^Y terminamos el dia con Cultura de empresa/),
      mediaUrls: ['https://pbs.twimg.com/media/DPadOKpXcAIL-NW?format=jpg&name=medium'],
    });
    expect(read('x__post-gif.html').mediaUrls).toContain('https://video.twimg.com/tweet_video/DDbh3WCXYAAZfz9.mp4');
  });

  // metascraper gives profiles the date of the first <time> on the page, which belongs to a post
  // in the timeline (for x__profile: a post of 2025-11-09), not to the profile. A profile is not
  // a post, so it has no publication time, and using that date as an event time would be wrong.
  it.each(['x__profile.html', 'x__profile-video.html'])('%s: a profile gets no publication time (metascraper differs)', (file) => {
    expect(page(file).expected.date).not.toBeNull();
    const post = read(file);
    expect(post).toMatchObject({ platform: 'x', publishedAt: null, author: page(file).expected.author });
  });

  // metascraper turns Instagram's "on May 29, 2021" into 2021-05-29T00:00:00.000Z: midnight UTC,
  // a time the page never states. The page gives a date in an unknown zone, so we keep the date.
  it.each([
    ['instagram__post-with-photo.html', '2021-05-29', '@willyrex'],
    ['instagram__post-with-multi-photo.html', '2021-05-08', '@willyrex'],
    ['instagram__post-with-video.html', '2021-05-24', '@jaimelorentelo'],
  ])('%s: the date without an invented time (metascraper adds midnight UTC)', (file, date, handle) => {
    const post = read(file);
    expect(post).toMatchObject({ platform: 'instagram', publishedAt: date, handle, url: page(file).expected.url });
    expect(page(file).expected.date).toMatch(new RegExp(`^${date}T00:00:00`));
    expect(post.mediaUrls[0]).toMatch(/^https:\/\/scontent-/);
  });

  it('reads the Instagram caption from og:title, emoji decoded', () => {
    expect(read('instagram__post-with-photo.html').text).toBe('Una de mis nuevas sudaderas top!! Per ardua ad astra 🚀🚀🚀');
  });

  // metascraper's author for this profile is the whole page title; the page's own twitter:title
  // says the name is "Pluto" and the handle pluto__travel.
  it('instagram__profile.html: author is the name, not the page title (metascraper differs)', () => {
    expect(page('instagram__profile.html').expected.author).toMatch(/Instagram photos and videos/);
    expect(read('instagram__profile.html')).toMatchObject({ author: 'Pluto', handle: '@pluto__travel', publishedAt: null });
  });

  it('youtube: the uploader\'s offset is applied, the handle read from the channel link, and the embed player is not media', () => {
    const post = read('youtube__youtube-video.html');
    expect(post).toMatchObject({ platform: 'youtube', handle: '@OneMedia.', publishedAt: '2017-04-14T16:02:38.000Z' });
    expect(post.mediaUrls).toEqual(['https://i.ytimg.com/vi/hwMkbaS_M_c/maxresdefault.jpg']);
  });

  it('youtube channel page: not a post, so no publication time', () => {
    expect(read('youtube__youtube-channel.html')).toMatchObject({ platform: 'youtube', author: 'ONE Media', publishedAt: null });
  });

  // This saved page was captured at a different video than the test's URL (metascraper's own
  // fixture): the page's canonical link names DIsktwOQZuU, which is what the page shows.
  it('youtube__youtube-title.html: the canonical URL of what the page shows', () => {
    expect(read('youtube__youtube-title.html')).toMatchObject({ url: 'https://www.youtube.com/watch?v=DIsktwOQZuU', author: 'Global Brain', publishedAt: '2025-03-28T00:55:38.000Z' });
  });
});

interface ShapedPage {
  file: string;
  page_url: string;
  frames?: { url: string; file: string }[];
  expected: { author: string; handle: string; date: string; url: string; text?: string };
}

const shaped = (JSON.parse(readFileSync(fixturePath('pages/index.json'), 'utf8')) as { shaped_pages: ShapedPage[] }).shaped_pages;
const readShaped = (page: ShapedPage) => extractPost(
  readFileSync(fixturePath(`pages/${page.file}`), 'utf8'),
  page.page_url,
  (page.frames ?? []).map((frame) => ({ url: frame.url, html: readFileSync(fixturePath(`pages/${frame.file}`), 'utf8') })),
);

describe('extractPost on the page classes that failed: X cards only, Telegram post pages, Instagram stories', () => {
  it.each(shaped.map((page) => [page.file, page] as const))('%s: author, handle, time, address and text', (_file, page) => {
    const post = readShaped(page);
    expect(post).toMatchObject({ author: page.expected.author, handle: page.expected.handle, publishedAt: page.expected.date, url: page.expected.url });
    if (page.expected.text) expect(post.text).toBe(page.expected.text);
  });

  it('an X page with cards only takes its time from the status ID, which agrees with the <time> of every saved real X post', () => {
    for (const file of ['x__post.html', 'x__post-gif.html', 'x__post-image.html', 'x__post-video.html', 'x__post-link.html']) {
      const id = /\/status\/(\d+)/.exec(page(file).page_url)![1]!;
      expect(snowflakeTime(id), file).toBe(page(file).expected.date);
    }
    // Before Snowflake (November 2010) IDs were sequential and carry no time.
    expect(snowflakeTime('20')).toBeNull();
    expect(snowflakeTime('29700859247')).toBeNull();
  });

  it('a t.me post page without its widget frame keeps the channel and gives no time rather than a wrong one', () => {
    const landing = shaped.find((p) => p.file === 'telegram__post-page.html')!;
    expect(readShaped({ ...landing, frames: [] })).toMatchObject({ platform: 'telegram', author: 'Harbour Alerts', publishedAt: null });
    // A frame of another post is not this post's widget.
    const other = [{ url: 'https://t.me/harbouralerts/511?embed=1', html: readFileSync(fixturePath('pages/telegram__post-embed.html'), 'utf8') }];
    expect(extractPost(readFileSync(fixturePath('pages/telegram__post-page.html'), 'utf8'), landing.page_url, other).publishedAt).toBeNull();
  });

  it('the t.me/s feed reads the addressed message, not the first one, with its own photo', () => {
    const feed = readShaped(shaped.find((p) => p.file === 'telegram__channel-feed.html')!);
    expect(feed.mediaUrls).toContain('https://cdn4.telesco.pe/file/harbour-road-photo.jpg');
    const first = extractPost(readFileSync(fixturePath('pages/telegram__channel-feed.html'), 'utf8'), 'https://t.me/s/harbouralerts/511');
    expect(first).toMatchObject({ publishedAt: '2026-11-21T07:55:03.000Z', text: 'Tide warning for the old pier from 08:00.', url: 'https://t.me/harbouralerts/511' });
  });

  it('a photo the browser serialised as url(&quot;...&quot;) is read like one served as url(\'...\')', () => {
    const html = '<div class="tgme_widget_message js-widget_message" data-post="harbouralerts/9"><div class="tgme_widget_message_author"><a class="tgme_widget_message_owner_name" href="https://t.me/harbouralerts"><span>Harbour Alerts</span></a></div><a class="tgme_widget_message_photo_wrap" style="width: 800px; background-image: url(&quot;https://cdn4.telesco.pe/file/a.jpg&quot;);"></a><a class="tgme_widget_message_date" href="https://t.me/harbouralerts/9"><time datetime="2026-11-21T10:00:00+00:00">10:00</time></a></div>';
    expect(extractPost(html, 'https://t.me/harbouralerts/9?embed=1').mediaUrls).toEqual(['https://cdn4.telesco.pe/file/a.jpg']);
  });
});

const site = (file: string) => readFileSync(fixturePath(`site/${file}`), 'utf8');

describe('extractPost on pages shaped like the other platforms', () => {
  it.each([
    ['platforms/facebook-post.html', 'https://www.facebook.com/harbourwatch/posts/pfbid02abc', {
      platform: 'facebook', author: 'Harbour Watch', handle: 'harbourwatch', publishedAt: '2026-11-21T08:35:00.000Z',
      text: 'Water over the kerb on Harbour Road this morning. Avoid the area.', url: 'https://www.facebook.com/harbourwatch/posts/pfbid02abc',
    }],
    ['platforms/tiktok-video.html', 'https://www.tiktok.com/@harbour.cam/video/7439000000000000001?lang=en', {
      platform: 'tiktok', author: 'Harbour Cam', handle: '@harbour.cam', publishedAt: '2026-11-21T09:00:00.000Z',
      text: 'Flood on Harbour Road — cars turning back #flood', url: 'https://www.tiktok.com/@harbour.cam/video/7439000000000000001',
    }],
    ['platforms/telegram-post.html', 'https://t.me/harbouralerts/512?embed=1', {
      platform: 'telegram', author: 'Harbour Alerts', handle: '@harbouralerts', publishedAt: '2026-11-21T08:40:12.000Z',
      text: 'Harbour Road closed both ways.\nPolice on scene & diversions in place.', url: 'https://t.me/harbouralerts/512',
    }],
    ['platforms/reddit-post.html', 'https://www.reddit.com/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/', {
      platform: 'reddit', author: 'tide_watcher', handle: 'u/tide_watcher', publishedAt: '2026-11-21T08:50:03.120Z',
      text: 'Harbour Road flooded right now\n\nTaken from the bus stop, water up to the wheel arches.',
    }],
    ['platforms/mastodon-status.html', 'https://social.example/@notes/113500000000000001', {
      platform: 'mastodon', author: 'Harbour Notes', handle: '@notes@social.example', publishedAt: '2026-11-21T09:02:44.000Z',
      text: 'Water now over the sea wall at the old pier. #HarbourFlood',
    }],
    ['platforms/bluesky-post.html', 'https://bsky.app/profile/reporter.bsky.social/post/3kabc123', {
      platform: 'bluesky', author: 'Harbour Reporter', handle: '@reporter.bsky.social', publishedAt: '2026-11-21T09:10:00.000Z',
      text: 'Sandbags going down on Harbour Road. More rain due at noon.', url: 'https://bsky.app/profile/reporter.bsky.social/post/3kabc123',
    }],
  ])('%s', (file, url, expected) => {
    expect(extractPost(site(file), url)).toMatchObject(expected);
  });

  it('telegram photos come from the widget background images; tiktok video from playAddr; reddit image from content-href', () => {
    expect(extractPost(site('platforms/telegram-post.html'), 'https://t.me/harbouralerts/512').mediaUrls).toContain('https://cdn4.telesco.pe/file/flood-photo.jpg');
    expect(extractPost(site('platforms/tiktok-video.html'), 'https://www.tiktok.com/@harbour.cam/video/7439000000000000001').mediaUrls).toContain('https://v16-webapp.tiktok.com/video/tos/flood.mp4');
    expect(extractPost(site('platforms/reddit-post.html'), 'https://www.reddit.com/r/harbourtown/comments/1abcde/x/').mediaUrls).toContain('https://i.redd.it/flood123.jpeg');
  });

  it('a Mastodon page is recognised on any server, by what it says of itself', () => {
    expect(extractPost(site('platforms/mastodon-status.html'), 'https://any.other.server/@notes/1').platform).toBe('mastodon');
  });
});

describe('extractPost on generic pages', () => {
  it('reads JSON-LD SocialMediaPosting, twitter:creator, <time> and canonical on a news-style page', () => {
    expect(extractPost(site('post.html'), 'http://127.0.0.1:8000/post.html?utm=1')).toEqual({
      platform: null,
      url: 'http://127.0.0.1:8000/post.html',
      author: 'Alex Reporter',
      handle: '@harbourwatch',
      publishedAt: '2026-11-21T08:15:00.000Z',
      text: 'Water is over the kerb on Harbour Road, cars turning back.',
      mediaUrls: ['http://127.0.0.1:8000/media/yosemite.jpg', 'http://127.0.0.1:8000/media/clip.mp4'],
    });
  });

  it('finds a NewsArticle inside an @graph', () => {
    expect(extractPost(site('article.html'), 'https://news.example/a')).toMatchObject({ author: 'Sam Writer', publishedAt: '2026-11-21T11:00:00.000Z', text: 'The council says roads will reopen tonight.' });
  });

  it('leaves everything it cannot read null, and never guesses a zone', () => {
    const html = '<html><head><title>t</title></head><body><time datetime="2026-11-21T10:00">10:00</time></body></html>';
    expect(extractPost(html, 'https://example.com/x')).toEqual({ platform: null, url: 'https://example.com/x', author: null, handle: null, publishedAt: null, text: null, mediaUrls: [] });
  });

  it('survives hostile markup: broken JSON-LD, unclosed tags, script-looking attributes', () => {
    const html = '<meta property="og:title" content="a &quot;b&quot; <script>"><script type="application/ld+json">{broken</script><div><p>unclosed';
    expect(() => extractPost(html, 'https://example.com/')).not.toThrow();
  });
});
