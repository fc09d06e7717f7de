import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureRunResult } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { fixturePath, startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { archivedResponses } from '../../support/warc-records.js';

// Scrolling waits for what each step sets off (the requests it started, the images it brought
// into view), not for a fixed pause: a feed whose next batch takes 600 ms to come (longer than
// the 250 ms pauses scrolling used to make) is followed to its end, with its lazy photos. At
// the bottom it waits once more only for a page whose scripts listen for scrolling: a feed that
// asks for more once scrolling has stopped is followed to its end; a page without such a
// script is not waited on, and the record says which it was.
let site: FixtureSite;
let core: Core;
let result: CaptureRunResult;
const temp = makeTempDir();

beforeAll(async () => {
  site = await startFixtureSite();
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  const caseId = (await core.cases.create({ title: 'scrolling' }, 'tester')).id;
  const urls = ['/slow-feed.html', '/debounced-feed.html', '/long-article.html'].map((path) => site.url(path));
  result = await new CaptureService(core).capture(caseId, urls, { operator: 'tester', allowPrivate: true, hostIntervalMs: 0 });
}, 180_000);
afterAll(async () => {
  await core?.close();
  await site?.close();
  temp.remove();
});

const page = (path = '/slow-feed.html'): Item => {
  const item = result.items.find((i) => i.kind === 'page' && i.sourceUrl === site.url(path));
  if (!item) throw new Error(`no page item for ${path}: ${JSON.stringify(result.errors)}`);
  return item;
};
const artifact = (role: string, path?: string) => readFileSync(core.vault.pathOf(page(path).artifacts.find((a) => a.role === role)!.sha256));

describe('scrolling a page that loads as it is read', () => {
  it('follows a slow feed to its end: every batch fetched, in the DOM, and scrolling stopped at the end', () => {
    expect(result.errors).toEqual([]);
    const dom = artifact('dom').toString();
    for (const batch of [1, 2, 3]) expect(dom).toContain(`Batch ${batch}, entry 2`);
    expect(dom).toContain('End of the feed');
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

describe('the wait at the bottom of a page', () => {
  it('waits for a feed that asks for more only once scrolling stops, and follows it to its end', () => {
    const dom = artifact('dom', '/debounced-feed.html').toString();
    for (const batch of [1, 2, 3]) expect(dom).toContain(`Batch ${batch}, entry 2`);
    expect(dom).toContain('End of the feed');
    expect(page('/debounced-feed.html').capture?.scroll).toMatchObject({ stoppedBy: 'end', scrollListeners: true });
  });

  it('does not wait on a page whose scripts do not listen for scrolling, and shoots it whole', async () => {
    const scroll = page('/long-article.html').capture?.scroll as { stoppedBy: string; steps: number; scrollListeners?: boolean; documentHeightPx: number };
    expect(scroll).toMatchObject({ stoppedBy: 'end', scrollListeners: false });
    expect(scroll.steps).toBeGreaterThan(0);
    expect(await sharp(artifact('screenshot-viewport', '/long-article.html')).metadata()).toMatchObject({ format: 'png', width: 1280, height: 800 });
    const full = await sharp(artifact('screenshot-full', '/long-article.html')).metadata();
    expect(full).toMatchObject({ format: 'png', width: 1280, height: scroll.documentHeightPx });
    expect(full.height).toBeGreaterThan(800);
  });
});
