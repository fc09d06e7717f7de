import { useCallback, useState } from 'react';
import { MAX_ZOOM, MIN_ZOOM, scaleOf, type MapView } from './projection';

/** The map's view with zoom (optionally about a screen point) and pan in screen pixels. */
export function useMapView(size: { width: number; height: number }) {
  const [view, setView] = useState<MapView | null>(null);
  const zoomBy = useCallback((delta: number, at?: { x: number; y: number }) => setView((v) => {
    if (!v) return v;
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v.zoom + delta));
    if (!at) return { ...v, zoom };
    // Keep the world point under the cursor where it is.
    const wx = v.cx + (at.x - size.width / 2) / scaleOf(v);
    const wy = v.cy + (at.y - size.height / 2) / scaleOf(v);
    const s1 = 2 ** zoom;
    return { cx: wx - (at.x - size.width / 2) / s1, cy: wy - (at.y - size.height / 2) / s1, zoom };
  }), [size]);
  const panBy = useCallback((dx: number, dy: number) => setView((v) => (v ? { ...v, cx: v.cx + dx / scaleOf(v), cy: v.cy + dy / scaleOf(v) } : v)), []);
  return { view, setView, zoomBy, panBy };
}
