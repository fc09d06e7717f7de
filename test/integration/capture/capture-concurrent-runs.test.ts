import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchCaptureBrowser } from '../../../src/capture/browser-launch.js';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: FixtureSite;
let core: Core;
let other: ChildProcess;
const temp = makeTempDir();

beforeAll(async () => {
  site = await startFixtureSite();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  // Stands for another Golden Hour process capturing the same case right now.
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
});
afterAll(async () => {
  other.kill('SIGKILL');
  await core.close();
  await site.close();
  temp.remove();
});

it("leaves a live process's running entries alone, and takes back those of a dead one", async () => {
  const caseId = (await core.cases.create({ title: 'two runs' }, 'tester')).id;
  const service = new CaptureService(core);
  await service.queue.enqueue(caseId, [site.url('/article.html')], 'tester');
  const running = (await service.queue.claimNext(caseId))!;
  const locks = join(temp.path, 'capture-runs');
  mkdirSync(locks, { recursive: true });
  writeFileSync(join(locks, `case-${caseId}.${other.pid}`), 'running\n');

  const whileAlive = await service.run(caseId, { operator: 'tester', allowPrivate: true, timeoutSeconds: 5 });
  expect(whileAlive.items).toEqual([]);
  expect((await service.queue.get(running.id)).state).toBe('running');

  other.kill('SIGKILL');
  await new Promise((resolve) => other.once('exit', resolve));
  const afterDeath = await service.run(caseId, { operator: 'tester', allowPrivate: true, timeoutSeconds: 5, hostIntervalMs: 0 });
  expect(afterDeath.items.map((i) => i.sourceUrl)).toEqual([site.url('/article.html')]);
  expect(await service.queue.get(running.id)).toMatchObject({ state: 'captured' });
  // The dead process's marker is cleared, and ours is gone once the run ended.
  expect(readdirSync(locks)).toEqual([]);
});

it('relaunches a browser that died mid-run and captures the rest', async () => {
  const caseId = (await core.cases.create({ title: 'browser crash' }, 'tester')).id;
  const launched: import('playwright-core').Browser[] = [];
  const service = new CaptureService(core, async (options) => {
    const { browser } = await launchCaptureBrowser(options);
    launched.push(browser);
    return { browser };
  });
  const urls = ['/article.html?a', '/article.html?b', '/article.html?c'].map((p) => site.url(p));
  const result = await service.capture(caseId, urls, {
    operator: 'tester', allowPrivate: true, timeoutSeconds: 5, hostIntervalMs: 0, concurrency: 1, retryBaseMs: 100,
    // The browser goes away as soon as the first page is done, as if it had crashed.
    onEvent: (event) => void (event.type === 'done' && launched.length === 1 && launched[0]!.close()),
  });
  expect(result.errors).toEqual([]);
  expect(result.items.map((i) => i.sourceUrl)).toEqual(urls);
  expect(launched.length).toBe(2);
});
