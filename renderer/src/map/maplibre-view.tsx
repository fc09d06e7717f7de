import maplibregl, { type LngLatBoundsLike, type Map as MapLibreMap, type MapMouseEvent } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-csp-worker.js?url';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { OutlineScale } from './base-map';
import { OUTLINE_110M_LAYERS, OUTLINE_DETAIL_ZOOM, type BaseChoice, type OutlineDetail } from './base-style';
import { ClusterList } from './cluster-list';
import { ItemClusters, type ClusterView, type ItemPoints } from './item-clusters';
import { addCaseLayers, ITEM_LAYERS, updateItems, updateScene, withCase } from './item-layers';
import type { SceneMark } from './map-draw';
import type { ClusterItem, MapCanvasProps } from './map-props';
import { registerOfflineTiles } from './offline-protocol';
import type { FoundPlace } from './place-results';
import { PlaceSearch } from './place-search';

// The worker is a file of the app: the CSP lets no blob: worker run.
maplibregl.setWorkerUrl(workerUrl);
// The worker starts as this chunk loads, not when the first map is built: its script is parsed by then.
maplibregl.prewarm();

const LIST_LIMIT = 50;

/** The scene with three radii of margin. */
function sceneBounds(scene: SceneMark): LngLatBoundsLike {
  const dLat = (scene.radiusM * 3) / 110_574;
  const dLon = (scene.radiusM * 3) / (111_320 * Math.max(0.01, Math.cos((scene.lat * Math.PI) / 180)));
  return [[scene.lon - dLon, scene.lat - dLat], [scene.lon + dLon, scene.lat + dLat]];
}

