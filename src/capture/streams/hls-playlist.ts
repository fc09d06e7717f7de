/**
 * HLS playlists (RFC 8216) read as text: master playlists (variants and renditions) and media
 * playlists (segments with durations, byte ranges, AES-128 keys, init sections). Addresses are
 * resolved against the playlist's own URL. Hard limits keep a hostile playlist small.
 */

/** A byte range, first and last byte included (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface HlsVariant {
  url: string;
  bandwidth: number;
  resolution: { width: number; height: number } | null;
  codecs: string | null;
  audioGroup: string | null;
}

export interface HlsRendition {
  type: string;
  groupId: string;
  name: string | null;
  language: string | null;
  url: string | null;
  isDefault: boolean;
}

export interface HlsMaster {
  kind: 'master';
  variants: HlsVariant[];
  renditions: HlsRendition[];
}

/** An AES-128 key as the playlist names it; `iv` null means the segment's sequence number. */
export interface HlsKey {
  url: string;
  iv: Buffer | null;
}

export interface HlsSegment {
  url: string;
  durationS: number;
  range: ByteRange | null;
  key: HlsKey | null;
  /** The EXT-X-MAP initialisation section in force for this segment. */
  map: { url: string; range: ByteRange | null } | null;
  sequence: number;
}

export interface HlsMedia {
  kind: 'media';
  targetDurationS: number;
  mediaSequence: number;
  /** EXT-X-ENDLIST seen: the playlist will not grow. */
  ended: boolean;
  segments: HlsSegment[];
}

/** Why a playlist cannot be saved (DRM, not a playlist at all). */
export class HlsUnsupported extends Error {}

const MAX_LINES = 200_000;

/** Reads a master or media playlist. Throws HlsUnsupported for text that is not one, or for DRM. */
export function parseHlsPlaylist(text: string, playlistUrl: string): HlsMaster | HlsMedia {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, MAX_LINES).map((l) => l.trim());
  if (lines[0] !== '#EXTM3U') throw new HlsUnsupported(`${playlistUrl} is not an HLS playlist (no #EXTM3U first line)`);
  const resolve = (ref: string) => new URL(ref, playlistUrl).href;
  if (lines.some((l) => l.startsWith('#EXT-X-STREAM-INF:'))) return parseMaster(lines, resolve);
  return parseMedia(lines, resolve, playlistUrl);
}

function parseMaster(lines: string[], resolve: (ref: string) => string): HlsMaster {
  const variants: HlsVariant[] = [];
  const renditions: HlsRendition[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.startsWith('#EXT-X-MEDIA:')) {
      const a = attributes(line.slice('#EXT-X-MEDIA:'.length));
      renditions.push({
        type: a.TYPE ?? '', groupId: a['GROUP-ID'] ?? '', name: a.NAME ?? null, language: a.LANGUAGE ?? null,
        url: a.URI ? resolve(a.URI) : null, isDefault: a.DEFAULT === 'YES',
      });
    } else if (line.startsWith('#EXT-X-STREAM-INF:')) {
      const a = attributes(line.slice('#EXT-X-STREAM-INF:'.length));
      const uri = lines.slice(i + 1).find((l) => l !== '' && !l.startsWith('#'));
      if (!uri) continue;
      const resolution = /^(\d+)x(\d+)$/.exec(a.RESOLUTION ?? '');
      variants.push({
        url: resolve(uri), bandwidth: Number(a.BANDWIDTH ?? a['AVERAGE-BANDWIDTH'] ?? 0) || 0,
        resolution: resolution ? { width: Number(resolution[1]), height: Number(resolution[2]) } : null,
        codecs: a.CODECS ?? null, audioGroup: a.AUDIO ?? null,
      });
    }
  }
  return { kind: 'master', variants, renditions };
}

function parseMedia(lines: string[], resolve: (ref: string) => string, playlistUrl: string): HlsMedia {
  const media: HlsMedia = { kind: 'media', targetDurationS: 0, mediaSequence: 0, ended: false, segments: [] };
  let duration: number | null = null;
  let range: ByteRange | null = null;
  let key: HlsKey | null = null;
  let map: HlsSegment['map'] = null;
  const lastEnd = new Map<string, number>();
  for (const line of lines) {
    if (line.startsWith('#EXT-X-TARGETDURATION:')) media.targetDurationS = Number(line.split(':')[1]) || 0;
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) media.mediaSequence = Number(line.split(':')[1]) || 0;
    else if (line === '#EXT-X-ENDLIST') media.ended = true;
    else if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice('#EXTINF:'.length)) || 0;
    else if (line.startsWith('#EXT-X-BYTERANGE:')) range = byteRange(line.slice('#EXT-X-BYTERANGE:'.length), null);
    else if (line.startsWith('#EXT-X-KEY:')) key = readKey(attributes(line.slice('#EXT-X-KEY:'.length)), resolve, playlistUrl);
    else if (line.startsWith('#EXT-X-MAP:')) {
      const a = attributes(line.slice('#EXT-X-MAP:'.length));
      if (a.URI) map = { url: resolve(a.URI), range: a.BYTERANGE ? byteRange(a.BYTERANGE, 0) : null };
    } else if (line !== '' && !line.startsWith('#')) {
      const url = resolve(line);
      let segmentRange = range;
      // A range without an offset starts where the previous range of the same resource ended.
      if (segmentRange && segmentRange.start < 0) {
        const start = lastEnd.get(url) ?? 0;
        segmentRange = { start, end: start + (segmentRange.end - segmentRange.start) };
      }
      if (segmentRange) lastEnd.set(url, segmentRange.end + 1);
      media.segments.push({ url, durationS: duration ?? 0, range: segmentRange, key, map, sequence: media.mediaSequence + media.segments.length });
      duration = null;
      range = null;
    }
  }
  return media;
}

function readKey(a: Record<string, string>, resolve: (ref: string) => string, playlistUrl: string): HlsKey | null {
  const method = a.METHOD ?? 'NONE';
  if (method === 'NONE') return null;
  if (method !== 'AES-128') throw new HlsUnsupported(`${playlistUrl} is encrypted with ${method} (DRM): its segments cannot be saved as a playable file`);
  if (!a.URI) throw new HlsUnsupported(`${playlistUrl} names an AES-128 key without a URI`);
  const iv = a.IV && /^0x[0-9a-f]{1,32}$/i.test(a.IV) ? Buffer.from(a.IV.slice(2).padStart(32, '0'), 'hex') : null;
  return { url: resolve(a.URI), iv };
}

/** `n@o` as a range; without `@o` the start is -1 (meaning: after the previous range), or `defaultStart`. */
function byteRange(value: string, defaultStart: number | null): ByteRange {
  const [lengthText, offsetText] = value.split('@');
  const length = Number(lengthText);
  const start = offsetText !== undefined ? Number(offsetText) : defaultStart ?? -1;
  if (!Number.isSafeInteger(length) || length <= 0 || !Number.isSafeInteger(start)) throw new HlsUnsupported(`bad EXT-X-BYTERANGE "${value}"`);
  return { start, end: start + length - 1 };
}

/** An attribute list (`A=1,B="x,y",C=0x10`) as a record of strings, quotes removed. */
export function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const value = m[2]!;
    out[m[1]!] = value.startsWith('"') ? value.slice(1, -1) : value;
  }
  return out;
}

/** The sequence-number IV AES-128 uses when the key names none: the number as 16 big-endian bytes. */
export function sequenceIv(sequence: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(sequence), 8);
  return iv;
}
