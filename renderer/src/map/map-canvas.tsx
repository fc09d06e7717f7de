import { useEffect, useMemo, useRef, useState } from 'react';
import { loadBaseMap, type BaseMap } from './base-map';
import { drawMap, type DrawnCluster, type MapPoints, type SceneMark } from './map-draw';
import { fitView, latOf, lonOf, MAX_ZOOM, MIN_ZOOM, scaleOf, worldX, worldY, type MapView } from './projection';

export interface MapCanvasProps {
  label: string;
  ids: number[];
  kinds: string[];
  lat: number[];
  lon: number[];
  scene: SceneMark | null;
  /** An https tile URL template with {z}/{x}/{y}, or '' for the offline base map. */
  tileUrl?: string;
  onOpen?: (id: number) => void;
  onPick?: (lat: number, lon: number) => void;
  height?: number;
}

function useTiles(tileUrl: string | undefined, redraw: () => void) {
  const cache = useRef(new Map<string, HTMLImageElement>());
  return useMemo(() => {
    if (!tileUrl) return null;
    cache.current.clear();
    return (z: number, x: number, y: number) => {
      const url = tileUrl.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
      let image = cache.current.get(url);
      if (!image) {
        image = new Image();
        image.referrerPolicy = 'no-referrer';
        image.onload = redraw;
        image.src = url;
        cache.current.set(url, image);
      }
      return image.complete && image.naturalWidth > 0 ? image : null;
    };
  }, [tileUrl, redraw]);
}

function initialView(points: MapPoints, scene: SceneMark | null, width: number, height: number): MapView {
  if (scene) {
    const r = scene.radiusM / 40_075_016 * 256 * 3 / Math.cos((scene.lat * Math.PI) / 180);
    return fitView(worldX(scene.lon) - r, worldY(scene.lat) - r, worldX(scene.lon) + r, worldY(scene.lat) + r, width, height);
  }
  if (points.ids.length > 0) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < points.ids.length; i++) {
      minX = Math.min(minX, points.x[i] as number); maxX = Math.max(maxX, points.x[i] as number);
      minY = Math.min(minY, points.y[i] as number); maxY = Math.max(maxY, points.y[i] as number);
    }
    return fitView(minX, minY, maxX, maxY, width, height, 15);
  }
  return { cx: 128, cy: 110, zoom: 1.3 };
}

/**
 * The map, drawn on one canvas: an offline base map (or tiles), the scene with its radius
 * rings, and items clustered per screen cell. Drag or arrow keys to pan, wheel or +/- to zoom,
 * click a point to open it (or, when picking, to set the scene).
 */
export function MapCanvas(props: MapCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [view, setView] = useState<MapView | null>(null);
  const [base, setBase] = useState<BaseMap | null>(null);
  const [tick, setTick] = useState(0);
  const drawn = useRef<DrawnCluster[]>([]);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const redraw = useMemo(() => () => setTick((t) => t + 1), []);
  const tiles = useTiles(props.tileUrl, redraw);
  const points = useMemo<MapPoints>(() => ({
    ids: props.ids, kinds: props.kinds,
    x: Float64Array.from(props.lon, worldX), y: Float64Array.from(props.lat, worldY),
  }), [props.ids, props.kinds, props.lat, props.lon]);

  useEffect(() => {
    if (!props.tileUrl) void loadBaseMap().then(setBase);
  }, [props.tileUrl]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => setSize({ width: canvas.clientWidth, height: canvas.clientHeight }));
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (size.width > 0 && view === null) setView(initialView(points, props.scene, size.width, size.height));
  }, [size, view, points, props.scene]);
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !view || size.width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * ratio);
    canvas.height = Math.round(size.height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawn.current = drawMap({ ctx, width: size.width, height: size.height, view, base, tiles, scene: props.scene, points });
  }, [size, view, base, tiles, props.scene, points, tick]);

  const zoomBy = (delta: number, at?: { x: number; y: number }) => setView((v) => {
    if (!v) return v;
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v.zoom + delta));
    if (!at) return { ...v, zoom };
    const s0 = scaleOf(v);
    const wx = v.cx + (at.x - size.width / 2) / s0;
    const wy = v.cy + (at.y - size.height / 2) / s0;
    const s1 = 2 ** zoom;
    return { cx: wx - (at.x - size.width / 2) / s1, cy: wy - (at.y - size.height / 2) / s1, zoom };
  });
  const panBy = (dx: number, dy: number) => setView((v) => (v ? { ...v, cx: v.cx + dx / scaleOf(v), cy: v.cy + dy / scaleOf(v) } : v));

  const click = (x: number, y: number) => {
    if (!view) return;
    if (props.onPick) {
      const s = scaleOf(view);
      props.onPick(latOf(view.cy + (y - size.height / 2) / s), lonOf(view.cx + (x - size.width / 2) / s));
      return;
    }
    const hit = drawn.current.find((mark) => Math.hypot(mark.sx - x, mark.sy - y) <= (mark.count === 1 ? 8 : 22));
    if (!hit) return;
    if (hit.count === 1) props.onOpen?.(points.ids[hit.firstIndex] as number);
    else zoomBy(2, { x: hit.sx, y: hit.sy });
  };

  return (
    <div className="map-wrap">
      <canvas
        ref={canvasRef}
        className="map-canvas"
        style={{ height: props.height ?? undefined }}
        tabIndex={0}
        role="img"
        aria-label={`${props.label}. Arrow keys pan, plus and minus zoom.`}
        data-testid="map-canvas"
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY, moved: false };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 3) d.moved = true;
          if (d.moved) {
            panBy(d.x - e.clientX, d.y - e.clientY);
            d.x = e.clientX;
            d.y = e.clientY;
          }
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          const rect = e.currentTarget.getBoundingClientRect();
          if (d && !d.moved) click(e.clientX - rect.left, e.clientY - rect.top);
        }}
        onWheel={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          zoomBy(e.deltaY < 0 ? 0.5 : -0.5, { x: e.clientX - rect.left, y: e.clientY - rect.top });
        }}
        onKeyDown={(e) => {
          const step = 80;
          const keys: Record<string, () => void> = {
            ArrowLeft: () => panBy(-step, 0), ArrowRight: () => panBy(step, 0), ArrowUp: () => panBy(0, -step), ArrowDown: () => panBy(0, step),
            '+': () => zoomBy(1), '=': () => zoomBy(1), '-': () => zoomBy(-1),
          };
          const action = keys[e.key];
          if (action) {
            e.preventDefault();
            action();
          }
        }}
      />
      <div className="map-controls">
        <button type="button" onClick={() => zoomBy(1)} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => zoomBy(-1)} aria-label="Zoom out">−</button>
        <button type="button" onClick={() => setView(initialView(points, props.scene, size.width, size.height))}>{props.scene ? 'Back to scene' : 'Fit'}</button>
      </div>
      <p className="map-attribution">{props.tileUrl ? 'Tiles: your configured server' : 'Base map: Natural Earth 1:50m (offline)'}</p>
    </div>
  );
}
