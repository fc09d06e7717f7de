import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemView } from '../../src/items/item-view.js';
import { startWorker, type WorkerProcess } from '../support/capture-worker.js';
import { runCli, runCliJson } from '../support/cli.js';
import { startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { startTestProxy, type TestProxy } from '../support/http-proxy.js';
import { launchTestBrowser } from '../support/chromium.js';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../support/team-server.js';
import { requireBuiltRenderer, saveScreen, watchPageErrors } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 300_000;
const profileUrl = 'http://x.com/harbourwatch';
const status = (n: number, handle = 'harbourwatch') => `http://x.com/${handle}/status/${n}`;

interface RunJson {
  items: ItemView[];
  errors: { url: string; error: string }[];
  alreadyCaptured: { url: string; itemId: number }[];
  notes: string[];
  waitingForWorkers: boolean;
}
interface QueueRow { id: number; url: string; state: string; itemId: number | null; followedFrom: { itemId: number; url: string } | null }
interface Followed { queued: QueueRow[]; alreadyCaptured: QueueRow[]; alreadyQueued: QueueRow[]; errors: unknown[] }
interface CustodyRow { action: string; operator: string; itemId: number | null; details: Record<string, unknown> }

/**
 * Following a profile's recent posts on a real PostgreSQL team server: a capture worker (its own
 * process and Chromium) captures the fixture X profile, served as http://x.com/harbourwatch
 * through a test proxy, and the server queues the posts it lists as jobs the worker takes.
 */
describe("a team server follows a captured profile's recent posts through its capture workers", () => {
  let team: TeamServerFixture;
  let site: FixtureSite;
  let proxy: TestProxy;
  let config: string;
  const sessions: Record<string, string> = {};
  const workers: WorkerProcess[] = [];
  let workerToken: string;
  let profileId: number;
  const as = (user: string, name: string, payload: unknown) => call(team.origin, sessions[user]!, name, payload);
  const cliEnv = () => ({ XDG_CONFIG_HOME: config, GOLDENHOUR_SERVER: '' });

  beforeAll(async () => {
    site = await startFixtureSite();
    proxy = await startTestProxy(site.origin);
    team = await startTeamFixture({}, undefined, requireBuiltRenderer());
    // No administrator among them: the pages come through the proxy, not from a private address.
    for (const name of ['lena', 'ivan', 'rita']) {
      await team.core.accounts.addUser(name, `${name} password 123`, false);
      sessions[name] = await signIn(team.origin, name, `${name} password 123`);
    }
    expect((await as('lena', 'case.create', { title: 'Harbour flood' })).status).toBe(200);
    expect((await as('lena', 'case.share', { caseId: 1, user: 'ivan', role: 'investigator' })).status).toBe(200);
    expect((await as('lena', 'case.share', { caseId: 1, user: 'rita', role: 'reviewer' })).status).toBe(200);
    const made = await runCliJson<{ token: string }>(['server', 'worker-token', '--db', team.dbUrl, '--name', 'rack-1']);
    workerToken = made.json.token;
    workers.push(startWorker(team.origin, workerToken));
    await workers[0]!.said(/connected/);
    config = mkdtempSync(join(tmpdir(), 'goldenhour-follow-cli-'));
    const passwordFile = join(config, 'ivan.pw');
    writeFileSync(passwordFile, 'ivan password 123\n', { mode: 0o600 });
    expect((await runCli(['login', '--server', team.origin, '--user', 'ivan', '--password-file', passwordFile], { env: cliEnv() })).code).toBe(0);
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await team?.close();
    await Promise.all([site?.close(), proxy?.close()]);
    if (config) rmSync(config, { recursive: true, force: true });
  }, STEP_TIMEOUT_MS);

  it('refuses a reviewer both ways of following posts, and queues nothing', async () => {
    const run = await as('rita', 'capture.run', { caseId: 1, urls: [profileUrl], followPosts: 3, proxy: proxy.url });
    expect(run.status).toBe(403);
    expect(run.json.error!.message).toBe('You are a reviewer on case 1: a reviewer may not change it (capture, import, notes, tags, grading, triage, comments)');
    const follow = await as('rita', 'capture.followPosts', { caseId: 1, itemId: 1, count: 3 });
    expect(follow.status).toBe(403);
    expect(await team.core.captureQueue.list(1)).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('captures the profile on a worker, then the first N posts it lists, each once, recorded as followed from it under the investigator', async () => {
    // Post 3 (the pinned one) is in the case already: reported, not captured again.
    const earlier = await runCliJson<RunJson>(['capture', '1', status(3), '--proxy', proxy.url, '--timeout', '10', '--server', team.origin, '--json'], { env: cliEnv() });
    expect(earlier.json.errors).toEqual([]);
    const pinned = earlier.json.items.find((i) => i.parentId === null)!;

    const result = await runCliJson<RunJson>(['capture', '1', profileUrl, '--follow-posts', '3', '--proxy', proxy.url, '--timeout', '10', '--server', team.origin, '--json'], { env: cliEnv() });
    expect(result.json.errors).toEqual([]);
    expect(result.json.waitingForWorkers).toBe(false);
    expect(result.code).toBe(0);
    const pages = result.json.items.filter((i) => i.parentId === null);
    const profile = pages.find((i) => i.sourceUrl === profileUrl)!;
    profileId = profile.id;
    expect(profile.post).toMatchObject({ platform: 'x', kind: 'profile', handle: '@harbourwatch' });
    expect(profile.post?.recentPosts?.map((p) => p.url)).toEqual([status(3), status(5), status(4), status(2), status(9, 'cityfloodteam')]);
    // N = 3: posts 3, 5 and 4; 3 was captured before, so the run brings back 5 and 4, and nothing else.
    const followed = pages.filter((i) => i.sourceUrl !== profileUrl);
    expect(followed.map((i) => i.sourceUrl).sort()).toEqual([status(4), status(5)]);
    expect(result.json.notes).toContain(`item ${profile.id} (profile): 2 of its recent posts queued for capture, 1 already captured (item ${pinned.id})`);
    expect(profile.capture).not.toHaveProperty('followedFrom');
    expect(site.hits.get('/harbourwatch/status/3')).toBe(1);
    expect(site.hits.get('/harbourwatch/status/5')).toBe(1);
    expect(site.hits.get('/harbourwatch/status/4')).toBe(1);
    expect(site.hits.get('/harbourwatch/status/2')).toBeUndefined();

    const custody = (await as('lena', 'custody.list', { caseId: 1 })).json.value as CustodyRow[];
    for (const item of followed) {
      expect(item.capture).toMatchObject({ followedFrom: { itemId: profile.id, url: profileUrl }, proxy: proxy.url });
      // The worker's own capture record (hashed on the worker, uploaded) names the server's profile item too.
      const record = JSON.parse(readFileSync(team.core.vault.pathOf(item.artifacts.find((a) => a.role === 'capture-record')!.sha256), 'utf8')) as Record<string, unknown>;
      expect(record.followedFrom).toEqual({ itemId: profile.id, url: profileUrl });
      const entries = custody.filter((e) => e.itemId === item.id && e.details.method === 'web capture');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ operator: 'ivan', details: { worker: 'rack-1', queuedBy: 'ivan', url: item.sourceUrl, followedFrom: { itemId: profile.id, url: profileUrl } } });
    }
    const queue = await team.core.captureQueue.list(1);
    expect(queue.filter((e) => e.followedFrom !== null).map((e) => [e.url, e.state])).toEqual([[status(5), 'captured'], [status(4), 'captured']]);
    expect((await as('lena', 'custody.verify', { caseId: 1 })).json.value).toMatchObject({ ok: true, problems: [] });
  }, STEP_TIMEOUT_MS);

  it("queues the rest from the profile's row as jobs for the workers, says what was queued before, and never queues a post twice", async () => {
    // With the worker stopped, what capture.followPosts queued stays queued: asking again shows it as already queued.
    workers[0]!.child.kill('SIGKILL');
    await new Promise((resolve) => workers[0]!.child.once('exit', resolve));
    const first = await as('lena', 'capture.followPosts', { caseId: 1, itemId: profileId, count: 5, proxy: proxy.url, timeoutSeconds: 10 });
    expect(first.status).toBe(200);
    const outcome = first.json.value as Followed;
    expect(outcome.queued.map((e) => e.url)).toEqual([status(2), status(9, 'cityfloodteam')]);
    expect(outcome.alreadyCaptured.map((e) => e.url)).toEqual([status(3), status(5), status(4)]);
    expect(outcome.alreadyQueued).toEqual([]);
    const again = (await as('ivan', 'capture.followPosts', { caseId: 1, itemId: profileId, count: 5, proxy: proxy.url })).json.value as Followed;
    expect(again.queued).toEqual([]);
    expect(again.alreadyQueued.map((e) => e.url)).toEqual([status(2), status(9, 'cityfloodteam')]);

    // A worker connects and takes the jobs with nobody running a capture: the server queued them for workers.
    workers.push(startWorker(team.origin, workerToken));
    await expect.poll(async () => (await team.core.captureQueue.list(1)).filter((e) => e.followedFrom !== null).map((e) => e.state), { timeout: 180_000, interval: 500 })
      .toEqual(['captured', 'captured', 'captured', 'captured']);
    const queue = await team.core.captureQueue.list(1);
    expect(queue.map((e) => e.url).sort()).toEqual([profileUrl, status(2), status(3), status(4), status(5), status(9, 'cityfloodteam')].sort());
    const custody = (await as('lena', 'custody.list', { caseId: 1 })).json.value as CustodyRow[];
    for (const url of [status(2), status(9, 'cityfloodteam')]) {
      const entry = queue.find((e) => e.url === url)!;
      expect(entry.followedFrom).toEqual({ itemId: profileId, url: profileUrl });
      const item = await team.core.items.get(entry.itemId!);
      expect(item.capture).toMatchObject({ followedFrom: { itemId: profileId, url: profileUrl }, proxy: proxy.url });
      expect(custody.filter((e) => e.itemId === item.id && e.details.method === 'web capture')).toMatchObject([
        { operator: 'lena', details: { worker: 'rack-1', queuedBy: 'lena', followedFrom: { itemId: profileId, url: profileUrl } } },
      ]);
    }
    expect(site.hits.get('/harbourwatch/status/2')).toBe(1);
    expect(site.hits.get('/cityfloodteam/status/9')).toBe(1);
  }, STEP_TIMEOUT_MS);

  it("captures a profile and its posts from the app's capture screen on the team server, and the row offers only the posts left", async () => {
    expect((await as('lena', 'case.create', { title: 'Harbour flood, second day' })).status).toBe(200);
    expect((await as('lena', 'case.share', { caseId: 2, user: 'ivan', role: 'investigator' })).status).toBe(200);
    const browser = await launchTestBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = watchPageErrors(page);
      await page.goto(`${team.origin}/`);
      await page.waitForURL(/\/login$/);
      await page.getByLabel('User name').fill('ivan');
      await page.getByLabel('Password').fill('ivan password 123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Cases' }).waitFor();
      await page.goto(`${team.origin}/#/case/2/capture`);
      await page.getByRole('heading', { name: 'Capture pages' }).waitFor();
      await page.getByLabel('Addresses to capture, one per line').fill(profileUrl);
      await page.getByLabel(/^Proxy/).fill(proxy.url);
      await page.getByLabel(/Also capture the recent posts of each profile page/).fill('2');
      await page.getByRole('button', { name: 'Capture', exact: true }).click();
      // The worker captures the profile, the server queues its first two posts, the worker takes them.
      await page.getByTestId('capture-outcome').filter({ hasText: '3 pages captured' }).waitFor({ timeout: 180_000 });
      const followStatus = page.getByTestId('follow-posts-status');
      const button = page.getByTestId('follow-posts-button');
      await expect.poll(() => followStatus.textContent(), { timeout: 30_000 }).toBe('2 of its 5 recent posts queued (2 captured)');
      await expect.poll(() => button.textContent()).toBe('Capture 2 more of its recent posts');
      await button.click();
      await page.getByTestId('capture-outcome').filter({ hasText: '2 pages captured' }).waitFor({ timeout: 180_000 });
      await expect.poll(() => followStatus.textContent(), { timeout: 30_000 }).toBe('4 of its 5 recent posts queued (4 captured)');
      await expect.poll(() => button.textContent()).toBe('Capture 1 more of its recent posts');
      await saveScreen(page, 'team-follow-posts-row');
      const queue = await team.core.captureQueue.list(2);
      const profile = queue.find((e) => e.url === profileUrl)!;
      expect(queue.filter((e) => e.followedFrom !== null).map((e) => [e.url, e.state, e.followedFrom!.itemId])).toEqual(
        [3, 5, 4, 2].map((n) => [status(n), 'captured', profile.itemId]));
      const custody = (await as('lena', 'custody.list', { caseId: 2 })).json.value as CustodyRow[];
      for (const entry of queue.filter((e) => e.followedFrom !== null)) {
        expect(custody.filter((e) => e.itemId === entry.itemId && e.details.method === 'web capture')).toMatchObject([
          { operator: 'ivan', details: { worker: 'rack-1', queuedBy: 'ivan', followedFrom: { itemId: profile.itemId, url: profileUrl } } },
        ]);
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, STEP_TIMEOUT_MS);
});
