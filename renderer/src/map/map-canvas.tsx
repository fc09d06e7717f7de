import { useEffect, useMemo, useState, type ComponentType } from 'react';
import { useApi, useOperation } from '../api/use-api';
import outlineTiles from '../../generated/outline-tiles.json';
import { chooseBase, type OutlineTiles } from './base-style';
import type { MapCanvasProps } from './map-props';
import type { MapLibreViewProps } from './maplibre-view';
import { SimpleMap } from './simple-map';

export type { MapCanvasProps } from './map-props';

let webglChecked: { problem: string | null } | null = null;
/**
 * Why the full map cannot run here, or null when WebGL is available: asked once per page (each
 * test context is a round trip to the GPU process, or to its software stand-in), and first while
 * the map screen still fetches its items (preloadMap), not after they arrived.
 */
function webglProblem(): string | null {
  webglChecked ??= { problem: checkWebgl() };
  return webglChecked.problem;
}

function checkWebgl(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    // The test context is let go at once: the map makes its own, and each holds GPU (or, without one, software) resources.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return gl ? null : 'this browser has no WebGL, which the full map needs';
  } catch {
    return 'this browser has no WebGL, which the full map needs';
  }
}

let loadingView: Promise<ComponentType<MapLibreViewProps>> | null = null;
/** MapLibre is a large chunk: loaded the first time a map is shown. */
function loadView(): Promise<ComponentType<MapLibreViewProps>> {
  loadingView ??= import('./maplibre-view').then((module) => module.default);
  return loadingView;
}

/** Starts loading MapLibre (and its worker) while a screen still fetches what its map will show. */
export function preloadMap(): void {
  if (webglProblem()) return;
  void loadView().catch(() => undefined);
}

/**
 * Every map of the app: MapLibre GL over the base map the settings choose, or, where WebGL is not
 * available, the simple 2D map, labelled as such (never a blank box).
 */
export function MapCanvas(props: MapCanvasProps) {
  const api = useApi();
  const settings = useOperation('map.settings', {});
  const [failed, setFailed] = useState<string | null>(webglProblem);
  const [View, setView] = useState<ComponentType<MapLibreViewProps> | null>(null);
  useEffect(() => {
    if (failed) return;
    loadView().then((view) => setView(() => view), () => setFailed('the full map could not be loaded'));
  }, [failed]);
  const s = settings.data;
  // The outline's tiles are files of the app, fetched by MapLibre's worker from the page's own address.
  const base = useMemo(() => chooseBase(s?.map ?? null, s?.offline ?? null, { tiles: outlineTiles as OutlineTiles, base: document.baseURI }), [s]);
  if (failed) {
    return <SimpleMap {...props} notice={`Simple map: ${failed}. It shows the Natural Earth outline only, without streets or place names.`} />;
  }
  if (!View || (!s && !settings.error)) {
    return <div className="map-wrap"><div className="map-canvas map-loading" style={{ height: props.height ?? undefined }} aria-busy="true">Loading the map…</div></div>;
  }
  const usesOffline = !(s?.map.online && s.map.styleUrl) && s?.offline;
  return (
    <View
      {...props}
      api={api}
      base={base}
      offlineKind={usesOffline ? s.offline?.kind ?? null : null}
      searchUrl={s?.map.online && s.map.searchUrl ? s.map.searchUrl : null}
      baseProblem={s?.offlineProblem ?? null}
      onFailed={setFailed}
    />
  );
}
