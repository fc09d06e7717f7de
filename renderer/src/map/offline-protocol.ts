import maplibregl from 'maplibre-gl';
import type { ApiClient } from '../api/client';
import { OFFLINE_PROTOCOL } from './base-style';

/** A transparent 1x1 PNG: what a raster map draws where the offline file has no tile. */
const NO_TILE_PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

/**
 * Lets MapLibre read offline tiles through the app's API (`map.tile`): the renderer never
 * opens files, and the same door works in Electron and in browser mode.
 */
export function registerOfflineTiles(api: ApiClient, kind: 'raster' | 'vector'): void {
  maplibregl.removeProtocol(OFFLINE_PROTOCOL);
  maplibregl.addProtocol(OFFLINE_PROTOCOL, async (params) => {
    const match = /^goldenhour-tiles:\/\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
    if (!match) throw new Error(`Not an offline tile address: ${params.url}`);
    const [z, x, y] = match.slice(1).map(Number) as [number, number, number];
    const { data } = await api.call('map.tile', { z, x, y });
    if (data === null) return { data: kind === 'raster' ? NO_TILE_PNG.buffer.slice(0) : new ArrayBuffer(0) };
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    return { data: bytes.buffer };
  });
}
