import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataLayout } from '../../../src/config/data-dir.js';
import { openCore } from '../../../src/core.js';
import { verifyCase } from '../../../src/custody/verify-case.js';
import { photoFixture } from '../../support/media.js';
import { makeTempDir } from '../../support/temp-dir.js';

// A run stopped after recording a file but before analysing it (killed, or a crash in a decoder)
// leaves an item with no reading. Running the same ingest again analyses it, once.
let temp: ReturnType<typeof makeTempDir>;
const PHOTO = photoFixture('exifr__IMG_20180725_163423-tiny.jpg');

beforeAll(() => (temp = makeTempDir('goldenhour-resume-analysis-')));
afterAll(() => temp.remove());

describe('ingest run again', () => {
  it('analyses a file an earlier run recorded but did not analyse, and leaves analysed ones alone', async () => {
    const dataDir = join(temp.path, 'data');
    // The earlier run: recorded without analysis (as if stopped between the two steps).
    const stopped = openCore({ dataDir, operator: 'tester', analyser: null });
    const caseId = (await stopped.cases.create({ title: 'resume', timezone: 'Europe/Prague' }, 'tester')).id;
    const first = await stopped.ingest.ingest(caseId, [PHOTO], { operator: 'tester' });
    const itemId = first.items[0]!.id;
    expect(first.items[0]!.metadata).toBeNull();
    await stopped.close();

    const core = openCore({ dataDir, operator: 'tester' });
    try {
      const again = await core.ingest.ingest(caseId, [PHOTO], { operator: 'tester' });
      expect(again.items).toEqual([]);
      expect(again.alreadyPresent).toEqual([{ path: PHOTO, itemId, sha256: first.items[0]!.sha256 }]);
      const item = await core.items.get(itemId);
      expect(item.eventTime).toMatchObject({ source: 'gps', utc: '2018-07-25T14:34:23.000Z' });
      expect(item.artifacts.filter((a) => a.derived).map((a) => a.role).sort()).toEqual(['preview', 'thumbnail']);
      const analysed = async () => (await core.ledger.list(caseId, itemId)).filter((e) => e.action === 'item analysed').length;
      expect(await analysed()).toBe(1);

      // A third run finds it analysed: nothing is read or written again.
      await core.ingest.ingest(caseId, [PHOTO], { operator: 'tester' });
      expect(await analysed()).toBe(1);
      expect((await core.items.get(itemId)).artifacts).toEqual(item.artifacts);
      expect(await verifyCase(core, caseId)).toMatchObject({ ok: true, problems: [] });
    } finally {
      await core.close();
    }
  });

  it('does not try a third time a file whose analysis an earlier re-run never finished (a file that crashes the decoder)', async () => {
    const dataDir = join(temp.path, 'data-crash');
    const stopped = openCore({ dataDir, operator: 'tester', analyser: null });
    const caseId = (await stopped.cases.create({ title: 'crash loop' }, 'tester')).id;
    const itemId = (await stopped.ingest.ingest(caseId, [PHOTO], { operator: 'tester' })).items[0]!.id;
    await stopped.close();
    // What a re-run that died while analysing it leaves behind.
    const attempts = dataLayout(dataDir).analysisAttempts;
    const marker = join(attempts, `case-${caseId}-item-${itemId}`);
    mkdirSync(attempts, { recursive: true });
    writeFileSync(marker, 'pid 1\n');

    const core = openCore({ dataDir, operator: 'tester' });
    try {
      const skipped = await core.ingest.ingest(caseId, [PHOTO], { operator: 'tester' });
      expect(skipped.errors).toEqual([]);
      expect(skipped.notes).toEqual([{ path: PHOTO, itemId, note: expect.stringMatching(/^not analysed: an earlier run's attempt never finished .* delete .*case-\d+-item-\d+ to try again$/) }]);
      expect((await core.items.get(itemId)).metadata).toBeNull();

      // The investigator removes the marker: the next run analyses it, and leaves no marker.
      rmSync(marker);
      await core.ingest.ingest(caseId, [PHOTO], { operator: 'tester' });
      expect((await core.items.get(itemId)).eventTime).toMatchObject({ source: 'gps' });
      expect(existsSync(marker)).toBe(false);
      expect(readdirSync(attempts)).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
