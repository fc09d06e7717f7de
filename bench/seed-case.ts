/**
 * A generated case of many items for the benchmarks (bench:ui, bench:team): pages, photos, videos
 * and files around a scene, with event times, places, posts and flags, seeded through
 * ItemRepository.insertMany in one unit of work (real rows and custody entries, on either backend).
 * Deterministic: every run seeds the same case.
 */
import sharp from 'sharp';
import type { Core } from '../src/core.js';
import type { ItemKind } from '../src/domain/item.js';
import type { NewItem } from '../src/items/item-repository.js';
import type { StoredBlob } from '../src/vault/vault.js';

const SCENE = { lat: 48.8566, lon: 2.3522, radiusM: 800 };
const INCIDENT = Date.parse('2026-05-01T12:00:00Z');
const KINDS: ItemKind[] = ['photo', 'photo', 'photo', 'photo', 'photo', 'photo', 'video', 'page', 'page', 'file'];
const PLATFORMS = ['x', 'instagram', 'youtube', 'telegram', 'tiktok'];
const SOURCES = ['exif-offset', 'gps', 'exif-local', 'container', 'post'] as const;

/** A small deterministic pseudo-random sequence, so every run seeds the same case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

/** Seeds a case of `count` items; its id and the seconds the inserts took. */
export async function seedCase(core: Core, count: number): Promise<{ caseId: number; seconds: number }> {
  const c = await core.cases.create({ title: `Benchmark: ${count.toLocaleString('en')} items`, reference: 'BENCH', scene: SCENE, incidentTime: new Date(INCIDENT).toISOString(), timezone: 'Europe/Paris', window: { beforeMin: 60, afterMin: 120 } }, 'bench');
  const thumbs: StoredBlob[] = [];
  for (let i = 0; i < 64; i++) {
    const jpeg = await sharp({ create: { width: 96, height: 72, channels: 3, background: { r: (i * 37) % 255, g: (i * 91) % 255, b: (i * 53) % 255 } } }).jpeg().toBuffer();
    thumbs.push(await core.vault.putBuffer(jpeg));
  }
  const next = random(42);
  const started = Date.now();
  const inputs: NewItem[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[Math.floor(next() * KINDS.length)] as ItemKind;
    const thumb = thumbs[i % thumbs.length]!;
    const hasTime = next() > 0.08;
    const at = INCIDENT + (next() - 0.4) * 6 * 3600_000;
    const placed = kind !== 'page' && next() > 0.3;
    const r = next() * 5000;
    const angle = next() * Math.PI * 2;
    const lat = SCENE.lat + (r * Math.cos(angle)) / 111_320;
    const lon = SCENE.lon + (r * Math.sin(angle)) / (111_320 * Math.cos((SCENE.lat * Math.PI) / 180));
    const platform = kind === 'page' ? PLATFORMS[i % PLATFORMS.length]! : null;
    inputs.push({
      caseId: c.id, kind, sha256: thumb.sha256, size: thumb.size, mediaType: kind === 'page' ? 'application/wacz' : 'image/jpeg',
      originalName: kind === 'page' ? null : `IMG_${String(i).padStart(5, '0')}.jpg`, sourceUrl: platform ? `https://${platform}.example/post/${i}` : null,
      title: platform ? `Post ${i} on ${platform}` : null,
      eventTime: hasTime ? { utc: new Date(at).toISOString(), source: SOURCES[i % SOURCES.length]!, confidence: 'high', raw: null } : { utc: null, source: 'none', confidence: 'none', raw: null },
      location: placed ? { lat, lon, altitudeM: null, accuracyM: null, source: 'exif-gps' } : null,
      post: platform ? { platform, url: `https://${platform}.example/post/${i}`, author: `user${i % 977}`, handle: null, publishedAt: null, text: `Post number ${i} about the incident`, mediaUrls: [] } : null,
      flags: i % 41 === 0 ? ['login-wall'] : i % 53 === 0 ? ['duplicate'] : [],
      artifacts: kind === 'page' ? [{ role: 'screenshot', sha256: thumb.sha256, size: thumb.size, mediaType: 'image/jpeg', derived: false }] : [],
    });
  }
  await core.store.withTransaction((tx) => tx.items.insertMany(inputs, 'bench'));
  return { caseId: c.id, seconds: (Date.now() - started) / 1000 };
}
