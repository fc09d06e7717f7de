import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Case } from '../domain/case.js';
import type { Item } from '../domain/item.js';
import type { ItemAnalyser } from '../ingest/ingest-service.js';
import type { ItemPatch } from '../items/item-repository.js';
import type { Vault } from '../vault/vault.js';
import { resolveEventTime, type TimeEvidence } from './event-time.js';
import { C2PA_INVALID_FLAG, C2paTsReader, type ContentCredentialsReader } from './content-credentials.js';
import { ExifToolSecondReader, type SecondReader } from './exiftool-reader.js';
import { MEDIA_FLAGS, type MediaReading } from './media-reading.js';
import { findMediaTool } from './media-tools.js';
import { analysePhoto } from './photo-analysis.js';
import { analyseVideo, type VideoTools } from './video-analysis.js';

/** Names that claim to be a photo or video: content that is not one is flagged, not ignored. */
const MEDIA_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.jpe', '.png', '.gif', '.webp', '.avif', '.heic', '.heif', '.tif', '.tiff', '.dng', '.bmp',
  '.mp4', '.m4v', '.mov', '.3gp', '.3g2', '.mkv', '.webm', '.avi',
]);

/**
 * The media analyser: reads when and where a photo or video was taken, makes its working copies
 * (thumbnail, preview, poster, keyframes) as derived blobs in the vault, and hashes what it looks
 * like. The stored original is only ever read.
 */
export class MediaAnalyser implements ItemAnalyser {
  constructor(
    private readonly vault: Vault,
    private readonly tools: VideoTools = { ffprobe: findMediaTool('ffprobe'), ffmpeg: findMediaTool('ffmpeg') },
    /** ExifTool, for what exifr cannot read; null to use exifr alone. */
    private readonly secondReader: SecondReader | null = new ExifToolSecondReader(),
    /** Reads and validates C2PA Content Credentials in photos and videos. */
    private readonly credentials: ContentCredentialsReader = new C2paTsReader(),
  ) {}

  /** Stops the second reader's process (started only if some file needed it). */
  async close(): Promise<void> {
    await this.secondReader?.close();
  }

  async analyse(item: Item, blobPath: string, c: Case): Promise<{ patch: ItemPatch; notes?: string[] } | null> {
    const reading = await this.read(item, blobPath);
    if (!reading) return null;
    const contentCredentials = item.kind === 'photo' || item.kind === 'video' ? await this.credentials.read(blobPath, item.kind) : null;
    const time = withPostTime(reading.time, item);
    const resolved = resolveEventTime(time, c.timezone);
    // Stored side by side: each write waits on its own fsync.
    const artifacts = await Promise.all(reading.derived.map(async (file) => {
      const stored = await this.vault.putBuffer(file.bytes);
      return { role: file.role, sha256: stored.sha256, size: stored.size, mediaType: file.mediaType, derived: true };
    }));
    const credentialNotes = contentCredentials && contentCredentials.status !== 'absent' ? [contentCredentials.summary] : [];
    const notes = [...reading.notes, ...reading.location.notes, ...resolved.notes, ...credentialNotes];
    const ownFlags = new Set<string>([...MEDIA_FLAGS, C2PA_INVALID_FLAG]);
    const credentialFlags = contentCredentials?.status === 'invalid' ? [C2PA_INVALID_FLAG] : [];
    const flags = [...item.flags.filter((f) => !ownFlags.has(f)), ...reading.flags, ...reading.location.flags, ...resolved.flags, ...credentialFlags];
    const patch: ItemPatch = {
      eventTime: resolved.eventTime,
      location: reading.location.location,
      metadata: { ...(item.metadata ?? {}), ...reading.metadata, ...(contentCredentials ? { contentCredentials } : {}), ...(notes.length > 0 ? { notes } : {}) },
      flags: [...new Set(flags)],
      addArtifacts: artifacts,
    };
    return { patch, notes };
  }

  private async read(item: Item, blobPath: string): Promise<MediaReading | null> {
    if (item.kind === 'photo') return analysePhoto(blobPath, item.mediaType, this.secondReader);
    if (item.kind === 'video') return analyseVideo(blobPath, this.tools, this.secondReader);
    // Some real TIFFs (FLIR, DJI) are not recognised by the type sniffer from their first bytes
    // alone; their magic number is unambiguous, so they are read as the photos they are.
    if (item.size > 8 && (await startsLikeTiff(blobPath))) return analysePhoto(blobPath, 'image/tiff', this.secondReader);
    return notMedia(item);
  }
}

/**
 * A file that is not a photo or video by its content. Nothing to read, unless its name says it
 * should be one (or it is empty): then it is flagged, so the investigator sees it.
 */
function notMedia(item: Item): MediaReading | null {
  const ext = extname(item.originalName ?? urlPath(item.sourceUrl) ?? '').toLowerCase();
  const named = MEDIA_EXTENSIONS.has(ext);
  if (!named && item.size > 0) return null;
  const note = item.size === 0
    ? 'empty file (0 bytes): nothing to read; kept and hashed as received'
    : `named ${ext} but the content is not a recognised image or video (sniffed as ${item.mediaType}): kept and hashed as received`;
  return {
    time: { raw: {} },
    location: { location: null, flags: [], notes: [] },
    metadata: { kind: 'unreadable', extractor: null },
    derived: [],
    flags: named || item.size === 0 ? ['unreadable-media'] : [],
    notes: [note],
  };
}

function urlPath(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

async function startsLikeTiff(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4), 0, 4, 0);
    const head = buffer.subarray(0, bytesRead).toString('hex');
    return head === '49492a00' || head === '4d4d002a';
  } finally {
    await file.close();
  }
}

/** A post's published time (set by capture) is the last resort before none. */
function withPostTime(time: TimeEvidence, item: Item): TimeEvidence {
  const published = item.post?.publishedAt ?? (item.eventTime?.source === 'post' ? item.eventTime.utc : null);
  if (!published || Number.isNaN(Date.parse(published))) return time;
  return { ...time, postUtc: { utc: new Date(Date.parse(published)).toISOString(), tag: 'post.publishedAt' }, raw: { ...time.raw, postPublishedAt: published } };
}
