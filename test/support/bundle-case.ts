import sharp from 'sharp';
import { openCore, type Core } from '../../src/core.js';
import type { Case } from '../../src/domain/case.js';
import type { Artifact, Item } from '../../src/domain/item.js';
import type { Clock } from '../../src/util/clock.js';

/** A clock that stands still at a given instant (for deterministic exports). */
export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}

async function store(core: Core, bytes: Buffer, role: string, mediaType: string, derived: boolean): Promise<Artifact> {
  const stored = await core.vault.putBuffer(bytes);
  return { role, sha256: stored.sha256, size: stored.size, mediaType, derived };
}

function solid(width: number, height: number, r: number, g: number, b: number) {
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } });
}

/** What {@link makeBundleCase} recorded. */
export interface BundleCase {
  case: Case;
  photo: Item;
  farPhoto: Item;
  page: Item;
  pageImage: Item;
  withdrawn: Item;
  untimed: Item;
}

/**
 * A case with real evidence made the way the app makes it (ItemRepository, vault): photos with
 * derived thumbnails, a captured page with its screenshots, DOM and capture record and a child
 * image, a withdrawn item and an item with no event time. Real JPEG/PNG bytes from sharp.
 */
export async function makeBundleCase(core: Core, operator = 'alice'): Promise<BundleCase> {
  const c = await core.cases.create({ title: 'Harbour Road collision <test>', reference: 'CAD 2211/26', scene: { lat: 51.5072, lon: -0.1276, radiusM: 400 },
    incidentTime: '2026-11-21T14:05:00.000Z', timezone: 'Europe/London', window: { beforeMin: 60, afterMin: 60 } }, operator);
  const at = (utc: string) => ({ utc, source: 'exif-offset' as const, confidence: 'high' as const, raw: { DateTimeOriginal: utc } });
  const place = (lat: number, lon: number) => ({ lat, lon, altitudeM: null, accuracyM: 8, source: 'exif-gps' });

  const photoJpeg = await solid(1200, 900, 30, 110, 200).jpeg({ quality: 90 }).toBuffer();
  const photoOriginal = await store(core, photoJpeg, 'original', 'image/jpeg', false);
  const photoThumb = await store(core, await sharp(photoJpeg).resize(240).jpeg().toBuffer(), 'thumbnail', 'image/jpeg', true);
  const photo = await core.items.insert({ caseId: c.id, kind: 'photo', sha256: photoOriginal.sha256, size: photoOriginal.size, mediaType: 'image/jpeg',
    originalName: 'IMG_0001.jpg', eventTime: at('2026-11-21T14:07:30.000Z'), location: place(51.5081, -0.1262), artifacts: [photoThumb] }, operator);

  const farJpeg = await solid(800, 600, 200, 150, 30).jpeg().toBuffer();
  const farOriginal = await store(core, farJpeg, 'original', 'image/jpeg', false);
  const farThumb = await store(core, await sharp(farJpeg).resize(240).jpeg().toBuffer(), 'thumbnail', 'image/jpeg', true);
  const farPhoto = await core.items.insert({ caseId: c.id, kind: 'photo', sha256: farOriginal.sha256, size: farOriginal.size, mediaType: 'image/jpeg',
    originalName: 'far away.jpg', eventTime: at('2026-11-21T13:20:00.000Z'), location: place(51.5152, -0.1410), flags: ['clock-mismatch'], artifacts: [farThumb] }, operator);

  const screenshot = await solid(1280, 2400, 245, 245, 245).png().toBuffer();
  const viewport = await solid(1280, 720, 240, 240, 250).png().toBuffer();
  const record = Buffer.from(JSON.stringify({ requestedUrl: 'https://social.example/p/1', finalUrl: 'https://social.example/p/1', tool: 'Golden Hour' }));
  const dom = Buffer.from('<!doctype html><html><body><p>Post text <script>alert(1)</script></p></body></html>');
  const pageArtifacts = [
    await store(core, screenshot, 'screenshot-full', 'image/png', false),
    await store(core, viewport, 'screenshot-viewport', 'image/png', false),
    await store(core, dom, 'dom', 'text/html', false),
  ];
  const recordArtifact = await store(core, record, 'capture-record', 'application/json', false);
  const page = await core.items.insert({ caseId: c.id, kind: 'page', sha256: recordArtifact.sha256, size: recordArtifact.size, mediaType: 'application/json',
    sourceUrl: 'https://social.example/p/1', title: 'Post by @witness', eventTime: { utc: '2026-11-21T14:09:00.000Z', source: 'post', confidence: 'medium', raw: {} },
    post: { platform: 'example', url: 'https://social.example/p/1', author: 'A Witness', handle: '@witness', publishedAt: '2026-11-21T14:09:00.000Z',
      text: 'Crash on Harbour Road <img src=x onerror=alert(1)>', mediaUrls: ['https://cdn.social.example/1.jpg'] },
    artifacts: pageArtifacts }, operator);
  const childJpeg = await solid(640, 480, 90, 160, 90).jpeg().toBuffer();
  const child = await store(core, childJpeg, 'original', 'image/jpeg', false);
  const pageImage = await core.items.insert({ caseId: c.id, kind: 'photo', sha256: child.sha256, size: child.size, mediaType: 'image/jpeg', parentId: page.id,
    sourceUrl: 'https://cdn.social.example/1.jpg' }, operator);

  const wrongJpeg = await solid(320, 240, 10, 10, 10).jpeg().toBuffer();
  const wrong = await store(core, wrongJpeg, 'original', 'image/jpeg', false);
  const inserted = await core.items.insert({ caseId: c.id, kind: 'photo', sha256: wrong.sha256, size: wrong.size, mediaType: 'image/jpeg', originalName: 'stock.jpg',
    eventTime: at('2026-11-21T14:30:00.000Z') }, operator);
  const withdrawn = await core.items.withdraw(inserted.id, 'Stock photo, not from the scene', operator);

  const note = await store(core, Buffer.from('Witness statement summary\n'), 'original', 'text/plain', false);
  const untimed = await core.items.insert({ caseId: c.id, kind: 'file', sha256: note.sha256, size: note.size, mediaType: 'text/plain', originalName: 'statement.txt' }, operator);
  const noted = await core.items.update(photo.id, { notes: 'Shows the junction from the north-east corner', tags: ['junction'] }, operator, 'note changed');
  return { case: c, photo: noted, farPhoto, page, pageImage, withdrawn, untimed };
}

/** Opens a core on a data dir with a fixed clock and no media analyser (tests add items themselves). */
export function openTestCore(dataDir: string, clock?: Clock): Core {
  return openCore({ dataDir, clock, analyser: null });
}
