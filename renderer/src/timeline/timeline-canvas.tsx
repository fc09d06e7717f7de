import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { sizedContext, useCanvasSize } from '../components/use-canvas-size';
import { drawTimeline, MARK_COLOUR, type DrawnDot, type TimelinePoints, type TimeSpan, type WatchMark } from './timeline-draw';

/** How a mark reads in the list under the canvas. */
const MARK_WORDS: Record<WatchMark['mark'], string> = { version: 'new version', edited: 'edited', removed: 'removed' };

export interface TimelineCanvasProps {
  points: TimelinePoints;
  incidentMs: number | null;
  window: { beforeMin: number; afterMin: number };
  onOpen: (id: number) => void;
}

function extent(values: (number | null)[]): TimeSpan | null {
  let from = Infinity;
  let to = -Infinity;
  for (const v of values) if (v !== null) { if (v < from) from = v; if (v > to) to = v; }
  if (from === Infinity) return null;
  const pad = Math.max(60e3, (to - from) * 0.05);
  return { from: from - pad, to: to + pad };
}

function windowSpan(incidentMs: number | null, win: { beforeMin: number; afterMin: number }, points: TimelinePoints): TimeSpan {
  if (incidentMs !== null) {
    const before = Math.max(win.beforeMin, 10) * 60e3;
    const after = Math.max(win.afterMin, 10) * 60e3;
    return { from: incidentMs - before * 1.5, to: incidentMs + after * 1.5 };
  }
  return extent(points.eventMs) ?? extent(points.acquiredMs) ?? { from: Date.now() - 3600e3, to: Date.now() };
}

/** Dots listed under the canvas at most. */
const MAX_LISTED = 200;

/**
 * The timeline on one canvas (50,000 items draw as dots or, when dense, as per-column clusters).
 * Wheel or +/- zooms, drag or arrow keys pan, click a dot to open the item; hovering links an
 * item's event time to its capture time.
 */
export function TimelineCanvas({ points, incidentMs, window: win, onOpen }: TimelineCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const size = useCanvasSize(ref);
  const [span, setSpan] = useState<TimeSpan>(() => windowSpan(incidentMs, win, points));
  const [highlight, setHighlight] = useState<number | null>(null);
  const dots = useRef<DrawnDot[]>([]);
  const [inView, setInView] = useState<DrawnDot[]>([]);
  const drag = useRef<{ x: number; moved: boolean } | null>(null);
  const all = useMemo(() => {
    const e = extent(points.eventMs);
    const a = extent([...points.acquiredMs, ...(points.watchMarks ?? []).map((m) => m.atMs)]);
    if (!e) return a;
    if (!a) return e;
    return { from: Math.min(e.from, a.from), to: Math.max(e.to, a.to) };
  }, [points]);

  useEffect(() => {
    const ctx = sizedContext(ref.current, size);
    if (!ctx) return;
    dots.current = drawTimeline({ ctx, width: size.width, height: size.height, span, points, incidentMs, window: win, highlight });
    // The dots of the event band, as a list for keyboard and screen-reader users (and tests).
    const top = dots.current.filter((d) => points.eventMs[d.index] !== null && d.y < size.height / 2 + 10).slice(0, MAX_LISTED);
    setInView((previous) => (previous.length === top.length && previous.every((d, i) => d.index === top[i]?.index && d.x === top[i]?.x) ? previous : top));
  }, [size, span, points, incidentMs, win, highlight]);

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
      const hit = nearest(e.clientX - rect.left, e.clientY - rect.top);
      setHighlight(hit ? hit.index : null);
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
    const keys: Record<string, () => void> = { ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2) };
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
        <span className="muted" aria-live="polite">{new Date(span.from).toISOString().slice(0, 16).replace('T', ' ')} – {new Date(span.to).toISOString().slice(0, 16).replace('T', ' ')} UTC</span>
      </div>
      <canvas
        ref={ref}
        className="timeline-canvas"
        data-testid="timeline-canvas"
        tabIndex={0}
        role="img"
        aria-label="Timeline of event time against capture time. Arrow keys pan, plus and minus zoom."
        onWheel={(e) => zoom(e.deltaY < 0 ? 0.8 : 1.25, e.clientX - e.currentTarget.getBoundingClientRect().left)}
        onPointerDown={(e) => { drag.current = { x: e.clientX, moved: false }; e.currentTarget.setPointerCapture(e.pointerId); }}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
      />
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
              <button type="button" data-x={Math.round(d.x)} data-y={Math.round(d.y)} onClick={() => onOpen(points.ids[d.index] as number)}>
                Item {points.ids[d.index]} · {points.kinds[d.index]} · {new Date(points.eventMs[d.index] as number).toISOString().slice(0, 19).replace('T', ' ')} UTC
              </button>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
