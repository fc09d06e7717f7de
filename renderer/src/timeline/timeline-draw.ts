import { KIND_COLOUR } from '../map/map-draw';
import { zoneOffsetMs } from '../format';

/** The timeline's data, as the API sends it (epoch ms). */
export interface TimelinePoints {
  ids: number[];
  kinds: string[];
  eventMs: (number | null)[];
  acquiredMs: number[];
  /** Where each event time came from (exif-offset, gps...), for the dot cards. */
  eventSources?: string[];
  /** Watch runs: new versions, edits and removals of watched posts (none when nothing is watched). */
  watchMarks?: WatchMark[];
}

/** One watch run on the timeline, as the API sends it. */
export interface WatchMark {
  atMs: number;
  lastSeenMs: number | null;
  mark: 'version' | 'edited' | 'removed';
  url: string;
  itemId: number | null;
  version: number | null;
}

export const MARK_COLOUR: Record<WatchMark['mark'], string> = { version: '#64748b', edited: '#b45309', removed: '#b91c1c' };

/** The visible span of time. */
export interface TimeSpan {
  from: number;
  to: number;
}

export interface TimelineDrawInput {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  span: TimeSpan;
  points: TimelinePoints;
  incidentMs: number | null;
  window: { beforeMin: number; afterMin: number };
  highlight: number | null;
  /** How the axis reads: UTC (the default), the scene's local time, or time from the incident. */
  axis?: TimelineAxis;
}

/** The timeline axis: UTC, the scene's local time (its IANA zone), or minutes and hours from the incident. */
export type TimelineAxis = { mode: 'utc' } | { mode: 'local'; zone: string } | { mode: 'incident'; incidentMs: number };

/** A dot as drawn, for clicks. */
export interface DrawnDot {
  x: number;
  y: number;
  index: number;
}

export const LANES = ['photo', 'video', 'page', 'file'] as const;
const AXIS_H = 26;
const LABEL_W = 92;
/** Above this many points in view, a band is drawn as a histogram (clusters) rather than dots. */
const DOT_LIMIT = 3000;

export function layout(height: number) {
  const band = (height - AXIS_H - 16) / 2;
  return { eventTop: AXIS_H + 4, captureTop: AXIS_H + 12 + band, band, labelW: LABEL_W };
}

const STEPS = [1e3, 5e3, 15e3, 60e3, 5 * 60e3, 15 * 60e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 86400e3, 7 * 86400e3, 30 * 86400e3, 365 * 86400e3];

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** "+1 h 30", "−15 min", "0" for a tick from the incident. */
function fromIncidentTick(diff: number, step: number): string {
  if (diff === 0) return 'incident';
  const sign = diff < 0 ? '−' : '+';
  const abs = Math.abs(diff);
  if (step < 60e3) return `${sign}${Math.round(abs / 1000)} s`;
  if (abs < 3600e3) return `${sign}${Math.round(abs / 60e3)} min`;
  if (step >= 86400e3) return `${sign}${Math.round(abs / 86400e3)} d`;
  const h = Math.floor(abs / 3600e3);
  const min = Math.round((abs % 3600e3) / 60e3);
  return min ? `${sign}${h} h ${String(min).padStart(2, '0')}` : `${sign}${h} h`;
}

/**
 * Where the ticks fall and what they say: UTC ticks at round UTC times, local ticks at round
 * local times (shifted by the zone's offset at the span's start), incident ticks at round
 * distances from the incident.
 */
function ticks(span: TimeSpan, step: number, axis: TimelineAxis): { at: number; label: string }[] {
  const origin = axis.mode === 'incident' ? axis.incidentMs : axis.mode === 'local' ? -zoneOffsetMs(span.from, axis.zone) : 0;
  const out: { at: number; label: string }[] = [];
  for (let t = Math.ceil((span.from - origin) / step) * step + origin; t <= span.to; t += step) {
    if (axis.mode === 'incident') out.push({ at: t, label: fromIncidentTick(Math.round(t - origin), step) });
    else {
      const iso = isoOf(t - origin);
      out.push({ at: t, label: step >= 86400e3 ? iso.slice(0, 10) : step >= 60e3 ? iso.slice(11, 16) : iso.slice(11, 19) });
    }
  }
  return out;
}

