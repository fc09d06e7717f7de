import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core.js';
import type { ItemView } from '../../../src/items/item-view.js';
import { runCli, runCliJson } from '../../support/cli.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { startTestProxy, type TestProxy } from '../../support/http-proxy.js';
import { makeTempDir } from '../../support/temp-dir.js';

// A profile shaped like a saved X profile (test/fixtures/site/platforms/x-profile.html): pinned
// post 3, then 5, 4, 3 again, 2 and a repost of cityfloodteam's 9. Served as http://x.com/… by
// the test proxy, so every address goes through it (as a real capture through a proxy would).
let site: FixtureSite;
let proxy: TestProxy;
const temp = makeTempDir();
const dataDir = join(temp.path, 'data');
const env = { GOLDENHOUR_OPERATOR: 'follow-tester' };
const profileUrl = 'http://x.com/harbourwatch';
const status = (n: number, handle = 'harbourwatch') => `http://x.com/${handle}/status/${n}`;

interface CaptureJson {
  items: ItemView[];
  errors: { url: string; error: string }[];
  alreadyCaptured: { url: string; itemId: number }[];
  notes: string[];
}

beforeAll(async () => {
  site = await startFixtureSite();
  proxy = await startTestProxy(site.origin);
  await runCliJson(['case', 'create', '--title', 'Follow posts'], { dataDir, env });
}, 60_000);
afterAll(async () => {
  await Promise.all([site.close(), proxy.close()]);
  temp.remove();
});

describe('goldenhour capture --follow-posts', () => {
  it.each([
    ['0', /Expected a whole number from 1 to 100 for --follow-posts but received "0"/],
    ['2.5', /Expected a whole number from 1 to 100 for --follow-posts but received "2\.5"/],
    ['many', /Expected a whole number from 1 to 100 for --follow-posts but received "many"/],
    ['101', /Expected a whole number from 1 to 100 for --follow-posts but received "101"/],
  ])('refuses --follow-posts %s with exit 2', async (value, message) => {
    const result = await runCli(['capture', '1', profileUrl, '--follow-posts', value, '--proxy', proxy.url], { dataDir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('captures the first N posts a profile lists in the same run, each once, recorded as followed from the profile', async () => {
    // Post 3 (the pinned one) is in the case already: it is reported, not captured again.
    const earlier = await runCliJson<CaptureJson>(['capture', '1', status(3), '--proxy', proxy.url, '--timeout', '10'], { dataDir, env });
    expect(earlier.json.errors).toEqual([]);
    const pinnedItem = earlier.json.items.find((i) => i.parentId === null)!;

    const result = await runCliJson<CaptureJson>(['capture', '1', profileUrl, '--follow-posts', '3', '--proxy', proxy.url, '--timeout', '10', '--concurrency', '2'], { dataDir, env });
    expect(result.json.errors).toEqual([]);
    expect(result.code).toBe(0);
    const pages = result.json.items.filter((i) => i.parentId === null);
    const profile = pages.find((i) => i.sourceUrl === profileUrl)!;
    expect(profile.post).toMatchObject({ platform: 'x', kind: 'profile', author: 'Harbour Watch', handle: '@harbourwatch', publishedAt: null });
    // The pinned post appears twice on the page and once in the list.
    expect(profile.post?.recentPosts?.map((p) => p.url)).toEqual([status(3), status(5), status(4), status(2), status(9, 'cityfloodteam')]);

    // N = 3: posts 3, 5 and 4; 3 was captured before, so 5 and 4 are captured now, and nothing else.
    const followed = pages.filter((i) => i.sourceUrl !== profileUrl);
    expect(followed.map((i) => i.sourceUrl).sort()).toEqual([status(4), status(5)]);
    for (const item of followed) {
      expect(item.capture).toMatchObject({ followedFrom: { itemId: profile.id, url: profileUrl }, proxy: proxy.url });
      expect(item.post).toMatchObject({ platform: 'x', kind: 'post', url: `https://x.com/harbourwatch/status/${item.sourceUrl!.split('/').pop()}` });
    }
    expect(profile.capture).not.toHaveProperty('followedFrom');
    expect(result.json.notes).toContain(`item ${profile.id} (profile): 2 of its recent posts queued for capture, 1 already captured (item ${pinnedItem.id})`);
    // Each page was loaded once: the post captured earlier not again, posts past N never.
    expect(site.hits.get('/harbourwatch/status/3')).toBe(1);
    expect(site.hits.get('/harbourwatch/status/5')).toBe(1);
    expect(site.hits.get('/harbourwatch/status/4')).toBe(1);
    expect(site.hits.get('/harbourwatch/status/2')).toBeUndefined();
    expect(site.hits.get('/cityfloodteam/status/9')).toBeUndefined();

    // The capture record artifact (what an export carries), the custody entry and the queue say so too.
    const core = openCore({ dataDir, operator: 'follow-tester' });
    try {
      for (const item of followed) {
        const recordArtifact = item.artifacts.find((a) => a.role === 'capture-record')!;
        const record = JSON.parse(readFileSync(core.vault.pathOf(recordArtifact.sha256), 'utf8')) as Record<string, unknown>;
        expect(record.followedFrom).toEqual({ itemId: profile.id, url: profileUrl });
        const custody = await core.ledger.list(1, item.id);
        expect(custody[0]?.details).toMatchObject({ method: 'web capture', followedFrom: { itemId: profile.id, url: profileUrl } });
      }
      const queue = await core.capture.queue.list(1);
      expect(queue.filter((e) => e.followedFrom !== null).map((e) => [e.url, e.state])).toEqual([[status(5), 'captured'], [status(4), 'captured']]);
    } finally {
      await core.close();
    }
  }, 300_000);

  it('follows nothing when the profile is captured already, and a post is never followed further', async () => {
    const again = await runCliJson<CaptureJson>(['capture', '1', profileUrl, status(2), '--follow-posts', '5', '--proxy', proxy.url, '--timeout', '10'], { dataDir, env });
    expect(again.json.errors).toEqual([]);
    expect(again.json.alreadyCaptured.map((e) => e.url)).toEqual([profileUrl]);
    expect(again.json.items.filter((i) => i.parentId === null).map((i) => i.sourceUrl)).toEqual([status(2)]);
    expect(site.hits.get('/cityfloodteam/status/9')).toBeUndefined();
  }, 120_000);
});
