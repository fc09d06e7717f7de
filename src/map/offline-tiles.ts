import { open as openFile, type FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { GoldenHourError, errorMessage } from '../util/errors.js';

/** What an offline base map file holds, as the map needs to draw it. */
export interface OfflineMapInfo {
  path: string;
  container: 'mbtiles' | 'pmtiles';
  /** Raster tiles are drawn as they are; vector tiles with the app's own style. */
  kind: 'raster' | 'vector';
  format: 'png' | 'jpg' | 'webp' | 'avif' | 'pbf';
  minZoom: number;
  maxZoom: number;
  /** West, south, east, north in degrees, when the file says. */
  bounds: [number, number, number, number] | null;
  name: string | null;
  attribution: string | null;
  /** The vector layers the file holds (names only), so the app's style draws what is there. */
  vectorLayers: string[];
}

/** An opened offline base map: its description and its tiles. */
export interface OfflineTiles {
  info: OfflineMapInfo;
  /** One tile in XYZ numbering, uncompressed; null where the file has none. */
  tile(z: number, x: number, y: number): Promise<Buffer | null>;
  close(): Promise<void>;
}

/** A vector tile larger than this once unzipped is refused (a zip bomb in a hostile file). */
const MAX_TILE_BYTES = 16 * 1024 * 1024;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const PMTILES_MAGIC = Buffer.from('PMTiles', 'latin1');

function unzipped(data: Buffer): Buffer {
  if (data[0] !== 0x1f || data[1] !== 0x8b) return data;
  try {
    return gunzipSync(data, { maxOutputLength: MAX_TILE_BYTES });
  } catch (error) {
    throw new GoldenHourError('invalid-input', `A tile of the offline map is damaged or too large once unpacked (${errorMessage(error)})`);
  }
}

function numberOr(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isFinite(n) ? n : fallback;
}

function boundsOf(value: string | undefined): OfflineMapInfo['bounds'] {
  const parts = (value ?? '').split(',').map(Number);
  return parts.length === 4 && parts.every(Number.isFinite) ? (parts as [number, number, number, number]) : null;
}

function vectorLayerNames(json: string | undefined | null): string[] {
  try {
    const parsed = JSON.parse(json ?? 'null') as { vector_layers?: { id?: unknown }[] } | null;
    return (parsed?.vector_layers ?? []).map((layer) => layer.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

const RASTER_FORMATS = new Set(['png', 'jpg', 'jpeg', 'webp', 'avif']);

/** MBTiles (a SQLite file, tiles in TMS row order), read-only. */
function openMbtiles(path: string): OfflineTiles {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT 1 FROM tiles LIMIT 1').get();
  } catch (error) {
    throw new GoldenHourError('invalid-input', `${path} is a SQLite file but not a readable MBTiles map (it needs a tiles table): ${errorMessage(error)}`);
  }
  const metadata = new Map<string, string>();
  try {
    for (const row of db.prepare('SELECT name, value FROM metadata').all() as { name: string; value: string }[]) metadata.set(String(row.name), String(row.value));
  } catch {
    // A metadata table is optional; the tiles themselves say the rest.
  }
  const stored = (metadata.get('format') ?? '').toLowerCase();
  const format: OfflineMapInfo['format'] = stored === 'jpeg' ? 'jpg' : RASTER_FORMATS.has(stored) ? (stored as OfflineMapInfo['format']) : stored === 'pbf' || stored === 'mvt' ? 'pbf' : 'png';
  const zooms = db.prepare('SELECT MIN(zoom_level) AS minZoom, MAX(zoom_level) AS maxZoom FROM tiles').get() as { minZoom: number | null; maxZoom: number | null };
  const read = db.prepare('SELECT tile_data AS data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
  return {
    info: {
      path, container: 'mbtiles', kind: format === 'pbf' ? 'vector' : 'raster', format,
      minZoom: numberOr(metadata.get('minzoom'), zooms.minZoom ?? 0), maxZoom: numberOr(metadata.get('maxzoom'), zooms.maxZoom ?? 0),
      bounds: boundsOf(metadata.get('bounds')), name: metadata.get('name') ?? null, attribution: metadata.get('attribution') ?? null,
      vectorLayers: vectorLayerNames(metadata.get('json')),
    },
    tile: async (z, x, y) => {
      const row = read.get(z, x, 2 ** z - 1 - y) as { data: Buffer } | undefined;
      return row ? (format === 'pbf' ? unzipped(row.data) : row.data) : null;
    },
    close: async () => {
      db.close();
    },
  };
}

/** The pmtiles library's byte-range source, reading a local file. */
class FileRangeSource implements Source {
  constructor(private readonly handle: FileHandle, private readonly path: string) {}
  getKey(): string {
    return this.path;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) };
  }
}

const PMTILES_FORMATS: Partial<Record<TileType, OfflineMapInfo['format']>> = {
  [TileType.Mvt]: 'pbf', [TileType.Png]: 'png', [TileType.Jpeg]: 'jpg', [TileType.Webp]: 'webp', [TileType.Avif]: 'avif',
};

async function openPmtiles(path: string, handle: FileHandle): Promise<OfflineTiles> {
  const archive = new PMTiles(new FileRangeSource(handle, path));
  let header: Awaited<ReturnType<PMTiles['getHeader']>>;
  let metadata: { name?: unknown; attribution?: unknown; vector_layers?: { id?: unknown }[] } = {};
  try {
    header = await archive.getHeader();
    metadata = ((await archive.getMetadata()) ?? {}) as typeof metadata;
  } catch (error) {
    await handle.close();
    throw new GoldenHourError('invalid-input', `${path} is not a readable PMTiles map: ${errorMessage(error)}`);
  }
  const format = PMTILES_FORMATS[header.tileType];
  if (!format) {
    await handle.close();
    throw new GoldenHourError('invalid-input', `${path} holds tiles of a type the map cannot draw (PMTiles tile type ${header.tileType}); expected vector (MVT), PNG, JPEG, WebP or AVIF tiles`);
  }
  return {
    info: {
      path, container: 'pmtiles', kind: format === 'pbf' ? 'vector' : 'raster', format, minZoom: header.minZoom, maxZoom: header.maxZoom,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      name: typeof metadata.name === 'string' ? metadata.name : null,
      attribution: typeof metadata.attribution === 'string' ? metadata.attribution : null,
      vectorLayers: vectorLayerNames(JSON.stringify(metadata)),
    },
    tile: async (z, x, y) => {
      const found = await archive.getZxy(z, x, y);
      return found ? Buffer.from(found.data) : null;
    },
    close: () => handle.close(),
  };
}

/**
 * Opens an offline base map the user points at: a PMTiles (version 3) or MBTiles file, told
 * apart by its first bytes rather than its name. Anything else is refused with what it is not.
 */
export async function openOfflineTiles(path: string): Promise<OfflineTiles> {
  let handle: FileHandle;
  try {
    handle = await openFile(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GoldenHourError('invalid-input', code === 'ENOENT' ? `There is no file at ${path}` : `Cannot read ${path}: ${errorMessage(error)}`);
  }
  const head = Buffer.alloc(16);
  await handle.read(head, 0, 16, 0);
  if (head.subarray(0, 7).equals(PMTILES_MAGIC)) {
    if (head[7] !== 3) {
      await handle.close();
      throw new GoldenHourError('invalid-input', `${path} is a PMTiles file of version ${head[7]}; expected version 3 (convert it with \`pmtiles convert\`)`);
    }
    return openPmtiles(path, handle);
  }
  await handle.close();
  if (head.equals(SQLITE_MAGIC)) return openMbtiles(path);
  throw new GoldenHourError('invalid-input', `Expected a PMTiles or MBTiles map file but ${path} is neither`);
}