/** The scene, else all the items, else the world. */
function homeBounds(scene: SceneMark | null, points: ItemPoints): LngLatBoundsLike | null {
  if (scene) return sceneBounds(scene);
  if (points.ids.length === 0) return null;
  let w = 180, s = 90, e = -180, n = -90;
  for (let i = 0; i < points.ids.length; i++) {
    const lon = points.lon[i] as number;
    const lat = points.lat[i] as number;
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  const pad = 0.002;
  return [[w - pad, s - pad], [e + pad, n + pad]];
}

/** What the map shows now, for clustering. */
function viewOf(map: MapLibreMap): ClusterView {
  const bounds = map.getBounds();
  return { zoom: map.getZoom(), west: bounds.getWest(), south: bounds.getSouth(), east: bounds.getEast(), north: bounds.getNorth() };
}

/** Adds the 1:50m outline just above the 1:110m one (under any tiles and the case). */
function addOutline50m(map: MapLibreMap, { id, source, layers }: OutlineDetail): void {
  const order = map.getLayersOrder();
  const above = order[order.indexOf(OUTLINE_110M_LAYERS[OUTLINE_110M_LAYERS.length - 1] as string) + 1];
  map.addSource(id, source);
  for (const layer of layers) map.addLayer(layer, above);
}

/** Runs `then` after `frames` more frames of the page. */
function afterFrames(frames: number, then: () => void): void {
  requestAnimationFrame(() => (frames > 1 ? afterFrames(frames - 1, then) : then()));
}

interface OpenedCluster {
  at: { x: number; y: number };
  total: number;
  items: ClusterItem[] | null;
  error: string | null;
  zoom: (() => void) | null;
}

export interface MapLibreViewProps extends MapCanvasProps {
  api: ApiClient;
  base: BaseChoice;
  /** Offline tiles' kind when the base map reads the offline file. */
  offlineKind: 'raster' | 'vector' | null;
  /** A place search address when online search is on. */
  searchUrl: string | null;
  /** Said above the map when the offline file named in settings cannot be read. */
  baseProblem: string | null;
  /** WebGL failed after all (creation or a lost context): the caller shows the simple map. */
  onFailed: (why: string) => void;
}

/**
 * The map, drawn by MapLibre GL: the chosen base map (online style, offline PMTiles/MBTiles or the
 * Natural Earth outline), the scene with its rings, and the items clustered apart by whether they
 * fall inside the golden-hour window. Wheel zooms about the pointer; drag or arrow keys pan.
 */
export default function MapLibreView(props: MapLibreViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [opened, setOpened] = useState<OpenedCluster | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const points = useMemo<ItemPoints>(() => ({ ids: props.ids, kinds: props.kinds, lat: props.lat, lon: props.lon, withinWindow: props.withinWindow }), [props.ids, props.kinds, props.lat, props.lon, props.withinWindow]);
  // The items clustered in the app: the map's worker gets only the clusters of the view.
  const clusters = useMemo(() => new ItemClusters(points), [points]);
  const clustersRef = useRef(clusters);
  clustersRef.current = clusters;
  const [outline, setOutline] = useState<OutlineScale | null>(null);
  /** The items and scene the map's sources hold. */
  const drawn = useRef<{ clusters: ItemClusters | null; scene: SceneMark | null }>({ clusters: null, scene: null });

  useEffect(() => {
    if (!container.current) return;
    if (props.offlineKind) registerOfflineTiles(props.api, props.offlineKind);
    const home = homeBounds(latest.current.scene, points);
    let map: MapLibreMap;
    try {
      // No style yet: the view is set first, so that the style can carry that view's clusters
      // and every source is there before the first frame (each source arriving later would cost
      // a frame of its own, and a frame drawn in software takes a quarter of a second).
      map = new maplibregl.Map({
        container: container.current, attributionControl: false, dragRotate: false, pitchWithRotate: false,
        maxZoom: 20, renderWorldCopies: false, fadeDuration: 0,
        ...(home ? { bounds: home, fitBoundsOptions: { padding: 20, maxZoom: 17 } } : { center: [15, 30], zoom: 1.2 }),
      });
    } catch {
      props.onFailed('this browser could not start WebGL, which the full map needs');
      return;
    }
    mapRef.current = map;
    // Set when the map is removed: nothing may touch a removed map (its style is gone).
    let removed = false;
    map.touchZoomRotate.disableRotation();
    const canvas = map.getCanvas();
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${latest.current.label}. Arrow keys pan, plus and minus zoom.`);
    canvas.setAttribute('data-testid', 'map-canvas');
    canvas.addEventListener('webglcontextlost', () => latest.current.onFailed('the browser lost the WebGL context the full map needs'));
    map.on('error', () => {
      // A tile that fails (missing, damaged, offline) leaves a gap; the rest of the map stays.
    });
    const firstItems = clustersRef.current.view(viewOf(map));
    drawn.current = { clusters: clustersRef.current, scene: latest.current.scene };
    const base = props.base.style;
    const detail = props.base.detail;
    // A style the app built gets the case in it; an online style is the server's, and gets the case once loaded.
    if (typeof base === 'string') map.setStyle(base);
    else map.setStyle(withCase(base, latest.current.scene, firstItems));
    const whenDrawn = () => {
      if (removed) return;
      setReady(true);
      if (!detail) return;
      setOutline('110m');
      // The 1:50m outline follows once the ready map is on screen (two frames on: the frame
      // that shows it, then one more) and the page is idle (the worker fetches its tiles of the view);
      // it takes over from OUTLINE_DETAIL_ZOOM once drawn. Added sooner, its frames came
      // before the ready map reached the screen: without a GPU each is a software-drawn frame.
      afterFrames(2, () => requestIdleCallback(() => {
        if (removed) return;
        addOutline50m(map, detail);
        map.once('idle', () => {
          if (removed) return;
          for (const layer of OUTLINE_110M_LAYERS) if (map.getLayer(layer)) map.setLayerZoomRange(layer, 0, OUTLINE_DETAIL_ZOOM);
          setOutline('50m');
        });
      }, { timeout: 2000 }));
    };
    map.on('load', () => {
      // Ready when the items, the scene and the 1:110m outline are drawn. A style the app built
      // holds them all: MapLibre's 'load' comes with the first frame that drew every source's
      // tiles for the view (and placed their text, at once with fadeDuration 0); the 'idle' after
      // it is one more frame of the same picture, which MapLibre draws whenever new text arrived
      // (a quarter of a second or more in software WebGL). An online style gets the case now,
      // so it is ready at the first idle frame after that.
      if (typeof base === 'string') {
        addCaseLayers(map, latest.current.scene, firstItems);
        map.once('idle', whenDrawn);
      } else whenDrawn();
    });
    // Each view (after a zoom, a pan, a keyboard move) is clustered afresh.
    map.on('moveend', () => {
      if (map.getSource('items')) updateItems(map, clustersRef.current.view(viewOf(map)));
    });
    map.on('click', (event: MapMouseEvent) => void click(map, event));
    for (const layer of ITEM_LAYERS) {
      map.on('mouseenter', layer, () => { canvas.style.cursor = 'pointer'; });
      map.on('mouseleave', layer, () => { canvas.style.cursor = ''; });
    }
    return () => {
      removed = true;
      mapRef.current = null;
      setReady(false);
      setOutline(null);
      map.remove();
    };
    // A new base map builds a new map; items and scene are updated in place below.
  }, [props.base.style, props.offlineKind]);

  const click = async (map: MapLibreMap, event: MapMouseEvent) => {
    const { onPick, onOpen, describe } = latest.current;
    if (onPick) {
      onPick(event.lngLat.lat, event.lngLat.lng);
      return;
    }
    const box: [[number, number], [number, number]] = [[event.point.x - 6, event.point.y - 6], [event.point.x + 6, event.point.y + 6]];
    const hit = map.getLayer(ITEM_LAYERS[0] as string) ? map.queryRenderedFeatures(box, { layers: ITEM_LAYERS })[0] : undefined;
    setOpened(null);
    if (!hit) return;
    const properties = hit.properties as { cluster_id?: number; view?: number; point_count?: number; id?: number };
    if (properties.cluster_id === undefined) {
      if (properties.id !== undefined) onOpen?.(properties.id);
      return;
    }
    const index = clustersRef.current;
    const clusterId = properties.cluster_id;
    const view = properties.view ?? -1;
    const total = properties.point_count ?? 0;
    const at = { x: event.point.x, y: event.point.y };
    const centre = (hit.geometry as GeoJSON.Point).coordinates as [number, number];
    const expansion = index.expansionZoom(view, clusterId);
    const zoom = expansion === null ? null : () => {
      setOpened(null);
      map.easeTo({ center: centre, zoom: Math.min(expansion, 20) });
    };
    setOpened({ at, total, items: null, error: null, zoom });
    try {
      const ids = index.members(view, clusterId, LIST_LIMIT);
      if (!ids) throw new Error('the map moved while they were asked for; click the cluster again');
      const items = describe ? await describe(ids) : ids.map((id) => ({ ...index.describe(id), name: '', eventUtc: null, thumbUrl: null }));
      setOpened((o) => (o && o.at === at ? { ...o, items } : o));
    } catch (error) {
      setOpened((o) => (o && o.at === at ? { ...o, error: `The items here could not be listed: ${(error as Error).message}` } : o));
    }
  };

  // New items or a moved scene: the sources change, the view stays where the user put it.
  // (What the map was built with is not sent again: each setData is the worker's work and another frame.)
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || drawn.current.clusters === clusters) return;
    drawn.current.clusters = clusters;
    updateItems(map, clusters.view(viewOf(map)));
  }, [clusters, ready]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || drawn.current.scene === props.scene) return;
    drawn.current.scene = props.scene;
    updateScene(map, props.scene);
  }, [props.scene, ready]);

  // Typed coordinates move the map (a click on the picker does not: it already shows where it fell).
  const centreKey = props.centreOn ? `${props.centreOn.lat},${props.centreOn.lon},${props.centreOn.radiusM}` : null;
  useEffect(() => {
    const map = mapRef.current;
    if (map && props.centreOn) map.fitBounds(sceneBounds(props.centreOn), { padding: 20, maxZoom: 17, duration: 300 });
  }, [centreKey]);

  const goHome = () => {
    const home = homeBounds(props.scene, points);
    if (home) mapRef.current?.fitBounds(home, { padding: 20, maxZoom: 17 });
    else mapRef.current?.easeTo({ center: [15, 30], zoom: 1.2 });
  };
  const found = (place: FoundPlace) => {
    const map = mapRef.current;
    if (!map) return;
    if (place.box) map.fitBounds([[place.box[2], place.box[0]], [place.box[3], place.box[1]]], { padding: 20, maxZoom: 17 });
    else map.easeTo({ center: [place.lon, place.lat], zoom: 16 });
    props.onPick?.(place.lat, place.lon);
  };

  return (
    <div className="map-wrap" data-map="maplibre" data-ready={ready ? 'true' : 'false'} data-outline={outline ?? 'none'}>
      {props.searchUrl ? <PlaceSearch searchUrl={props.searchUrl} onFound={found} /> : null}
      {props.baseProblem ? <p className="error-text" role="status">The offline map could not be read, so the outline is shown: {props.baseProblem}</p> : null}
      <div ref={container} className="map-canvas map-gl" style={{ height: props.height ?? undefined }} />
      {opened ? (
        <ClusterList at={opened.at} items={opened.items} timezone={props.timezone ?? null} total={opened.total} error={opened.error} onOpen={props.onOpen} onZoom={opened.zoom} onClose={() => setOpened(null)} />
      ) : null}
      <div className="map-controls">
        <button type="button" onClick={() => mapRef.current?.zoomIn()} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => mapRef.current?.zoomOut()} aria-label="Zoom out">−</button>
        <button type="button" onClick={goHome}>{props.scene ? 'Back to scene' : 'Fit'}</button>
      </div>
      <p className="map-attribution" data-testid="map-credit">{props.base.credit}</p>
      {props.ids.length > 0 ? (
        <p className="map-legend">
          <span className="legend-dot inside" aria-hidden="true" /> filled: inside the golden-hour window
          <span className="legend-dot outside" aria-hidden="true" /> hollow: outside it or without a time · a number is a cluster (half-tone when it holds both): click it to list its items
        </p>
      ) : null}
    </div>
  );
}
