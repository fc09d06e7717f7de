import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import { openCore, type Core } from '../../../src/core.js';
import { photoFixture } from '../../support/media.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('importing a file whose content is already in the case, from another path', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let core: Core;
  let api: Api;
  beforeEach(() => {
    dir = makeTempDir();
    core = openCore({ dataDir: join(dir.path, 'data'), analyser: null, anchorTimer: false, operator: 'DC Khan' });
    api = createApi(core);
  });
  afterEach(async () => {
    await core.close();
    dir.remove();
  });

  it('records the second source, names the item it repeats in the outcome and the ledger, and says so', async () => {
    const c = await api.call('case.create', { title: 'Same photo twice' });
    const first = join(dir.path, 'card-a.jpg');
    const second = join(dir.path, 'whatsapp-copy.jpg');
    copyFileSync(photoFixture('exifr__issue-fast-exif-2.jpg'), first);
    copyFileSync(first, second);
    const a = await api.call('items.ingest', { caseId: c.id, paths: [first] });
    expect(a.sameContent).toEqual([]);
    const b = await api.call('items.ingest', { caseId: c.id, paths: [second, first] });
    const original = a.items[0]!;
    const repeat = b.items[0]!;
    expect(b.sameContent).toEqual([{ path: second, itemId: repeat.id, sameAs: original.id, sha256: original.sha256 }]);
    expect(b.alreadyPresent).toEqual([{ path: first, itemId: original.id, sha256: original.sha256 }]);
    expect(repeat).toMatchObject({ sourcePath: second, sha256: original.sha256 });
    const entry = (await core.ledger.list(c.id, repeat.id)).find((e) => e.action === 'item acquired');
    expect(entry?.details).toMatchObject({ method: 'file import', sameContentAs: original.id });
    expect((await api.call('custody.verify', { caseId: c.id })).ok).toBe(true);
  });
});
