import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliJson } from '../support/cli.js';
import { startWorker, type WorkerProcess } from '../support/capture-worker.js';
import { startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../support/team-server.js';

const STEP_TIMEOUT_MS = 300_000;
const LEASE_SECONDS = 10;

/** Capture workers on a real PostgreSQL-backed team server, each a real process with its own Chromium. */
describe('capture workers of a team server', () => {
  let team: TeamServerFixture;
  let site: FixtureSite;
  let lena: string;
  const tokens: Record<string, string> = {};
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    site = await startFixtureSite();
    team = await startTeamFixture({}, undefined, undefined, { leaseSeconds: LEASE_SECONDS, connectedSeconds: 60, maxLeases: 3, hostIntervalMs: 300 });
    // An administrator: the fixture site is on loopback, which only administrators may capture.
    await team.core.accounts.addUser('lena', 'lena password 123', true);
    lena = await signIn(team.origin, 'lena', 'lena password 123');
    expect((await call(team.origin, lena, 'case.create', { title: 'Harbour fire' })).status).toBe(200);
    for (const name of ['rack-1', 'rack-2']) {
      const made = await runCliJson<{ name: string; token: string }>(['server', 'worker-token', '--db', team.dbUrl, '--name', name]);
      expect(made.code).toBe(0);
      tokens[name] = made.json.token;
    }
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await team?.close();
    await site?.close();
  }, STEP_TIMEOUT_MS);

  it('says at once that no capture worker is connected, and keeps the address queued', async () => {
    const answer = await call(team.origin, lena, 'capture.run', { caseId: 1, urls: [site.url('/slow.html?ms=8000')], allowPrivate: true });
    expect(answer.status).toBe(200);
    const value = answer.json.value as { waitingForWorkers: boolean; notes: string[]; items: unknown[] };
    expect(value.waitingForWorkers).toBe(true);
    expect(value.items).toEqual([]);
    expect(value.notes).toEqual(['No capture worker is connected to the team server, so nothing is being captured: the address waits in the queue until a worker connects']);
    expect(await team.core.captureQueue.list(1)).toMatchObject([{ url: site.url('/slow.html?ms=8000'), state: 'queued' }]);
    // The CLI says it in its own words, with the command that starts a worker.
    const config = mkdtempSync(join(tmpdir(), 'goldenhour-worker-cli-'));
    try {
      const env = { XDG_CONFIG_HOME: config, GOLDENHOUR_SERVER: '' };
      const passwordFile = join(config, 'lena.pw');
      writeFileSync(passwordFile, 'lena password 123\n', { mode: 0o600 });
      expect((await runCli(['login', '--server', team.origin, '--user', 'lena', '--password-file', passwordFile], { env })).code).toBe(0);
      const cli = await runCli(['capture', '1', site.url('/slow.html?ms=8000'), '--allow-private', '--server', team.origin], { env });
      expect(cli.code).toBe(0);
      expect(cli.stderr).toContain('no capture worker is connected to the server; start one with goldenhour worker --server URL --token TOKEN');
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
    expect(await team.core.captureQueue.list(1)).toHaveLength(1);
  }, STEP_TIMEOUT_MS);

  it('refuses a worker token as a user and a user session as a worker', async () => {
    const asUser = await call(team.origin, tokens['rack-1']!, 'case.list', {});
    expect(asUser.status).toBe(401);
    const login = await call(team.origin, null, 'session.login', { user: 'rack-1', password: tokens['rack-1'] });
    expect(login.status).toBe(401);
    const asWorker = await fetch(`${team.origin}/worker/claim`, { method: 'POST', headers: { Authorization: `Bearer ${lena}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(asWorker.status).toBe(401);
    expect(((await asWorker.json()) as { error: { message: string } }).error.message).toMatch(/worker token/);
    // Nothing was handed out to the session.
    expect(await team.core.captureQueue.list(1, 'queued')).toHaveLength(1);
  }, STEP_TIMEOUT_MS);

  it('captures every URL exactly once with two workers when one is killed mid-job, with custody intact', async () => {
    const first = startWorker(team.origin, tokens['rack-1']!);
    workers.push(first);
    // rack-1 takes the slow page (the only job) and is killed while the page is still loading.
    await first.said(/job 1 \(lease 1\)/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(await team.core.captureQueue.get(1)).toMatchObject({ state: 'running' });

    const second = startWorker(team.origin, tokens['rack-2']!);
    workers.push(second);
    await second.said(/connected/);
    const pages = ['/article.html', '/post.html', '/dialog.html', '/popup.html', '/cookie-wall.html'].map((p) => site.url(p));
    const running = call(team.origin, lena, 'capture.run', { caseId: 1, urls: pages, allowPrivate: true });
    // rack-1's lease runs out (the server's clock moves past it); rack-2 then takes its job too.
    await second.said(/job \d+ \(lease 1\)/);
    team.clock.advance((LEASE_SECONDS + 1) * 1000);
    const answer = await running;
    expect(answer.status).toBe(200);
    const value = answer.json.value as { waitingForWorkers: boolean; errors: unknown[]; items: { id: number; parentId: number | null; sourceUrl: string }[] };
    expect(value.errors).toEqual([]);
    expect(value.waitingForWorkers).toBe(false);
    // The slow page too: the run follows the case's jobs a worker holds as well as those it queued.
    expect(value.items.filter((i) => i.parentId === null).map((i) => i.sourceUrl).sort()).toEqual([site.url('/slow.html?ms=8000'), ...pages].sort());
    expect((await team.core.captureQueue.get(1)).state).toBe('captured');
    expect(second.output()).toMatch(/job 1 \(lease 2\)/);

    const queue = await team.core.captureQueue.list(1);
    expect(queue.map((e) => e.state)).toEqual(Array(6).fill('captured'));
    const items = await team.core.items.list(1);
    const topLevel = items.filter((i) => i.parentId === null);
    // One page item per URL: nothing captured twice, whichever worker held it.
    expect(topLevel.map((i) => i.sourceUrl).sort()).toEqual([site.url('/slow.html?ms=8000'), ...pages].sort());
    const custody = (await call(team.origin, lena, 'custody.list', { caseId: 1 })).json.value as { action: string; operator: string; itemId: number | null; details: Record<string, unknown> }[];
    for (const page of topLevel) {
      const recorded = custody.filter((e) => e.itemId === page.id && e.details.method === 'web capture');
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({ operator: 'lena', details: { worker: 'rack-2', queuedBy: 'lena', url: page.sourceUrl } });
    }
    const verified = await call(team.origin, lena, 'custody.verify', { caseId: 1 });
    expect(verified.json.value).toMatchObject({ ok: true, problems: [] });
  }, STEP_TIMEOUT_MS);
});
