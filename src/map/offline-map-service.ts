import { readSettings } from '../config/settings.js';
import { openOfflineTiles, type OfflineMapInfo, type OfflineTiles } from './offline-tiles.js';

/**
 * The offline base map named in the settings, opened once and kept open while the setting
 * names it (the map asks for dozens of tiles a second). A file that fails to open is tried
 * again on the next request, so fixing it needs no restart.
 */
export class OfflineMapService {
  private opened: { path: string; tiles: Promise<OfflineTiles> } | null = null;

  constructor(private readonly dataDir: string) {}

  private current(): Promise<OfflineTiles> | null {
    const path = readSettings(this.dataDir).map.offlineFile;
    if (this.opened && this.opened.path !== path) void this.close();
    if (!path) return null;
    if (!this.opened) {
      const tiles = openOfflineTiles(path);
      const opened = { path, tiles };
      this.opened = opened;
      tiles.catch(() => {
        if (this.opened === opened) this.opened = null;
      });
    }
    return this.opened.tiles;
  }

  /** The offline map in use, or null when none is set. */
  async info(): Promise<OfflineMapInfo | null> {
    const tiles = this.current();
    return tiles ? (await tiles).info : null;
  }

  /** One tile of the offline map in use (XYZ numbering), or null. */
  async tile(z: number, x: number, y: number): Promise<Buffer | null> {
    const tiles = this.current();
    return tiles ? (await tiles).tile(z, x, y) : null;
  }

  /** Opens a file to check it is a map the app can draw, and says what it holds. */
  async check(path: string): Promise<OfflineMapInfo> {
    const tiles = await openOfflineTiles(path);
    await tiles.close();
    return tiles.info;
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = null;
    if (opened) await opened.tiles.then((tiles) => tiles.close(), () => undefined);
  }
}
