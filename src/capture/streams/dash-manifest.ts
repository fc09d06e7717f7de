import { DOMParser, type Element } from '@xmldom/xmldom';
import type { ByteRange } from './hls-playlist.js';

/**
 * DASH manifests (ISO/IEC 23009-1) read without running anything: the first period's
 * adaptation sets and representations, with their segments from SegmentTemplate (with or
 * without SegmentTimeline), SegmentList, or SegmentBase (the whole file, indexed by its sidx).
 */

export interface DashSegmentRef {
  url: string;
  range: ByteRange | null;
  durationS: number | null;
}

export interface DashRepresentation {
  id: string;
  bandwidth: number;
  width: number | null;
  height: number | null;
  mimeType: string;
  codecs: string | null;
  init: DashSegmentRef | null;
  /** Listed segments; for SegmentBase, empty until the index is read (see `indexRange`). */
  segments: DashSegmentRef[];
  /** SegmentBase: the file and the byte range of its sidx. */
  segmentBase: { url: string; indexRange: ByteRange } | null;
}

export interface DashAdaptationSet {
  contentType: 'video' | 'audio' | 'other';
  lang: string | null;
  representations: DashRepresentation[];
}

export interface DashManifest {
  dynamic: boolean;
  durationS: number | null;
  periods: number;
  adaptationSets: DashAdaptationSet[];
}

/** Why a manifest cannot be saved. */
export class DashUnsupported extends Error {}

const MAX_SEGMENTS = 100_000;

/** `PT1H2M3.5S` in seconds (null when absent or malformed). */
export function isoDurationS(value: string | null): number | null {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value ?? '');
  if (!m) return null;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

const children = (el: Element, name: string): Element[] => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === name);
const child = (el: Element | null, name: string): Element | null => (el ? children(el, name)[0] ?? null : null);
const attr = (el: Element | null, name: string): string | null => (el?.hasAttribute(name) ? el.getAttribute(name) : null);

function range(value: string | null): ByteRange | null {
  const m = /^(\d+)-(\d+)$/.exec(value ?? '');
  return m ? { start: Number(m[1]), end: Number(m[2]) } : null;
}

/** Reads an MPD. Throws DashUnsupported for text that is not one, or for protected content. */
export function parseDashManifest(xml: string, manifestUrl: string): DashManifest {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') errors.push(message); } }).parseFromString(xml, 'text/xml');
  const mpd = doc.documentElement;
  if (!mpd || mpd.localName !== 'MPD' || errors.length > 0) throw new DashUnsupported(`${manifestUrl} is not a DASH manifest${errors[0] ? ` (${errors[0]})` : ''}`);
  const periods = children(mpd, 'Period');
  const period = periods[0];
  if (!period) throw new DashUnsupported(`${manifestUrl} has no Period`);
  const durationS = isoDurationS(attr(period, 'duration')) ?? isoDurationS(attr(mpd, 'mediaPresentationDuration'));
  const base = baseUrl(baseUrl(manifestUrl, mpd), period);
  const adaptationSets = children(period, 'AdaptationSet').map((set) => readSet(set, base, durationS, manifestUrl));
  return { dynamic: attr(mpd, 'type') === 'dynamic', durationS, periods: periods.length, adaptationSets };
}

function baseUrl(parent: string, el: Element): string {
  const text = child(el, 'BaseURL')?.textContent?.trim();
  return text ? new URL(text, parent).href : parent;
}

function readSet(set: Element, parentBase: string, durationS: number | null, manifestUrl: string): DashAdaptationSet {
  if (children(set, 'ContentProtection').length > 0) throw new DashUnsupported(`${manifestUrl} is protected (DRM): its segments cannot be saved as a playable file`);
  const base = baseUrl(parentBase, set);
  const declared = attr(set, 'contentType') ?? attr(set, 'mimeType')?.split('/')[0] ?? attr(children(set, 'Representation')[0] ?? null, 'mimeType')?.split('/')[0] ?? '';
  const contentType = declared === 'video' || declared === 'audio' ? declared : 'other';
  const representations = children(set, 'Representation').map((rep) => {
    if (children(rep, 'ContentProtection').length > 0) throw new DashUnsupported(`${manifestUrl} is protected (DRM): its segments cannot be saved as a playable file`);
    const info = {
      id: attr(rep, 'id') ?? '', bandwidth: Number(attr(rep, 'bandwidth') ?? 0) || 0,
      width: Number(attr(rep, 'width') ?? attr(set, 'width') ?? NaN) || null, height: Number(attr(rep, 'height') ?? attr(set, 'height') ?? NaN) || null,
      mimeType: attr(rep, 'mimeType') ?? attr(set, 'mimeType') ?? '', codecs: attr(rep, 'codecs') ?? attr(set, 'codecs'),
    };
    return { ...info, ...readSegments(set, rep, baseUrl(base, rep), info, durationS, manifestUrl) };
  });
  return { contentType, lang: attr(set, 'lang'), representations };
}

