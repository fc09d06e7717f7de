import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { sizedContext, useCanvasSize } from '../components/use-canvas-size';
import { formatFromIncident, formatLocal } from '../format';
import { drawTimeline, MARK_COLOUR, type DrawnDot, type TimelineAxis, type TimelinePoints, type TimeSpan, type WatchMark } from './timeline-draw';
import { TimelineTip, type DotInfo } from './timeline-tip';

/** How a mark reads in the list under the canvas. */
const MARK_WORDS: Record<WatchMark['mark'], string> = { version: 'new version', edited: 'edited', removed: 'removed' };

export interface TimelineCanvasProps {
  points: TimelinePoints;
  incidentMs: number | null;
  window: { beforeMin: number; afterMin: number };
  onOpen: (id: number) => void;
  /** The scene's IANA zone: the axis can read in it, and the dot cards show local times. */
  timezone?: string | null | undefined;
  /** Title and thumbnail of an item, for the card of a dot pointed at or focused. */
  describe?: ((id: number) => Promise<DotInfo | null>) | undefined;
}

/** The first and last of some times (unpadded), or null when there are none. */
function bounds(values: (number | null)[]): TimeSpan | null {
  let from = Infinity;
  let to = -Infinity;
  for (const v of values) if (v !== null) { if (v < from) from = v; if (v > to) to = v; }
  return from === Infinity ? null : { from, to };
}

function union(a: TimeSpan | null, b: TimeSpan | null): TimeSpan | null {
  if (!a) return b;
  if (!b) return a;
  return { from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) };
}

/** A span with margins: 6% of its width on each side (at least a minute), so no dot sits on an edge. */
function padded(span: TimeSpan): TimeSpan {
  const pad = Math.max(60e3, (span.to - span.from) * 0.06);
  return { from: span.from - pad, to: span.to + pad };
}

function windowSpan(incidentMs: number | null, win: { beforeMin: number; afterMin: number }, points: TimelinePoints): TimeSpan {
  if (incidentMs !== null) {
    const before = Math.max(win.beforeMin, 10) * 60e3;
    const after = Math.max(win.afterMin, 10) * 60e3;
    return { from: incidentMs - before * 1.5, to: incidentMs + after * 1.5 };
  }
  const some = bounds(points.eventMs) ?? bounds(points.acquiredMs);
  return some ? padded(some) : { from: Date.now() - 3600e3, to: Date.now() };
}

/**
 * The first view: the golden-hour window and every capture, so both bands have their dots
 * (captures usually follow the incident by minutes or hours, outside the window's view).
 */
function firstSpan(incidentMs: number | null, win: { beforeMin: number; afterMin: number }, points: TimelinePoints): TimeSpan {
  const around = windowSpan(incidentMs, win, points);
  const captured = bounds(points.acquiredMs);
  if (!captured || (captured.from >= around.from && captured.to <= around.to)) return around;
  const both = padded(union(around, captured) as TimeSpan);
  return { from: Math.min(both.from, around.from), to: Math.max(both.to, around.to) };
}

const AXIS_WORDS = { utc: 'UTC', local: 'Scene local time', incident: 'From the incident' } as const;

