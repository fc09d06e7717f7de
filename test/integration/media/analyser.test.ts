import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/core.js';
import type { Case } from '../../../src/domain/case.js';
import type { NewItem } from '../../../src/items/item-repository.js';
import { makeTempDir } from '../../support/temp-dir.js';

// The analyser as the capture work calls it: `core.analyser.analyse(item, blobPath, case)` on an
// item recorded some other way, its patch applied with the custody entry.
let core: Core;
let temp: ReturnType<typeof makeTempDir>;
let c: Case;

beforeAll(async () => {
  temp = makeTempDir('goldenhour-media-analyser-');
  core = openCore({ dataDir: temp.path, operator: 'tester' });
  c = await core.cases.create({ title: 'captured', timezone: 'Europe/London' }, 'tester');
});

afterAll(async () => {
  await core.close();
  temp.remove();
});

async function recordPhoto(bytes: Buffer, extra: Partial<NewItem> = {}) {
  const stored = await core.vault.putBuffer(bytes);
  return await core.items.insert({ caseId: c.id, kind: 'photo', sha256: stored.sha256, size: stored.size, mediaType: 'image/jpeg', sourceUrl: 'https://example.test/p/1.jpg?size=large', ...extra }, 'tester');
}

describe('MediaAnalyser for captured items', () => {
  it('is wired by default; null means none', async () => {
    expect(core.analyser?.constructor.name).toBe('MediaAnalyser');
    const bare = openCore({ dataDir: join(temp.path, 'bare'), analyser: null });
    expect(bare.analyser).toBeNull();
    await bare.close();
  });

  it("uses a post's published time when the photo says nothing (EXIF stripped by the platform)", async () => {
    const stripped = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#aa5500' } }).jpeg().toBuffer();
    const item = await recordPhoto(stripped, {
      post: { platform: 'x', url: 'https://example.test/p/1', author: null, handle: null, publishedAt: '2026-07-01T21:20:00.000Z', text: null, mediaUrls: [] },
      flags: ['from-capture'],
    });
    const analysis = await core.analyser!.analyse(item, core.vault.pathOf(item.sha256), c);
    const updated = await core.items.update(item.id, analysis!.patch, 'tester', 'item analysed');
    expect(updated.eventTime).toMatchObject({ utc: '2026-07-01T21:20:00.000Z', source: 'post', confidence: 'medium' });
    expect(updated.flags).toEqual(['from-capture']);
    expect(updated.artifacts.map((a) => a.role).sort()).toEqual(['preview', 'thumbnail']);
  });

  it('analysing again changes nothing: same derived blobs, same flags', async () => {
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#0055aa' } }).jpeg().toBuffer();
    const item = await recordPhoto(photo);
    const first = await core.items.update(item.id, (await core.analyser!.analyse(item, core.vault.pathOf(item.sha256), c))!.patch, 'tester', 'item analysed');
    const second = await core.items.update(item.id, (await core.analyser!.analyse(first, core.vault.pathOf(item.sha256), c))!.patch, 'tester', 'item analysed');
    expect(second.artifacts).toEqual(first.artifacts);
    expect(second.flags).toEqual(['no-time']);
  });

  it('a file that is no photo or video and not named like one: nothing to do', async () => {
    const stored = await core.vault.putBuffer('just some notes');
    const item = await core.items.insert({ caseId: c.id, kind: 'file', sha256: stored.sha256, size: stored.size, mediaType: 'text/plain', originalName: 'notes.txt' }, 'tester');
    expect(await core.analyser!.analyse(item, core.vault.pathOf(item.sha256), c)).toBeNull();
  });

  it('a captured URL ending in .jpg whose content is HTML is flagged (the name is read from the URL path)', async () => {
    const stored = await core.vault.putBuffer('<html><body>login wall</body></html>');
    const item = await core.items.insert({ caseId: c.id, kind: 'file', sha256: stored.sha256, size: stored.size, mediaType: 'text/html', sourceUrl: 'https://example.test/media/photo.jpg?token=1' }, 'tester');
    const analysis = await core.analyser!.analyse(item, core.vault.pathOf(item.sha256), c);
    expect(analysis?.patch.flags).toContain('unreadable-media');
    expect(analysis?.notes?.[0]).toMatch(/named \.jpg but the content is not a recognised image or video \(sniffed as text\/html\)/);
  });
});
