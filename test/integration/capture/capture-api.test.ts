import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import type { ApiEvent } from '../../../src/api/handler-types.js';
import { openCore, type Core } from '../../../src/core.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: FixtureSite;
let core: Core;
let api: Api;
const temp = makeTempDir();

beforeAll(async () => {
  site = await startFixtureSite();
  core = openCore({ dataDir: temp.path, operator: 'api-tester' });
  api = createApi(core);
  await core.cases.create({ title: 'api' }, 'api-tester');
});
afterAll(async () => {
  await core.close();
  await site.close();
  temp.remove();
});

describe('capture operations through the API contract', () => {
  it('refuses bad payloads as values with a stable code', async () => {
    expect(await api.invoke('capture.run', { caseId: 1, concurrency: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/concurrency is at least 1/) } });
    expect(await api.invoke('capture.enqueue', { caseId: 1, urls: [] })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/give at least one URL/) } });
    expect(await api.invoke('capture.queue', { caseId: 99 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('queues good URLs and returns bad ones as errors', async () => {
    const result = await api.invoke('capture.enqueue', { caseId: 1, urls: [site.url('/article.html'), 'javascript:alert(1)', site.url('/loop/a')] });
    expect(result).toMatchObject({ ok: true, value: { queued: [{ url: site.url('/article.html'), state: 'queued' }, { url: site.url('/loop/a') }], errors: [{ url: 'javascript:alert(1)' }] } });
  });

  it('runs the queue with progress events, then retries what failed', async () => {
    const events: ApiEvent[] = [];
    const unsubscribe = api.subscribe((event) => events.push(event));
    const run = await api.call('capture.run', { caseId: 1, allowPrivate: true, timeoutSeconds: 5 });
    unsubscribe();
    expect(run.items.map((i) => i.sourceUrl)).toEqual([site.url('/article.html')]);
    expect(run.errors).toEqual([{ url: site.url('/loop/a'), error: expect.stringMatching(/redirects in a loop/) }]);
    expect(events.filter((e) => e.topic === 'capture.progress').map((e) => e.type)).toEqual(expect.arrayContaining(['started', 'artifact', 'done', 'failed']));
    const queue = await api.call('capture.queue', { caseId: 1 });
    expect(queue.map((e) => [e.url, e.state])).toEqual([[site.url('/article.html'), 'captured'], [site.url('/loop/a'), 'failed']]);
    const retried = await api.call('capture.retry', { caseId: 1 });
    expect(retried).toEqual([expect.objectContaining({ url: site.url('/loop/a'), state: 'queued', error: null })]);
    expect(await api.invoke('capture.retry', { caseId: 1, queueIds: [1] })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/Expected failed capture queue entries of case 1 but received 1/) } });
  });
});
