import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Expander, type ExpansionRecord } from '../../../src/capture/expand.js';
import type { PostComment } from '../../../src/domain/item.js';
import { extractPost } from '../../../src/posts/extract-post.js';
import { launchTestBrowser } from '../../support/chromium.js';
import { fixturePath } from '../../support/fixture-site.js';

// Each page in test/fixtures/pages copies its platform's rendered comment markup (see its header), with a script
// standing in for the platform's that loads what a control loads. The pages are served at their platforms'
// own addresses (nothing leaves the machine), so the reader that runs is the platform's.

let browser: Browser;
beforeAll(async () => {
  browser = await launchTestBrowser();
}, 60_000);
afterAll(async () => {
  await browser.close();
});

interface Expanded { record: ExpansionRecord; comments: PostComment[]; traps: string[]; url: string }

async function expand(file: string, url: string, limits = { maxClicks: 40, maxTimeMs: 15_000 }): Promise<Expanded> {
  const tab: Page = await browser.newPage();
  try {
    const html = readFileSync(fixturePath(`pages/${file}`), 'utf8');
    await tab.route('**/*', (route) => (route.request().url() === url ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.abort()));
    await tab.goto(url);
    const expander = new Expander(tab, { ...limits, pauseMs: 300 });
    await expander.pass();
    await expander.pass();
    const dom = await tab.content();
    // A click that must never happen leaves a p.trap in the page (see each fixture's script).
    const traps = await tab.locator('p.trap').allTextContents();
    return { record: expander.record(), comments: extractPost(dom, url).comments ?? [], traps, url: tab.url() };
  } finally {
    await tab.close();
  }
}

const clicksOn = (record: ExpansionRecord) => Object.fromEntries(record.controls.map((c) => [c.label, c.clicks]));

describe('expanding each platform\'s comment threads, then reading them', () => {
  it('Reddit: "2 more replies" and "View more comments" load three more; "Continue this thread" (another page), Reply, Share and Upvote are never clicked', async () => {
    const url = 'https://www.reddit.com/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/';
    const { record, comments, traps, url: after } = await expand('reddit__post-comments.html', url);
    expect(record.stoppedBy).toBe('done');
    expect(clicksOn(record)).toEqual({ '2 more replies': 1, 'View more comments': 1 });
    expect(traps).toEqual([]);
    expect(after).toBe(url);
    expect(comments.map((c) => [c.author, c.depth, c.replyTo ?? null])).toEqual([
      ['quay_witness', 0, null], ['pier_cam', 1, 'u/quay_witness'], ['[deleted]', 2, 'u/pier_cam'], ['bus_driver_7', 1, 'u/quay_witness'], ['quay_witness', 1, 'u/quay_witness'],
      ['harbour_mod', 0, null], ['late_reader', 0, null],
    ]);
  }, 60_000);

  it('old Reddit: "load more comments" (a javascript: link) loads the hidden reply; reply and the [–] toggle are not clicked', async () => {
    const { record, comments, traps } = await expand('reddit__old-comments.html', 'https://old.reddit.com/r/harbourtown/comments/1abcde/harbour_road_flooded_right_now/');
    expect(clicksOn(record)).toEqual({ 'load more comments': 1 });
    expect(traps).toEqual([]);
    expect(comments.map((c) => [c.author, c.depth, c.publishedAt])).toEqual([
      ['quay_witness', 0, '2026-11-21T09:05:12.000Z'], ['pier_cam', 1, '2026-11-21T09:07:40.000Z'], ['bus_driver_7', 1, '2026-11-21T09:41:00.000Z'],
    ]);
  }, 60_000);

  it('Instagram: "View replies (2)" and the icon-only "Load more comments" button; replies read at depth 1 answering their comment; likes and Reply untouched', async () => {
    const { record, comments, traps } = await expand('instagram__post-comments.html', 'https://www.instagram.com/p/DCxHarbour1/');
    expect(clicksOn(record)).toEqual({ 'View replies (2)': 1, 'Load more comments': 1 });
    expect(traps).toEqual([]);
    expect(comments.map((c) => [c.handle, c.depth, c.replyTo ?? null, c.url])).toEqual([
      ['@quay.witness', 0, null, 'https://www.instagram.com/p/DCxHarbour1/c/17912345678901234/'],
      ['@harbour.watch', 1, '@quay.witness', 'https://www.instagram.com/p/DCxHarbour1/c/17912345678901234/r/17934567890123456/'],
      ['@quay.witness', 1, '@quay.witness', 'https://www.instagram.com/p/DCxHarbour1/c/17912345678901234/r/17945678901234567/'],
      ['@pier.cam', 0, null, 'https://www.instagram.com/p/DCxHarbour1/c/17923456789012345/'],
      ['@bus.driver.7', 0, null, 'https://www.instagram.com/p/DCxHarbour1/c/17956789012345678/'],
    ]);
  }, 60_000);

  it('TikTok: the bare "View 2 replies" span, then "View 1 more", until it says "Hide"; level-2 replies read with the comment they answer', async () => {
    const { record, comments, traps } = await expand('tiktok__video-comments.html', 'https://www.tiktok.com/@harbour.watch/video/7440000000000000001');
    expect(record.stoppedBy).toBe('done');
    expect(clicksOn(record)).toEqual({ 'View 2 replies': 1, 'View 1 more': 1 });
    expect(traps).toEqual([]);
    expect(comments.map((c) => [c.handle, c.depth, c.replyTo ?? null, c.timeShown, c.text])).toEqual([
      ['@quay.witness', 0, null, '2d ago', 'Same on Quay Street 🌊'],
      ['@harbour.watch', 1, '@quay.witness', '1d ago', 'Can we share this?'],
      ['@quay.witness', 1, '@quay.witness', '1d ago', 'Yes, go ahead'],
      ['@pier.cam', 0, null, '11-21', 'Camera shows it at 09:06'],
    ]);
  }, 60_000);

  it('Facebook: "View more comments", "View all 2 replies" and "See more"; Like, Reply and "Leave a comment" untouched; replies say whom they answer', async () => {
    const { record, comments, traps } = await expand('facebook__post-comments.html', 'https://www.facebook.com/harbourwatch/posts/pfbid0Harbour');
    expect(clicksOn(record)).toEqual({ 'View more comments': 1, 'View all 2 replies': 1, 'See more': 1 });
    expect(traps).toEqual([]);
    expect(comments.map((c) => [c.author, c.depth, c.replyTo ?? null, c.text])).toEqual([
      ['Cy Dock', 0, null, 'First sandbags arrived.'],
      ['Ann Quay', 0, null, 'Water over the kerb on Quay Street, the drains are backing up and the bus stop is under water.'],
      ['Harbour Watch', 1, 'Ann Quay', 'Thanks Ann, can we share your photo?'],
      ['Ann Quay', 1, 'Harbour Watch', 'Yes, go ahead.'],
      ['Bo Chen', 0, null, 'Road closed at the roundabout.'],
    ]);
  }, 60_000);

  it('stops at the click limit and reads only what was opened', async () => {
    const { record, comments } = await expand('tiktok__video-comments.html', 'https://www.tiktok.com/@harbour.watch/video/7440000000000000001', { maxClicks: 1, maxTimeMs: 15_000 });
    expect(record).toMatchObject({ stoppedBy: 'click-limit', clicks: 1 });
    expect(comments).toHaveLength(3);
  }, 60_000);
});
