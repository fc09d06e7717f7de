import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService } from '../../src/capture/capture-service.js';
import { openCaseList } from '../support/app-in-chromium.js';
import { startBrowserMode, type BrowserModeFixture } from '../support/browser-mode.js';
import { fixturePath } from '../support/fixture-site.js';
import { startTestProxy, type TestProxy } from '../support/http-proxy.js';
import { makeTempDir } from '../support/temp-dir.js';
import { requireBuiltRenderer, saveScreen, unlabelledControls } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 240_000;
const REDDIT_PATH = '/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/';
const YOUTUBE_COMMENTS = 150;

/** A YouTube watch page as rendered, with many comments whose times YouTube shows only as ages; one comment's text looks like markup. */
function youtubePage(): string {
  const comments = Array.from({ length: YOUTUBE_COMMENTS }, (_, i) => {
    const text = i === 0 ? '&lt;img src=x onerror="document.title=\'pwned\'"&gt; flooded at the quay' : `Comment number ${i + 1} on the flood.`;
    return `<ytd-comment-view-model><div id="header"><a id="author-text" href="/@viewer${i + 1}"><span>@viewer${i + 1}</span></a>
<span id="published-time-text"><a href="/watch?v=hArb0ur1&amp;lc=Ugx${i + 1}">${i + 2} days ago</a></span></div>
<yt-attributed-string id="content-text"><span>${text}</span></yt-attributed-string></ytd-comment-view-model>`;
  }).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour flood - YouTube</title>
<meta property="og:title" content="Harbour flood"><meta property="og:site_name" content="YouTube"></head>
<body><ytd-app><div id="comments">${comments}</div></ytd-app></body></html>`;
}

/**
 * The item detail shows a captured post's comments as a thread, in real Chromium against browser
 * mode with the real core: pages captured through the test proxy as www.reddit.com (the saved
 * Reddit thread in test/fixtures/pages, expanded by the capture) and www.youtube.com (150 comments).
 */
describe('a captured post\'s comments on its item page', () => {
  let fixture: BrowserModeFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let server: Server;
  let proxy: TestProxy;
  let redditId: number;
  let youtubeId: number;

  beforeAll(async () => {
    const reddit = readFileSync(fixturePath('pages/reddit__post-comments.html'), 'utf8');
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const html = url.pathname === REDDIT_PATH ? reddit : url.pathname === '/watch' ? youtubePage() : null;
      if (html === null) res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = await startTestProxy(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    fixture = await startBrowserMode(requireBuiltRenderer());
    const caseId = (await fixture.core.cases.create({ title: 'Harbour flood', timezone: 'Europe/Kyiv' }, 'tester')).id;
    const result = await new CaptureService(fixture.core).capture(caseId, [`http://www.reddit.com${REDDIT_PATH}`, 'http://www.youtube.com/watch?v=hArb0ur1'], { operator: 'tester', proxy: proxy.url, timeoutSeconds: 30 });
    expect(result.errors).toEqual([]);
    const pages = (await fixture.core.items.list(caseId)).filter((item) => item.kind === 'page');
    redditId = pages.find((item) => item.sourceUrl?.includes('reddit'))!.id;
    youtubeId = pages.find((item) => item.sourceUrl?.includes('youtube'))!.id;
    ({ browser, page, errors } = await openCaseList(fixture, { width: 1400, height: 900 }));
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await proxy?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }, STEP_TIMEOUT_MS);

  it('shows the expanded Reddit thread: who, UTC and scene time, text, permalinks opening outside, replies indented, the count and how it was expanded', async () => {
    await page.goto(`${fixture.origin}/#/case/1/item/${redditId}`);
    const thread = page.getByTestId('post-comments');
    await thread.getByRole('heading', { name: 'Comments on the post (7)' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('post-comments-expansion').textContent()).toMatch(/^Threads were expanded until nothing was left to open \(2 controls opened in [\d.]+ s\)\.$/);
    const items = thread.getByRole('listitem');
    expect(await items.count()).toBe(7);
    // Authors and depth in page order, as the reader read them after the capture opened "2 more replies" and "View more comments".
    const rows = await items.evaluateAll((lis) => lis.map((li) => [li.querySelector('strong')?.textContent, li.getAttribute('data-depth')]));
    expect(rows).toEqual([['quay_witness', '0'], ['pier_cam', '1'], ['[deleted]', '2'], ['bus_driver_7', '1'], ['quay_witness', '1'], ['harbour_mod', '0'], ['late_reader', '0']]);
    // A reply is indented further than the comment it answers.
    const left = async (i: number) => (await items.nth(i).boundingBox())!.x;
    expect(await left(1)).toBeGreaterThan(await left(0));
    expect(await left(2)).toBeGreaterThan(await left(1));
    expect(await left(5)).toBe(await left(0));
    const first = thread.getByRole('article', { name: 'Comment by quay_witness' }).first();
    // 09:05:12 UTC is 11:05:12 in Kyiv (UTC+2 in November).
    expect(await first.locator('header').textContent()).toBe('quay_witness u/quay_witness · 2026-11-21 09:05:12 UTC · 2026-11-21 11:05:12 UTC+2');
    expect(await first.locator('.comment-text').textContent()).toBe('Same on Quay Street, the drains are backing up.\nPhoto in an hour.');
    expect(await thread.getByRole('article', { name: 'Comment by pier_cam' }).locator('header').textContent()).toContain('replying to u/quay_witness');
    const link = first.getByRole('link', { name: 'Open on www.reddit.com (in your browser)' });
    expect(await link.getAttribute('href')).toBe('http://www.reddit.com/r/harbourtown/comments/1abcde/comment/kq1aaa1/');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await saveScreen(page, 'post-comments-reddit-thread');
    expect(await unlabelledControls(page)).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('shows the first 100 of 150 comments with "Show all", times kept as the page showed them marked so, and text that looks like markup as text', async () => {
    await page.goto(`${fixture.origin}/#/case/1/item/${youtubeId}`);
    const thread = page.getByTestId('post-comments');
    await thread.getByRole('heading', { name: `Comments on the post (${YOUTUBE_COMMENTS})` }).waitFor({ timeout: 30_000 });
    const list = thread.getByRole('list', { name: `Comments read from the page, 100 of ${YOUTUBE_COMMENTS} shown` });
    expect(await list.getByRole('listitem').count()).toBe(100);
    const first = list.getByRole('article').first();
    expect(await first.locator('header').textContent()).toBe('@viewer1 · 2 days ago (as the page showed it; no exact time)');
    expect(await first.locator('.comment-text').textContent()).toBe('<img src=x onerror="document.title=\'pwned\'"> flooded at the quay');
    expect(await first.locator('img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await thread.getByRole('button', { name: `Show all ${YOUTUBE_COMMENTS} comments` }).click();
    const all = thread.getByRole('list', { name: `Comments read from the page, ${YOUTUBE_COMMENTS} of ${YOUTUBE_COMMENTS} shown` });
    await expect.poll(() => all.getByRole('listitem').count()).toBe(YOUTUBE_COMMENTS);
    expect(await all.getByRole('article').last().locator('.comment-text').textContent()).toBe(`Comment number ${YOUTUBE_COMMENTS} on the flood.`);
    expect(await thread.getByRole('button', { name: /Show all/ }).count()).toBe(0);
    expect(await unlabelledControls(page)).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('Review a bundle shows the same thread in the item panel of the exported bundle', async () => {
    const temp = makeTempDir('gh-post-comments-');
    try {
      const out = `${temp.path}/Harbour flood.zip`;
      await fixture.api.call('bundle.export', { caseId: 1, out });
      await page.goto(`${fixture.origin}/#/review`);
      await page.getByRole('heading', { name: 'Review a sealed bundle' }).waitFor({ timeout: 30_000 });
      await page.getByLabel('Choose a bundle…').setInputFiles(out);
      await page.getByTestId('verdict').getByText('Intact: every file matches its seal').waitFor({ timeout: 60_000 });
      await page.locator(`.review-row:has([data-item-id="${redditId}"])`).click();
      const thread = page.getByRole('complementary', { name: `Item ${redditId}` }).getByTestId('post-comments');
      await thread.getByRole('heading', { name: 'Comments on the post (7)', level: 3 }).waitFor({ timeout: 30_000 });
      expect(await thread.getByRole('listitem').count()).toBe(7);
      expect(await thread.getByRole('article', { name: 'Comment by harbour_mod' }).locator('.comment-text').textContent()).toBe('Please keep updates in this thread.');
      expect(await page.getByTestId('post-comments-expansion').textContent()).toMatch(/^Threads were expanded until nothing was left to open/);
      await saveScreen(page, 'post-comments-review');
      expect(await unlabelledControls(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      temp.remove();
    }
  }, STEP_TIMEOUT_MS);
});
