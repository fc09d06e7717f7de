import { HlsUnsupported, parseHlsPlaylist, sequenceIv, type HlsMedia, type HlsSegment } from './hls-playlist.js';
import type { StreamFetcher } from './stream-fetcher.js';
import { chooseRendition, containerOf, type PlannedSegment, type StreamPlan, type TrackPlan, type VideoQuality } from './stream-plan.js';

/** How a plan reads playlists: the fetcher, the page's headers, and when a live recording must stop. */
export interface PlanContext {
  fetcher: StreamFetcher;
  headers: Record<string, string>;
  quality: VideoQuality;
  /** Epoch ms after which a live playlist is no longer followed. */
  deadline: number;
  /** A live playlist that brings nothing new for this long has stalled. */
  stallMs: number;
}

/** Thrown (inside a track's segments) when a live playlist stops bringing segments. */
export class StreamStalled extends Error {}

async function readPlaylist(ctx: PlanContext, url: string, fresh = false) {
  const { body } = await ctx.fetcher.get(url, null, ctx.headers, fresh);
  return parseHlsPlaylist(body.toString('utf8'), url);
}

/**
 * Plans an HLS stream: for a master playlist the variant the quality asks for (highest
 * bandwidth by default) and, when its audio is a separate rendition, that rendition's playlist
 * as a second track; for a media playlist, that playlist alone.
 */
export async function planHls(ctx: PlanContext, manifestUrl: string): Promise<StreamPlan> {
  const top = await readPlaylist(ctx, manifestUrl);
  const plan: StreamPlan = { format: 'hls', manifestUrl, playlists: [], live: false, tracks: [], declaredDurationS: null, notes: [] };
  if (top.kind === 'media') {
    plan.tracks.push(mediaTrack(ctx, manifestUrl, top, 'muxed', { playlist: manifestUrl }));
    return finish(plan, top);
  }
  const options = top.variants.map((v) => ({ ...v, width: v.resolution?.width ?? null, height: v.resolution?.height ?? null }));
  const variant = chooseRendition(options, ctx.quality);
  if (!variant) throw new HlsUnsupported(`${manifestUrl} lists no variant streams`);
  const audio = variant.audioGroup
    ? top.renditions.filter((r) => r.type === 'AUDIO' && r.groupId === variant.audioGroup && r.url)
    : [];
  const audioRendition = audio.find((r) => r.isDefault) ?? audio[0] ?? null;
  const videoPlaylist = await readPlaylist(ctx, variant.url);
  if (videoPlaylist.kind !== 'media') throw new HlsUnsupported(`${variant.url} is a master playlist inside a master playlist`);
  plan.playlists.push(variant.url);
  const rendition = { playlist: variant.url, bandwidth: variant.bandwidth, resolution: variant.resolution, codecs: variant.codecs, of: top.variants.length };
  plan.tracks.push(mediaTrack(ctx, variant.url, videoPlaylist, audioRendition ? 'video' : 'muxed', rendition));
  if (audioRendition?.url) {
    const audioPlaylist = await readPlaylist(ctx, audioRendition.url);
    if (audioPlaylist.kind !== 'media') throw new HlsUnsupported(`${audioRendition.url} is not a media playlist`);
    plan.playlists.push(audioRendition.url);
    plan.tracks.push(mediaTrack(ctx, audioRendition.url, audioPlaylist, 'audio', { playlist: audioRendition.url, name: audioRendition.name, language: audioRendition.language, group: audioRendition.groupId }));
  }
  return finish(plan, videoPlaylist);
}

function finish(plan: StreamPlan, media: HlsMedia): StreamPlan {
  plan.live = !media.ended;
  plan.declaredDurationS = media.ended ? media.segments.reduce((sum, s) => sum + s.durationS, 0) : null;
  return plan;
}

function mediaTrack(ctx: PlanContext, url: string, first: HlsMedia, role: TrackPlan['role'], rendition: Record<string, unknown>): TrackPlan {
  const sample = first.segments[0];
  const container = sample?.map ? 'mp4' : containerOf(sample?.url ?? url);
  return { role, container, rendition, segments: first.ended ? vodSegments(first) : liveSegments(ctx, url, rendition) };
}

function planned(segment: HlsSegment): PlannedSegment {
  const key = segment.key ? { url: segment.key.url, iv: segment.key.iv ?? sequenceIv(segment.sequence) } : null;
  return { url: segment.url, range: segment.range, durationS: segment.durationS, key };
}

/** Each segment in order, preceded by its init section whenever that changes. */
function* withInit(segments: HlsSegment[], last: { map: string | null }) {
  for (const segment of segments) {
    const mapId = segment.map ? `${segment.map.url} ${segment.map.range?.start ?? ''}` : null;
    if (segment.map && mapId !== last.map) yield { init: { url: segment.map.url, range: segment.map.range, durationS: null, key: null } };
    last.map = mapId;
    yield planned(segment);
  }
}

async function* vodSegments(media: HlsMedia) {
  yield* withInit(media.segments, { map: null });
}

/**
 * A live playlist followed as a player follows it: reloaded about every half target duration,
 * new segments (by sequence number) yielded, until EXT-X-ENDLIST, the deadline, or a stall.
 */
async function* liveSegments(ctx: PlanContext, url: string, rendition: Record<string, unknown>) {
  const last = { map: null as string | null };
  // The page's own copy of the playlist is out of date by now: start from the current one.
  let media = await readLive(ctx, url);
  let next = media.mediaSequence;
  const missed: { from: number; to: number }[] = [];
  let lastNew = Date.now();
  for (;;) {
    // Segments that left the playlist's window before they could be fetched are named, not hidden.
    if (media.mediaSequence > next) {
      missed.push({ from: next, to: media.mediaSequence - 1 });
      rendition.missedSegments = missed;
    }
    const fresh = media.segments.filter((s) => s.sequence >= next);
    if (fresh.length > 0) {
      lastNew = Date.now();
      next = fresh[fresh.length - 1]!.sequence + 1;
      yield* withInit(fresh, last);
    }
    if (media.ended || Date.now() >= ctx.deadline) return;
    if (Date.now() - lastNew > ctx.stallMs) throw new StreamStalled(`the live playlist ${url} brought no new segment for ${Math.round((Date.now() - lastNew) / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(250, (media.targetDurationS * 1000) / 2)));
    media = await readLive(ctx, url);
  }
}

async function readLive(ctx: PlanContext, url: string): Promise<HlsMedia> {
  const reloaded = await readPlaylist(ctx, url, true);
  if (reloaded.kind !== 'media') throw new HlsUnsupported(`${url} turned into a master playlist`);
  return reloaded;
}