type Segments = Pick<DashRepresentation, 'init' | 'segments' | 'segmentBase'>;

function readSegments(set: Element, rep: Element, base: string, info: { id: string; bandwidth: number }, durationS: number | null, manifestUrl: string): Segments {
  const template = child(rep, 'SegmentTemplate') ?? child(set, 'SegmentTemplate');
  if (template) return fromTemplate(template, child(set, 'SegmentTemplate'), base, info, durationS, manifestUrl);
  const list = child(rep, 'SegmentList') ?? child(set, 'SegmentList');
  if (list) {
    const timescale = Number(attr(list, 'timescale') ?? 1) || 1;
    const each = attr(list, 'duration') ? Number(attr(list, 'duration')) / timescale : null;
    const initEl = child(list, 'Initialization');
    return {
      init: initEl ? { url: new URL(attr(initEl, 'sourceURL') ?? '', base).href, range: range(attr(initEl, 'range')), durationS: null } : null,
      segments: children(list, 'SegmentURL').slice(0, MAX_SEGMENTS).map((s) => ({ url: new URL(attr(s, 'media') ?? '', base).href, range: range(attr(s, 'mediaRange')), durationS: each })),
      segmentBase: null,
    };
  }
  const segmentBase = child(rep, 'SegmentBase') ?? child(set, 'SegmentBase');
  const indexRange = range(attr(segmentBase, 'indexRange'));
  if (segmentBase && indexRange) {
    const initRange = range(attr(child(segmentBase, 'Initialization'), 'range')) ?? { start: 0, end: indexRange.start - 1 };
    return { init: { url: base, range: initRange, durationS: null }, segments: [], segmentBase: { url: base, indexRange } };
  }
  // A representation with only a BaseURL is one whole file.
  return { init: null, segments: [{ url: base, range: null, durationS }], segmentBase: null };
}

function fromTemplate(own: Element, inherited: Element | null, base: string, info: { id: string; bandwidth: number }, durationS: number | null, manifestUrl: string): Segments {
  const get = (name: string) => attr(own, name) ?? attr(inherited, name);
  const timescale = Number(get('timescale') ?? 1) || 1;
  const startNumber = Number(get('startNumber') ?? 1);
  const media = get('media');
  if (!media) throw new DashUnsupported(`${manifestUrl}: a SegmentTemplate without a media address`);
  const fill = (pattern: string, number: number | null, time: number | null) => new URL(expand(pattern, info, number, time), base).href;
  const initPattern = get('initialization');
  const init = initPattern ? { url: fill(initPattern, null, null), range: null, durationS: null } : null;
  const timeline = child(own, 'SegmentTimeline') ?? child(inherited, 'SegmentTimeline');
  const segments: DashSegmentRef[] = [];
  if (timeline) {
    let time = 0;
    let number = startNumber;
    const end = durationS !== null ? durationS * timescale : Infinity;
    for (const s of children(timeline, 'S')) {
      if (attr(s, 't') !== null) time = Number(attr(s, 't'));
      const d = Number(attr(s, 'd'));
      const r = Number(attr(s, 'r') ?? 0);
      const repeats = r < 0 ? Math.ceil((end - time) / d) - 1 : r;
      for (let i = 0; i <= repeats && segments.length < MAX_SEGMENTS && Number.isFinite(repeats); i += 1) {
        segments.push({ url: fill(media, number, time), range: null, durationS: d / timescale });
        time += d;
        number += 1;
      }
    }
  } else {
    const each = Number(get('duration'));
    if (!each || durationS === null) throw new DashUnsupported(`${manifestUrl}: a SegmentTemplate with neither a timeline nor a duration to count its segments by`);
    const count = Math.min(MAX_SEGMENTS, Math.ceil((durationS * timescale) / each - 1e-9));
    for (let i = 0; i < count; i += 1) segments.push({ url: fill(media, startNumber + i, i * each), range: null, durationS: Math.min(each / timescale, durationS - (i * each) / timescale) });
  }
  return { init, segments, segmentBase: null };
}

/** Fills `$RepresentationID$`, `$Bandwidth$`, `$Number$`, `$Time$` (with `%0Nd` widths) and `$$`. */
export function expand(pattern: string, info: { id: string; bandwidth: number }, number: number | null, time: number | null): string {
  return pattern.replace(/\$(RepresentationID|Bandwidth|Number|Time|)(?:%0(\d+)d)?\$/g, (_, name: string, width: string | undefined) => {
    if (name === '') return '$';
    const value = name === 'RepresentationID' ? info.id : String(name === 'Bandwidth' ? info.bandwidth : name === 'Number' ? number : time);
    return width ? value.padStart(Number(width), '0') : value;
  });
}
