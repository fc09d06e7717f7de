import type { ByteRange } from './hls-playlist.js';
import { DashUnsupported, parseDashManifest, type DashRepresentation } from './dash-manifest.js';
import type { PlanContext } from './hls-plan.js';
import { chooseRendition, containerOf, listed, type PlannedSegment, type StreamPlan, type TrackPlan } from './stream-plan.js';

/**
 * Plans a DASH stream: in the first period, the video representation the quality asks for and
 * the highest-bandwidth audio representation (of the first audio adaptation set), each a track.
 */
export async function planDash(ctx: PlanContext, manifestUrl: string): Promise<StreamPlan> {
  const { body } = await ctx.fetcher.get(manifestUrl, null, ctx.headers);
  const manifest = parseDashManifest(body.toString('utf8'), manifestUrl);
  const plan: StreamPlan = { format: 'dash', manifestUrl, playlists: [], live: manifest.dynamic, tracks: [], declaredDurationS: manifest.durationS, notes: [] };
  if (manifest.dynamic) throw new DashUnsupported(`${manifestUrl} is a live DASH manifest, which is not saved yet (its segments are in the archive as the page loaded them)`);
  if (manifest.periods > 1) plan.notes.push(`${manifestUrl} has ${manifest.periods} periods; only the first was saved`);
  const videoSet = manifest.adaptationSets.find((s) => s.contentType === 'video');
  const audioSet = manifest.adaptationSets.find((s) => s.contentType === 'audio');
  const video = videoSet ? chooseRendition(videoSet.representations, ctx.quality) : null;
  const audio = audioSet ? chooseRendition(audioSet.representations.map((r) => ({ ...r, width: null, height: null })), 'highest') : null;
  if (video) plan.tracks.push(await track(ctx, video, audio ? 'video' : 'muxed', videoSet!.representations.length));
  if (audio) plan.tracks.push(await track(ctx, audio, video ? 'audio' : 'muxed', audioSet!.representations.length, audioSet!.lang));
  if (plan.tracks.length === 0) throw new DashUnsupported(`${manifestUrl} has no video or audio representation`);
  return plan;
}

async function track(ctx: PlanContext, rep: DashRepresentation, role: TrackPlan['role'], of: number, lang: string | null = null): Promise<TrackPlan> {
  const segments = rep.segmentBase ? await indexedSegments(ctx, rep.segmentBase) : rep.segments;
  const items: (PlannedSegment | { init: PlannedSegment })[] = [];
  if (rep.init) items.push({ init: { ...rep.init, key: null } });
  for (const s of segments) items.push({ ...s, key: null });
  return {
    role, container: containerOf(segments[0]?.url ?? '', rep.mimeType), segments: listed(items),
    rendition: { representation: rep.id, bandwidth: rep.bandwidth, width: rep.width, height: rep.height, codecs: rep.codecs, mimeType: rep.mimeType, of, ...(lang ? { language: lang } : {}) },
  };
}

/** SegmentBase: the file's sidx read (as players read it) for the byte range of each subsegment. */
async function indexedSegments(ctx: PlanContext, base: { url: string; indexRange: ByteRange }) {
  const { body } = await ctx.fetcher.get(base.url, base.indexRange, ctx.headers);
  return parseSidx(body, base.indexRange.start).map((r) => ({ url: base.url, range: r.range, durationS: r.durationS }));
}

/** The subsegments a `sidx` box (read from `boxOffset` in its file) points to, with their durations. */
export function parseSidx(box: Buffer, boxOffset: number): { range: ByteRange; durationS: number }[] {
  if (box.length < 32 || box.toString('latin1', 4, 8) !== 'sidx') throw new DashUnsupported('the index range of a SegmentBase representation does not hold a sidx box');
  const size = box.readUInt32BE(0);
  const version = box[8]!;
  const timescale = box.readUInt32BE(16);
  let at = 20;
  let firstOffset: number;
  if (version === 0) {
    firstOffset = box.readUInt32BE(at + 4);
    at += 8;
  } else {
    firstOffset = Number(box.readBigUInt64BE(at + 8));
    at += 16;
  }
  const count = box.readUInt16BE(at + 2);
  at += 4;
  let offset = boxOffset + size + firstOffset;
  const out: { range: ByteRange; durationS: number }[] = [];
  for (let i = 0; i < count && at + 12 <= box.length; i += 1, at += 12) {
    const word = box.readUInt32BE(at);
    if (word >>> 31) throw new DashUnsupported('a sidx that points to further sidx boxes is not read yet');
    const referenced = word & 0x7fffffff;
    out.push({ range: { start: offset, end: offset + referenced - 1 }, durationS: box.readUInt32BE(at + 4) / (timescale || 1) });
    offset += referenced;
  }
  return out;
}
