import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import { openCore, type Core } from '../../../src/core.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** Browse and capture, through the API with real Chromium (headless here: there is no display). */
describe('the case browser', () => {
  const temp = makeTempDir('goldenhour-browse-');
  let core: Core;
  let api: Api;
  let site: FixtureSite;
  let caseId: number;
  const events: { topic: string; [key: string]: unknown }[] = [];

  beforeAll(async () => {
    site = await startFixtureSite();
    core = openCore({ dataDir: temp.path, operator: 'tester' });
    api = createApi(core);
    api.subscribe((event) => events.push(event));
    caseId = (await api.call('case.create', { title: 'Browse' })).id;
  });
  afterAll(async () => {
    await core.close();
    await site.close();
    temp.remove();
  });

  it('refuses to capture before the browser is open', async () => {
    const result = await api.invoke('browse.capture', { caseId });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('records every address visited, in the ledger, and captures the current page in the same context', async () => {
    const opened = await api.call('browse.open', { caseId, headless: true, allowPrivate: true });
    expect(opened.open).toBe(true);
    await api.call('browse.goto', { caseId, url: site.url('/article.html') });
    await api.call('browse.goto', { caseId, url: site.url('/post.html') });
    const state = await api.call('browse.state', { caseId });
    expect(state.currentUrl).toBe(site.url('/post.html'));
    expect(state.visits.map((visit) => visit.url)).toEqual([site.url('/article.html'), site.url('/post.html')]);
    const visited = (await core.ledger.list(caseId)).filter((entry) => entry.action === 'page visited');
    expect(visited.map((entry) => entry.details.url)).toEqual([site.url('/article.html'), site.url('/post.html')]);
    expect(events.filter((event) => event.topic === 'browse.visit')).toHaveLength(2);

    const captured = await api.call('browse.capture', { caseId });
    expect(captured.url).toBe(site.url('/post.html'));
    const item = await core.items.get(captured.itemId);
    expect(item.kind).toBe('page');
    expect(item.sourceUrl).toBe(site.url('/post.html'));
    expect(item.artifacts.map((artifact) => artifact.role)).toEqual(expect.arrayContaining([expect.stringContaining('screenshot')]));
    expect(events.some((event) => event.topic === 'browse.capture' && event.state === 'done')).toBe(true);
    // The capture's own tab is not recorded as a visit, and the current page is still the investigator's.
    const after = await api.call('browse.state', { caseId });
    expect(after.visits).toHaveLength(2);
    expect(after.currentUrl).toBe(site.url('/post.html'));
  }, 120_000);

  it('keeps the profile when closed', async () => {
    const closed = await api.call('browse.close', { caseId });
    expect(closed.open).toBe(false);
    const c = await core.cases.get(caseId);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${core.layout.profiles}/${c.uuid}`)).toBe(true);
  });
});
