import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { sizedContext, useCanvasSize } from '../components/use-canvas-size';
import { loadBaseMap, type BaseMap } from './base-map';
import { drawMap, type DrawnCluster, type MapPoints, type SceneMark } from './map-draw';
import { fitView, latOf, lonOf, MAX_ZOOM, scaleOf, worldX, worldY, type MapView } from './projection';
import { useMapView } from './use-map-view';
import type { MapCanvasProps } from './map-props';


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

/** The scene with three radii of margin, else all the points, else the world. */
function initialView(points: MapPoints, scene: SceneMark | null, width: number, height: number): MapView {
  if (scene) {
    const r = ((scene.radiusM / 40_075_016) * 256 * 3) / Math.cos((scene.lat * Math.PI) / 180);
    return fitView(worldX(scene.lon) - r, worldY(scene.lat) - r, worldX(scene.lon) + r, worldY(scene.lat) + r, width, height);
  }
  if (points.ids.length === 0) return { cx: 128, cy: 110, zoom: 1.3 };
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < points.ids.length; i++) {
    minX = Math.min(minX, points.x[i] as number); maxX = Math.max(maxX, points.x[i] as number);
    minY = Math.min(minY, points.y[i] as number); maxY = Math.max(maxY, points.y[i] as number);
  }
  return fitView(minX, minY, maxX, maxY, width, height, 15);
}

const KEY_STEP = 80;

/**
 * The simple map, drawn on one 2D canvas where WebGL (which MapLibre needs) is not available:
 * the Natural Earth outline, the scene with its radius rings, and items clustered per screen
 * cell. Drag or arrow keys to pan, wheel or +/- to zoom, click a point to open it (or, when
 * picking, to set the scene). `notice` says why this map is shown instead of the full one.
 */
export function SimpleMap(props: MapCanvasProps & { notice: string; tileUrl?: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useCanvasSize(canvasRef);
  const { view, setView, zoomBy, panBy } = useMapView(size);
  const [base, setBase] = useState<BaseMap | null>(null);
  const [tick, setTick] = useState(0);
  const drawn = useRef<DrawnCluster[]>([]);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const [opened, setOpened] = useState<{ x: number; y: number; members: number[] } | null>(null);
  const redraw = useMemo(() => () => setTick((t) => t + 1), []);
  const tiles = useTiles(props.tileUrl, redraw);
  const points = useMemo<MapPoints>(() => ({
    ids: props.ids, kinds: props.kinds, x: Float64Array.from(props.lon, worldX), y: Float64Array.from(props.lat, worldY),
  }), [props.ids, props.kinds, props.lat, props.lon]);

  useEffect(() => {
    if (!props.tileUrl) void loadBaseMap().then(setBase);
  }, [props.tileUrl]);
  useEffect(() => {
    if (size.width > 0 && view === null) setView(initialView(points, props.scene, size.width, size.height));
  }, [size, view, setView, points, props.scene]);
  const centreKey = props.centreOn ? `${props.centreOn.lat},${props.centreOn.lon},${props.centreOn.radiusM}` : null;
  useEffect(() => {
    if (size.width > 0 && centreKey !== null && props.centreOn) setView(initialView(points, props.centreOn, size.width, size.height));
    // Only a new place moves the view; panning afterwards is the user's.
  }, [centreKey, size.width > 0]);
  useEffect(() => {
    const ctx = sizedContext(canvasRef.current, size);
    if (ctx && view) drawn.current = drawMap({ ctx, width: size.width, height: size.height, view, base, tiles, scene: props.scene, points });
  }, [size, view, base, tiles, props.scene, points, tick]);

  const click = (x: number, y: number) => {
    if (!view) return;
    if (props.onPick) {
      const s = scaleOf(view);
      props.onPick(latOf(view.cy + (y - size.height / 2) / s), lonOf(view.cx + (x - size.width / 2) / s));
      return;
    }
    const hit = drawn.current.find((mark) => Math.hypot(mark.sx - x, mark.sy - y) <= (mark.count === 1 ? 8 : 22));
    setOpened(null);
    if (!hit) return;
    if (hit.count === 1) props.onOpen?.(points.ids[hit.firstIndex] as number);
    // A small cluster (or one that zooming cannot split) lists its items; a big one zooms in.
    else if (hit.count <= 12 || view.zoom >= MAX_ZOOM - 0.01) setOpened({ x: hit.sx, y: hit.sy, members: hit.members });
    else zoomBy(2, { x: hit.sx, y: hit.sy });
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 3) d.moved = true;
    if (!d.moved) return;
    panBy(d.x - e.clientX, d.y - e.clientY);
    d.x = e.clientX;
    d.y = e.clientY;
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    const rect = e.currentTarget.getBoundingClientRect();
    if (d && !d.moved) click(e.clientX - rect.left, e.clientY - rect.top);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const keys: Record<string, () => void> = {
      ArrowLeft: () => panBy(-KEY_STEP, 0), ArrowRight: () => panBy(KEY_STEP, 0), ArrowUp: () => panBy(0, -KEY_STEP), ArrowDown: () => panBy(0, KEY_STEP),
      '+': () => zoomBy(1), '=': () => zoomBy(1), '-': () => zoomBy(-1),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
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
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onWheel={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          zoomBy(e.deltaY < 0 ? 0.5 : -0.5, { x: e.clientX - rect.left, y: e.clientY - rect.top });
        }}
        onKeyDown={onKeyDown}
      />
      {opened && props.onOpen ? (
        <div className="map-cluster" style={{ left: opened.x + 12, top: opened.y - 12 }} role="dialog" aria-label="Items here">
          <ul>{opened.members.map((i) => <li key={i}><button type="button" onClick={() => props.onOpen?.(points.ids[i] as number)}>Item {points.ids[i]} · {points.kinds[i]}</button></li>)}</ul>
          <button type="button" className="close" onClick={() => setOpened(null)} aria-label="Close the list">×</button>
        </div>
      ) : null}
      <div className="map-controls">
        <button type="button" onClick={() => zoomBy(1)} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => zoomBy(-1)} aria-label="Zoom out">−</button>
        <button type="button" onClick={() => setView(initialView(points, props.scene, size.width, size.height))}>{props.scene ? 'Back to scene' : 'Fit'}</button>
      </div>
      <p className="map-notice" role="note" data-testid="simple-map-notice">{props.notice}</p>
      <p className="map-attribution">{props.tileUrl ? 'Tiles: your configured server' : 'Base map: Natural Earth 1:50m (offline)'}</p>
    </div>
  );
}
