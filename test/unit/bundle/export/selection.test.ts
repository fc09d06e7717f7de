import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoArgument, selectItems } from '../../../../src/bundle/export/selection.js';
import type { Core } from '../../../../src/core.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../../support/bundle-case.js';
import { makeTempDir } from '../../../support/temp-dir.js';

describe('bundle selection', () => {
  const temp = makeTempDir('gh-selection-');
  let core: Core;
  let f: BundleCase;
  beforeAll(async () => {
    core = openTestCore(join(temp.path, 'data'));
    f = await makeBundleCase(core);
  });
  afterAll(async () => {
    await core.close();
    temp.remove();
  });

  const ids = async (selection: Parameters<typeof selectItems>[2]) => (await selectItems(core.items, f.case.id, selection)).map((item) => item.id);

  it('everything, withdrawn included', async () => {
    expect(await ids({})).toEqual([f.photo.id, f.farPhoto.id, f.page.id, f.pageImage.id, f.withdrawn.id, f.untimed.id]);
  });
  it('by event time: inclusive bounds, untimed items out, children follow their parent', async () => {
    expect(await ids({ from: '2026-11-21T14:07:30.000Z', to: '2026-11-21T14:30:00.000Z' })).toEqual([f.photo.id, f.page.id, f.pageImage.id, f.withdrawn.id]);
    expect(await ids({ to: '2026-11-21T14:00:00.000Z' })).toEqual([f.farPhoto.id]);
  });
  it('by id, with a page bringing its children, combined with time', async () => {
    expect(await ids({ itemIds: [f.page.id] })).toEqual([f.page.id, f.pageImage.id]);
    expect(await ids({ itemIds: [f.photo.id, f.farPhoto.id], from: '2026-11-21T14:00:00Z' })).toEqual([f.photo.id]);
  });
  it('refuses ids of another case and bad times, naming them', async () => {
    await expect(ids({ itemIds: [9999] })).rejects.toThrow(/item 9999 is not in it/);
    expect(() => parseIsoArgument('--from', 'noon')).toThrow(/--from.*"noon"/);
    expect(parseIsoArgument('--to', '2026-11-21T15:00:00+01:00')).toBe('2026-11-21T14:00:00.000Z');
    expect(parseIsoArgument('--to', undefined)).toBeNull();
  });
});