/** The axis's corner: the day at the span's start and what the ticks are in. */
function axisCorner(span: TimeSpan, axis: TimelineAxis): [string, string] {
  if (axis.mode === 'incident') return ['from the', 'incident'];
  if (axis.mode === 'local') {
    const offset = zoneOffsetMs(span.from, axis.zone);
    const minutes = Math.round(offset / 60e3);
    const words = minutes === 0 ? 'UTC' : `UTC${minutes < 0 ? '−' : '+'}${Math.floor(Math.abs(minutes) / 60)}${Math.abs(minutes) % 60 ? `:${String(Math.abs(minutes) % 60).padStart(2, '0')}` : ''}`;
    return [isoOf(span.from + offset).slice(0, 10), `local ${words}`];
  }
  return [isoOf(span.from).slice(0, 10), 'UTC'];
}

function drawAxis({ ctx, width, span, axis = { mode: 'utc' } }: TimelineDrawInput, x: (ms: number) => number): void {
  const spanMs = span.to - span.from;
  const step = STEPS.find((s) => spanMs / s <= (width - LABEL_W) / 90) ?? STEPS[STEPS.length - 1]!;
  ctx.fillStyle = '#334155';
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = '#e2e8f0';
  ctx.lineWidth = 1;
  for (const tick of ticks(span, step, axis)) {
    const px = x(tick.at);
    if (px < LABEL_W + 4) continue;
    ctx.beginPath();
    ctx.moveTo(px, AXIS_H - 4);
    ctx.lineTo(px, 10_000);
    ctx.stroke();
    ctx.fillText(tick.label, px + 3, 14);
  }
  const [day, unit] = axisCorner(span, axis);
  ctx.fillText(day, 6, 14);
  ctx.fillText(unit, 6, 26);
}

function drawBand(input: TimelineDrawInput, top: number, times: (number | null)[], x: (ms: number) => number, label: string, dots: DrawnDot[]): void {
  const { ctx, width, points, span } = input;
  const { band } = layout(input.height);
  ctx.fillStyle = '#475569';
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.fillText(label, 6, top + 16);
  ctx.font = '11px system-ui, sans-serif';
  const laneH = band / LANES.length;
  LANES.forEach((lane, i) => {
    ctx.fillStyle = '#94a3b8';
    ctx.fillText(lane, 14, top + laneH * i + laneH / 2 + 4 + 8);
  });
  const visible: number[] = [];
  let earlier = 0;
  let later = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t === null || t === undefined) continue;
    if (t < span.from) earlier += 1;
    else if (t > span.to) later += 1;
    else visible.push(i);
  }
  // Items outside the span are counted at the band's edges, so nothing silently vanishes.
  ctx.fillStyle = '#1e3a8a';
  ctx.font = '600 11px system-ui, sans-serif';
  if (earlier > 0) ctx.fillText(`◀ ${earlier} earlier`, LABEL_W + 4, top + band - 2);
  if (later > 0) {
    const text = `${later} later ▶`;
    ctx.fillText(text, width - ctx.measureText(text).width - 6, top + band - 2);
  }
  ctx.font = '11px system-ui, sans-serif';
  if (visible.length > DOT_LIMIT) {
    // Clusters: counts per 3-px column, per lane, as bars scaled to the fullest column.
    const columns = Math.ceil((width - LABEL_W) / 3);
    const counts = LANES.map(() => new Uint32Array(columns));
    for (const i of visible) {
      const lane = Math.max(0, LANES.indexOf(points.kinds[i] as (typeof LANES)[number]));
      const col = Math.min(columns - 1, Math.floor((x(times[i] as number) - LABEL_W) / 3));
      counts[lane]![col]! += 1;
    }
    LANES.forEach((lane, li) => {
      const max = Math.max(1, ...counts[li]!);
      ctx.fillStyle = KIND_COLOUR[lane] ?? '#64748b';
      for (let c = 0; c < columns; c++) {
        const n = counts[li]![c]!;
        if (n === 0) continue;
        const h = Math.max(1.5, (n / max) * (laneH - 6));
        ctx.fillRect(LABEL_W + c * 3, top + laneH * (li + 1) - h + 8 - 3, 2.5, h);
      }
    });
    return;
  }
  for (const i of visible) {
    const lane = Math.max(0, LANES.indexOf(points.kinds[i] as (typeof LANES)[number]));
    const jitter = ((points.ids[i]! * 2654435761) % 1000) / 1000;
    const px = x(times[i] as number);
    const py = top + 8 + laneH * lane + 5 + jitter * Math.max(1, laneH - 12);
    ctx.beginPath();
    ctx.arc(px, py, 4, 0, Math.PI * 2);
    ctx.fillStyle = KIND_COLOUR[points.kinds[i] ?? 'file'] ?? '#64748b';
    ctx.fill();
    dots.push({ x: px, y: py, index: i });
  }
}