/** The span in view, in the axis's terms. */
function spanWords(span: TimeSpan, axis: TimelineAxis): string {
  const utc = `${new Date(span.from).toISOString().slice(0, 16).replace('T', ' ')} – ${new Date(span.to).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (axis.mode === 'local') return `${formatLocal(span.from, axis.zone).slice(0, 16)} – ${formatLocal(span.to, axis.zone)} (scene local time)`;
  return axis.mode === 'incident' ? `${formatFromIncident(span.from, axis.incidentMs)} to ${formatFromIncident(span.to, axis.incidentMs)} from the incident (${utc})` : utc;
}

/** Dots listed under the canvas at most. */
const MAX_LISTED = 200;

/**
 * The timeline on one canvas (50,000 items draw as dots or, when dense, as per-column clusters).
 * Wheel or +/- zooms, drag or arrow keys pan, click a dot to open the item; hovering links an
 * item's event time to its capture time.
 */
export function TimelineCanvas({ points, incidentMs, window: win, onOpen, timezone = null, describe }: TimelineCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const size = useCanvasSize(ref);
  const [span, setSpan] = useState<TimeSpan>(() => firstSpan(incidentMs, win, points));
  const [highlight, setHighlight] = useState<number | null>(null);
  /** The dot whose card is shown (pointed at, or stepped to with the keyboard), as drawn. */
  const [tip, setTip] = useState<DrawnDot | null>(null);
  const [axisMode, setAxisMode] = useState<keyof typeof AXIS_WORDS>('utc');
  const axis: TimelineAxis = axisMode === 'local' && timezone ? { mode: 'local', zone: timezone }
    : axisMode === 'incident' && incidentMs !== null ? { mode: 'incident', incidentMs } : { mode: 'utc' };
  const dots = useRef<DrawnDot[]>([]);
  const [inView, setInView] = useState<DrawnDot[]>([]);
  const drag = useRef<{ x: number; moved: boolean } | null>(null);
  const all = useMemo(() => {
    const every = union(bounds(points.eventMs), bounds([...points.acquiredMs, ...(points.watchMarks ?? []).map((m) => m.atMs)]));
    return every ? padded(every) : null;
  }, [points]);
  const axisKey = JSON.stringify(axis);
  // How many of each band's times are in view, said in words (dense spans draw bars, not dots).
  const counted = useMemo(() => {
    const count = (times: (number | null)[]) => times.reduce<number>((n, t) => (t !== null && t >= span.from && t <= span.to ? n + 1 : n), 0);
    return { events: count(points.eventMs), timed: points.eventMs.reduce<number>((n, t) => (t === null ? n : n + 1), 0), captures: count(points.acquiredMs) };
  }, [points, span]);

  useEffect(() => {
    const ctx = sizedContext(ref.current, size);
    if (!ctx) return;
    dots.current = drawTimeline({ ctx, width: size.width, height: size.height, span, points, incidentMs, window: win, highlight, axis: JSON.parse(axisKey) as TimelineAxis });
    // The dots of the event band, as a list for keyboard and screen-reader users (and tests).
    const top = dots.current.filter((d) => points.eventMs[d.index] !== null && d.y < size.height / 2 + 10).slice(0, MAX_LISTED);
    setInView((previous) => (previous.length === top.length && previous.every((d, i) => d.index === top[i]?.index && d.x === top[i]?.x) ? previous : top));
    // A card whose dot moved (pan, zoom) follows it, or goes when the dot left the view.
    setTip((shown) => (shown ? dots.current.find((d) => d.index === shown.index && d.y === shown.y) ?? dots.current.find((d) => d.index === shown.index) ?? null : null));
  }, [size, span, points, incidentMs, win, highlight, axisKey]);

  /** Shows the card of a dot and links its event and capture time. */
  const point = (dot: DrawnDot | null) => {
    setTip(dot);
    setHighlight(dot ? dot.index : null);
  };
  /** Steps the keyboard's card to the next (or previous) dot in time order. */
  const step = (by: 1 | -1) => {
    const ordered = [...dots.current].sort((a, b) => a.x - b.x || a.y - b.y);
    if (ordered.length === 0) return;
    const at = tip ? ordered.findIndex((d) => d.index === tip.index && d.y === tip.y) : -1;
    const next = at === -1 ? (by === 1 ? 0 : ordered.length - 1) : Math.min(ordered.length - 1, Math.max(0, at + by));
    point(ordered[next] ?? null);
  };

  // Every mark is listed (a watched post is often captured far from the event times in view), newest first.
  const marks = useMemo(() => [...(points.watchMarks ?? [])].reverse().slice(0, MAX_LISTED), [points]);
  /** Centres the view on a mark, wide enough to show the span since the post was last seen as before. */
  const showMark = (m: WatchMark) => {
    const width = Math.max(10 * 60e3, 3 * (m.atMs - (m.lastSeenMs ?? m.atMs)));
    setSpan({ from: m.atMs - width / 2, to: m.atMs + width / 2 });
  };

  const zoom = (factor: number, atX?: number) => setSpan((s) => {
    const centre = atX === undefined ? (s.from + s.to) / 2 : s.from + ((atX - 92) / Math.max(1, size.width - 92)) * (s.to - s.from);
    const from = centre - (centre - s.from) * factor;
    const to = centre + (s.to - centre) * factor;
    return to - from < 2000 ? s : { from, to };
  });
  const pan = (fraction: number) => setSpan((s) => ({ from: s.from + (s.to - s.from) * fraction, to: s.to + (s.to - s.from) * fraction }));
  const nearest = (x: number, y: number) => {
    let best: DrawnDot | null = null;
    let bestD = 7;
    for (const d of dots.current) {
      const dist = Math.hypot(d.x - x, d.y - y);
      if (dist < bestD) { best = d; bestD = dist; }
    }
    return best;
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const d = drag.current;
    if (!d) {
      point(nearest(e.clientX - rect.left, e.clientY - rect.top));
      return;
    }
    const dx = e.clientX - d.x;
    if (Math.abs(dx) > 3) d.moved = true;
    if (!d.moved) return;
    setSpan((s) => {
      const ms = (-dx / Math.max(1, size.width - 92)) * (s.to - s.from);
      return { from: s.from + ms, to: s.to + ms };
    });
    d.x = e.clientX;
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const hit = nearest(e.clientX - rect.left, e.clientY - rect.top);
    if (hit) onOpen(points.ids[hit.index] as number);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const keys: Record<string, () => void> = {
      ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2),
      ArrowDown: () => step(1), ArrowUp: () => step(-1), Escape: () => point(null),
      Enter: () => { if (tip) onOpen(points.ids[tip.index] as number); },
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  return (
    <div className="timeline-wrap">
      <div className="toolbar" role="toolbar" aria-label="Timeline zoom and pan">
        <button type="button" onClick={() => zoom(0.5)}>Zoom in</button>
        <button type="button" onClick={() => zoom(2)}>Zoom out</button>
        <button type="button" onClick={() => pan(-0.25)} aria-label="Earlier">◀ Earlier</button>
        <button type="button" onClick={() => pan(0.25)} aria-label="Later">Later ▶</button>
        <button type="button" onClick={() => setSpan(windowSpan(incidentMs, win, points))}>Golden-hour window</button>
        <button type="button" onClick={() => all && setSpan(all)} disabled={!all}>Fit all</button>
        <label className="inline">Axis
          <select value={axisMode} onChange={(e) => setAxisMode(e.target.value as keyof typeof AXIS_WORDS)}>
            <option value="utc">{AXIS_WORDS.utc}</option>
            <option value="local" disabled={!timezone}>{AXIS_WORDS.local}{timezone ? ` (${timezone})` : ' (the case has no time zone)'}</option>
            <option value="incident" disabled={incidentMs === null}>{AXIS_WORDS.incident}{incidentMs === null ? ' (no incident time)' : ''}</option>
          </select>
        </label>
        <span className="muted" aria-live="polite" data-testid="timeline-span">{spanWords(span, axis)}</span>
      </div>
      <p className="muted timeline-in-view" data-testid="timeline-in-view">
        In view: {counted.events.toLocaleString('en')} of {counted.timed.toLocaleString('en')} event times, {counted.captures.toLocaleString('en')} of {points.acquiredMs.length.toLocaleString('en')} captures
      </p>
      <canvas
        ref={ref}
        className="timeline-canvas"
        data-testid="timeline-canvas"
        tabIndex={0}
        role="img"
        aria-label="Timeline of event time against capture time. Left and right arrows pan, plus and minus zoom, up and down step through the items (Enter opens one)."
        onWheel={(e) => zoom(e.deltaY < 0 ? 0.8 : 1.25, e.clientX - e.currentTarget.getBoundingClientRect().left)}
        onPointerDown={(e) => { drag.current = { x: e.clientX, moved: false }; e.currentTarget.setPointerCapture(e.pointerId); }}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => { if (!drag.current) point(null); }}
        onKeyDown={onKeyDown}
        onBlur={() => point(null)}
      />
      {tip && points.ids[tip.index] !== undefined ? (
        <TimelineTip
          id={points.ids[tip.index] as number}
          kind={points.kinds[tip.index] ?? 'file'}
          eventMs={points.eventMs[tip.index] ?? null}
          acquiredMs={points.acquiredMs[tip.index] as number}
          source={points.eventSources?.[tip.index] ?? 'none'}
          incidentMs={incidentMs}
          timezone={timezone}
          x={tip.x}
          y={tip.y + (ref.current?.offsetTop ?? 0)}
          wrapWidth={size.width}
          describe={describe}
        />
      ) : null}
      {marks.length > 0 ? (
        <details className="in-view watch-marks-list" open>
          <summary>Watched posts: {(points.watchMarks ?? []).length} {(points.watchMarks ?? []).length === 1 ? 'mark' : 'marks'}, newest first</summary>
          <ul>
            {marks.map((m) => (
              <li key={`${m.atMs}-${m.url}-${m.version ?? 'none'}`} className={`watch-mark ${m.mark}`}>
                <span className="swatch" style={{ background: MARK_COLOUR[m.mark] }} /> {MARK_WORDS[m.mark]}
                {m.version !== null ? ` (v${m.version})` : ''} · {new Date(m.atMs).toISOString().slice(0, 19).replace('T', ' ')} UTC
                {m.lastSeenMs !== null ? ` · last seen as before ${new Date(m.lastSeenMs).toISOString().slice(0, 19).replace('T', ' ')} UTC` : ''} · {m.url}{' '}
                <button type="button" aria-label={`Show the ${MARK_WORDS[m.mark]} mark of ${new Date(m.atMs).toISOString().slice(0, 19)} on the timeline`} onClick={() => showMark(m)}>Show on timeline</button>
                {m.itemId !== null ? <> <button type="button" aria-label={`Open version ${m.version ?? ''} (item ${m.itemId})`} onClick={() => onOpen(m.itemId as number)}>Open version</button></> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <details className="in-view">
        <summary>List the items in view ({inView.length}{inView.length === MAX_LISTED ? '+' : ''})</summary>
        <ul>
          {inView.map((d) => (
            <li key={d.index}>
              <button type="button" data-x={Math.round(d.x)} data-y={Math.round(d.y)} onClick={() => onOpen(points.ids[d.index] as number)}
                onFocus={() => point(d)} onBlur={() => point(null)} onMouseEnter={() => point(d)} onMouseLeave={() => point(null)}>
                Item {points.ids[d.index]} · {points.kinds[d.index]} · {new Date(points.eventMs[d.index] as number).toISOString().slice(0, 19).replace('T', ' ')} UTC
              </button>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
