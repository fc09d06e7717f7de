/**
 * Where a captured video came from, in words, from what the capture recorded on the video item
 * (`capture.stream`: the manifest, the rendition chosen, the tracks; or the MediaSource player;
 * or yt-dlp). A video with no such record is a file the page loaded or named whole.
 */

type Record_ = Record<string, unknown>;

/** Media types of stream pieces (an HLS MPEG-TS segment, a DASH media segment), not whole videos. */
export const SEGMENT_TYPES = new Set(['video/mp2t', 'video/iso.segment']);

const isRecord = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** `1280×720, 2.5 Mb/s, the highest of 3 renditions` from an HLS variant or DASH representation. */
export function describeRendition(rendition: unknown): string | null {
  if (!isRecord(rendition)) return null;
  const size = isRecord(rendition.resolution) ? rendition.resolution : rendition;
  const width = num(size.width);
  const height = num(size.height);
  const bandwidth = num(rendition.bandwidth);
  const of = num(rendition.of);
  const parts = [
    width && height ? `${width}×${height}` : null,
    bandwidth ? (bandwidth >= 1_000_000 ? `${(bandwidth / 1_000_000).toFixed(1)} Mb/s` : `${Math.round(bandwidth / 1000)} kb/s`) : null,
    of && of > 1 ? `one of ${of} renditions` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function trackWords(tracks: unknown): string | null {
  if (!Array.isArray(tracks)) return null;
  const audio = tracks.filter(isRecord).find((t) => t.role === 'audio');
  if (!audio) return null;
  const rendition = isRecord(audio.rendition) ? audio.rendition : {};
  const name = str(rendition.name) ?? str(rendition.language);
  return `separate audio${name ? ` (${name})` : ''} muxed in`;
}

/** One or two sentences saying where the video came from. */
export function describeVideoOrigin(capture: Record_ | null | undefined, flags: string[], sourceUrl: string | null, mediaType = ''): string {
  const stream = isRecord(capture?.stream) ? capture.stream : null;
  const via = str(stream?.via);
  const notes: string[] = [];
  if (flags.includes('live')) notes.push('It was a live stream, recorded up to the limit.');
  const truncated = isRecord(stream?.truncated) ? str(stream.truncated.detail) : null;
  if (flags.includes('truncated')) notes.push(`Cut short: ${truncated ?? 'a limit was reached'}.`);
  const tail = notes.length > 0 ? ` ${notes.join(' ')}` : '';
  if (stream && (via === 'hls' || via === 'dash')) {
    const tracks = Array.isArray(stream.tracks) ? stream.tracks.filter(isRecord) : [];
    const video = tracks.find((t) => t.role !== 'audio');
    const rendition = describeRendition(video?.rendition);
    const audio = trackWords(stream.tracks);
    const details = [rendition ? `rendition ${rendition}` : null, audio].filter(Boolean).join('; ');
    return `Saved from the page's ${via.toUpperCase()} stream ${str(stream.manifestUrl) ?? ''}${details ? ` (${details})` : ''}, copied by ffmpeg without re-encoding.${tail}`.replace(/ +/g, ' ');
  }
  if (stream && via === 'media-source') {
    const tracks = Array.isArray(stream.tracks) ? stream.tracks.filter(isRecord) : [];
    const roles = tracks.map((t) => str(t.role)).filter(Boolean).join(' and ');
    return `Recorded from what the page's own player appended to its MediaSource${roles ? ` (${roles})` : ''}, copied by ffmpeg without re-encoding.${tail}`;
  }
  if (stream && via === 'yt-dlp') {
    const version = str(stream.version);
    const extractor = str(stream.extractor);
    const difference = num(stream.differenceS);
    const compared = difference !== null && difference > 1 ? ` Its length differs from what the page played by ${difference.toFixed(1)} s.` : '';
    return `Downloaded by yt-dlp${version ? ` ${version}` : ''}${extractor ? ` (${extractor})` : ''} from the page's address, not from what the page played.${compared}${tail}`;
  }
  if (SEGMENT_TYPES.has(mediaType)) return `A segment of a stream, kept as the page fetched it${sourceUrl ? `: ${sourceUrl}` : ''}. The whole stream, when it could be saved, is a video of its own.${tail}`;
  return `The video file the page loaded${sourceUrl ? `: ${sourceUrl}` : ''}.${tail}`;
}
