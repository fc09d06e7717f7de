import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { fixturePath, startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { archivedResponses } from '../../support/warc-records.js';

// Scrolling waits for what each step sets off (the requests it started, the images it brought
// into view), not for a fixed pause: a feed whose next batch takes 600 ms to come (longer than
// the 250 ms pauses scrolling used to make) is followed to its end, with its lazy photos.
let site: FixtureSite;
let core: Core;
let result: CaptureRunResult;
const temp = makeTempDir();

beforeAll(async () => {
  site = await startFixtureSite();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'scrolling' }, 'tester')).id;
  result = await new CaptureService(core).capture(caseId, [site.url('/slow-feed.html')], { operator: 'tester', allowPrivate: true, hostIntervalMs: 0 });
}, 180_000);
afterAll(async () => {
  await core?.close();
  await site?.close();
  temp.remove();
});

const page = (): Item => {
  const item = result.items.find((i) => i.kind === 'page');
  if (!item) throw new Error(`no page item: ${JSON.stringify(result.errors)}`);
  return item;
};
const artifact = (role: string) => readFileSync(core.vault.pathOf(page().artifacts.find((a) => a.role === role)!.sha256));

describe('scrolling a page that loads as it is read', () => {
  it('follows a slow feed to its end: every batch fetched, in the DOM, and scrolling stopped at the end', () => {
    expect(result.errors).toEqual([]);
    expect(site.hits.get('/batch')).toBe(3);
    expect(artifact('dom').toString()).toContain('End of the feed');
    expect(page().capture?.scroll).toMatchObject({ stoppedBy: 'end' });
  });

  it('keeps each batch\'s lazy photo, whole, in the WACZ', async () => {
    const photo = readFileSync(fixturePath('site/media/yosemite.jpg'));
    const archived = await archivedResponses(artifact('wacz'));
    for (const batch of [1, 2, 3]) {
      const url = site.url(`/media/lazy-photo.jpg?batch=${batch}&ms=400`);
      expect(archived.filter((r) => r.url === url).map((r) => [r.status, r.payload.equals(photo)]), url).toEqual([[200, true]]);
    }
  });
});