/** Draws the timeline: axis, golden-hour window, event band, capture band, and the highlighted item's link. */
export function drawTimeline(input: TimelineDrawInput): DrawnDot[] {
  const { ctx, width, height, span, incidentMs, window: win } = input;
  const { eventTop, captureTop, band } = layout(height);
  const x = (ms: number) => LABEL_W + ((ms - span.from) / (span.to - span.from)) * (width - LABEL_W);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  if (incidentMs !== null) {
    const left = Math.max(LABEL_W, x(incidentMs - win.beforeMin * 60e3));
    const right = Math.min(width, x(incidentMs + win.afterMin * 60e3));
    if (right > left) {
      ctx.fillStyle = 'rgba(245, 158, 11, 0.16)';
      ctx.fillRect(left, eventTop, right - left, band + 8);
      ctx.fillStyle = '#92400e';
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillText('golden-hour window', left + 4, eventTop + band);
    }
  }
  drawAxis(input, x);
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(LABEL_W, captureTop, width - LABEL_W, band + 8);
  const dots: DrawnDot[] = [];
  drawBand(input, eventTop, input.points.eventMs, x, 'Event time', dots);
  drawBand(input, captureTop, input.points.acquiredMs, x, 'Captured', dots);
  if (incidentMs !== null && incidentMs >= span.from && incidentMs <= span.to) {
    ctx.strokeStyle = '#b91c1c';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x(incidentMs), AXIS_H - 4);
    ctx.lineTo(x(incidentMs), eventTop + band + 8);
    ctx.stroke();
    ctx.fillStyle = '#b91c1c';
    ctx.fillText('incident', x(incidentMs) + 4, AXIS_H + 8);
  }
  drawWatchMarks(input, x);
  const h = input.highlight;
  if (h !== null) {
    const a = dots.find((d) => d.index === h && d.y < captureTop);
    const b = dots.find((d) => d.index === h && d.y >= captureTop);
    if (a && b) {
      ctx.strokeStyle = '#0f172a';
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  return dots;
}

/**
 * Watch marks: an edit or a removal is a line at the run that saw it, labelled, with the span
 * since the post was last seen as it was shaded (the change happened somewhere in it); a new
 * version is a small triangle at the top of the capture band.
 */
function drawWatchMarks(input: TimelineDrawInput, x: (ms: number) => number): void {
  const { ctx, span, height } = input;
  const { captureTop } = layout(height);
  for (const m of input.points.watchMarks ?? []) {
    const colour = MARK_COLOUR[m.mark];
    if (m.mark === 'version') {
      if (m.atMs < span.from || m.atMs > span.to) continue;
      const px = x(m.atMs);
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.moveTo(px - 4, captureTop + 1);
      ctx.lineTo(px + 4, captureTop + 1);
      ctx.lineTo(px, captureTop + 8);
      ctx.fill();
      continue;
    }
    if (m.atMs < span.from || (m.lastSeenMs ?? m.atMs) > span.to) continue;
    const right = Math.min(x(m.atMs), input.width);
    if (m.lastSeenMs !== null) {
      const left = Math.max(LABEL_W, x(m.lastSeenMs));
      ctx.fillStyle = m.mark === 'removed' ? 'rgba(185, 28, 28, 0.10)' : 'rgba(180, 83, 9, 0.10)';
      if (right > left) ctx.fillRect(left, AXIS_H, right - left, height - AXIS_H);
    }
    if (m.atMs > span.to) continue;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(right, AXIS_H);
    ctx.lineTo(right, height);
    ctx.stroke();
    ctx.fillStyle = colour;
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.fillText(m.mark, right + 3, captureTop - 2);
  }
}
