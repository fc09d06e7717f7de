import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { startTestProxy, type TestProxy } from '../../support/http-proxy.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: FixtureSite;
let proxy: TestProxy;
let core: Core;
const temp = makeTempDir();

beforeAll(async () => {
  site = await startFixtureSite();
  proxy = await startTestProxy(site.origin);
  core = openCore({ dataDir: temp.path, operator: 'tester' });
}, 60_000);
afterAll(async () => {
  await core.close();
  await proxy.close();
  await site.close();
  temp.remove();
});

describe('a post shown through an embed widget', () => {
  // t.me/CHANNEL/N holds only OpenGraph tags; the message, and its time, are in the widget's frame.
  it('reads a t.me post page\'s time from the widget frame Chromium rendered', async () => {
    const caseId = (await core.cases.create({ title: 'telegram', timezone: 'Europe/London' }, 'tester')).id;
    const result = await new CaptureService(core).capture(caseId, ['http://t.me/harbouralerts/512'], {
      operator: 'tester', proxy: proxy.url, timeoutSeconds: 10, hostIntervalMs: 0, concurrency: 1,
    });
    expect(result.errors).toEqual([]);
    const page = result.items.find((item) => item.kind === 'page')!;
    expect(page.post).toMatchObject({
      platform: 'telegram', author: 'Harbour Alerts', handle: '@harbouralerts', publishedAt: '2026-11-21T08:40:12.000Z', url: 'https://t.me/harbouralerts/512',
      text: 'Harbour Road closed both ways.\nPolice on scene & diversions in place. #HarbourFlood',
    });
    expect(page.eventTime).toMatchObject({ utc: '2026-11-21T08:40:12.000Z', source: 'post' });
    expect(proxy.requestedHosts).toContain('t.me');
  }, 120_000);
});
