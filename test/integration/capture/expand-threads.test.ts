import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { Expander, type ExpansionRecord } from '../../../src/capture/expand.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { extractPost } from '../../../src/posts/extract-post.js';
import { launchTestBrowser } from '../../support/chromium.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

// test/fixtures/site/comments/youtube-watch.html copies the markup of a real YouTube comment
// section (see the comment at its top): a thread with "9 replies" (shown five at a time, then
// "Show more replies"), a folded long comment with "Read more", and controls that must never be
// clicked or followed: Like, Dislike, Reply, a link "View all comments", a form button "Load
// more comments", and a "Show more comments" whose script navigates away.

let site: FixtureSite;
let core: Core;
let result: CaptureRunResult;
const temp = makeTempDir();
const PAGE = '/comments/youtube-watch.html';

beforeAll(async () => {
  site = await startFixtureSite();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'threads', timezone: 'Europe/London' }, 'tester')).id;
  result = await new CaptureService(core).capture(caseId, [site.url(PAGE)], { operator: 'tester', allowPrivate: true, timeoutSeconds: 10, hostIntervalMs: 0, maxAttempts: 1 });
}, 120_000);
afterAll(async () => {
  await core.close();
  await site.close();
  temp.remove();
});

const page = (): Item => {
  const item = result.items.find((i) => i.kind === 'page');
  if (!item) throw new Error(`no page item: ${JSON.stringify(result.errors)}`);
  return item;
};
const blob = (role: string) => readFileSync(core.vault.pathOf(page().artifacts.find((a) => a.role === role)!.sha256)).toString();

describe('expanding comment threads before the screenshots and the DOM', () => {
  it('opens every reply and the folded comment, and records what it clicked, how often, how long and why it stopped', () => {
    const expansion = page().capture!.expansion as ExpansionRecord;
    expect(expansion.stoppedBy).toBe('done');
    const labels = expansion.controls.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['9 replies', 'Show more replies', 'Read more', 'Show more comments']));
    expect(expansion.controls.find((c) => c.label === '9 replies')!.clicks).toBe(1);
    expect(expansion.clicks).toBe(expansion.controls.reduce((n, c) => n + c.clicks, 0));
    expect(expansion.durationMs).toBeGreaterThan(0);
    expect(expansion.limits).toEqual({ maxClicks: 40, maxTimeMs: 15_000 });
    // The same record is in the capture-record artifact whose hash is the item's.
    expect(JSON.parse(readFileSync(core.vault.pathOf(page().sha256), 'utf8')).expansion).toEqual(expansion);
  });

  it('never likes, replies, follows a link, submits a form or lets a script take the page elsewhere', () => {
    const dom = blob('dom');
    expect(dom).not.toMatch(/TRAP: (Like|Dislike|Reply)/);
    expect(site.hits.get('/elsewhere.html')).toBeUndefined();
    expect(site.hits.get('/submitted')).toBeUndefined();
    const expansion = page().capture!.expansion as ExpansionRecord;
    expect(expansion.refusedNavigations).toContain(site.url('/elsewhere.html?by-script'));
    expect(page().capture!.finalUrl).toBe(site.url(PAGE));
  });

  it('keeps the expanded thread in the DOM, where the YouTube reader finds all eleven comments with author, permalink and the time shown', () => {
    const post = extractPost(blob('dom'), 'https://www.youtube.com/watch?v=nS9McwlWGzo');
    expect(post.comments).toHaveLength(11);
    expect(post.comments![0]).toEqual({
      author: '@Boris_Nedev', handle: '@Boris_Nedev', publishedAt: null, timeShown: '12 hours ago',
      text: 'We need a saparate Tal series. This guys is one of the greatest people ever.',
      url: 'https://www.youtube.com/watch?v=nS9McwlWGzo&lc=Ugw0Yj8xvGhcuC_GwNZ4AaABAg',
    });
    expect(post.comments!.map((c) => c.handle)).toContain('@harbour_reply_8');
    // "Read more" unfolded the long comment: the DOM says so.
    expect(blob('dom')).toMatch(/<ytd-expander id="expander"[^>]*should-use-number-of-lines[^>]*>[\s\S]*?quay_witness|quay_witness[\s\S]*<ytd-expander id="expander"(?![^>]*collapsed)/);
  });
});

describe('the limits of expanding', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchTestBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser.close();
  });

  const expandWith = async (limits: { maxClicks: number; maxTimeMs: number }) => {
    const tab = await browser.newPage();
    try {
      await tab.goto(site.url(PAGE));
      const expander = new Expander(tab, { ...limits, pauseMs: 300 });
      await expander.pass();
      await expander.pass();
      return { record: expander.record(), replies: await tab.locator('ytd-comment-replies-renderer ytd-comment-view-model').count() };
    } finally {
      await tab.close();
    }
  };

  it('stops at the click limit, over both passes, and says so', async () => {
    const { record } = await expandWith({ maxClicks: 2, maxTimeMs: 15_000 });
    expect(record).toMatchObject({ stoppedBy: 'click-limit', clicks: 2 });
  }, 60_000);

  it('stops at the time limit and says so', async () => {
    const { record, replies } = await expandWith({ maxClicks: 40, maxTimeMs: 1 });
    expect(record.stoppedBy).toBe('time-limit');
    expect(record.clicks).toBe(0);
    expect(replies).toBe(0);
  }, 60_000);

  it('clicks nothing when no clicks are allowed', async () => {
    const { record, replies } = await expandWith({ maxClicks: 0, maxTimeMs: 15_000 });
    expect(record).toMatchObject({ stoppedBy: 'off', clicks: 0, controls: [] });
    expect(replies).toBe(0);
  }, 60_000);
});
