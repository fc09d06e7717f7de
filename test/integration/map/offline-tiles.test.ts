import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openOfflineTiles } from '../../../src/map/offline-tiles.js';
import { writeStreetMbtiles } from '../../support/offline-map-fixture.js';
import { writePmtiles } from '../../support/pmtiles-writer.js';
import { makeTempDir } from '../../support/temp-dir.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('offline map files (PMTiles and MBTiles), read by the core', () => {
  const dir = makeTempDir('goldenhour-offline-map-');
  afterAll(() => dir.remove());

  it('reads an MBTiles file of PNG tiles in XYZ numbering (the file stores TMS rows)', async () => {
    const path = join(dir.path, 'streets.mbtiles');
    await writeStreetMbtiles(path, { lat: 50.2996, lon: 14.8203 }, 0.01, [14]);
    const tiles = await openOfflineTiles(path);
    expect(tiles.info).toMatchObject({ container: 'mbtiles', kind: 'raster', format: 'png', minZoom: 14, maxZoom: 14, name: 'Test streets', attribution: 'Drawn by the test' });
    // 50.2996 N, 14.8203 E is tile 14/8866/5535 (XYZ); MBTiles keeps it at row 2^14 - 1 - 5535.
    expect((await tiles.tile(14, 8866, 5535))?.subarray(0, 4)).toEqual(PNG_MAGIC);
    expect(await tiles.tile(14, 8866, 2 ** 14 - 1 - 5535)).toBeNull();
    await tiles.close();
  });

  it('unzips gzipped vector tiles and names their layers, refusing a bomb', async () => {
    const path = join(dir.path, 'vector.mbtiles');
    const db = new Database(path);
    db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)');
    db.prepare('INSERT INTO metadata VALUES (?, ?)').run('format', 'pbf');
    db.prepare('INSERT INTO metadata VALUES (?, ?)').run('json', JSON.stringify({ vector_layers: [{ id: 'transportation' }, { id: 'place' }] }));
    db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(1, 0, 1, gzipSync(Buffer.from('vector tile bytes')));
    db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(1, 1, 1, gzipSync(Buffer.alloc(64 * 1024 * 1024)));
    db.close();
    const tiles = await openOfflineTiles(path);
    expect(tiles.info).toMatchObject({ kind: 'vector', format: 'pbf', vectorLayers: ['transportation', 'place'] });
    expect((await tiles.tile(1, 0, 0))?.toString()).toBe('vector tile bytes');
    await expect(tiles.tile(1, 1, 0)).rejects.toThrow(/A tile of the offline map is damaged or too large once unpacked/);
    await tiles.close();
  });

  it('reads a PMTiles (version 3) archive', async () => {
    const path = join(dir.path, 'area.pmtiles');
    const png = Buffer.concat([PNG_MAGIC, Buffer.from('rest of a tile')]);
    writePmtiles(path, [{ z: 2, x: 2, y: 1, data: png }, { z: 3, x: 4, y: 2, data: Buffer.from('other') }], {
      tileType: 2, bounds: [0, 0, 90, 66], metadata: { name: 'Area', attribution: '© OpenStreetMap' },
    });
    const tiles = await openOfflineTiles(path);
    expect(tiles.info).toMatchObject({ container: 'pmtiles', kind: 'raster', format: 'png', minZoom: 2, maxZoom: 3, name: 'Area', attribution: '© OpenStreetMap', bounds: [0, 0, 90, 66] });
    expect(await tiles.tile(2, 2, 1)).toEqual(png);
    expect((await tiles.tile(3, 4, 2))?.toString()).toBe('other');
    expect(await tiles.tile(2, 1, 1)).toBeNull();
    await tiles.close();
  });

  it('refuses what is not a map file, saying what it is not', async () => {
    const text = join(dir.path, 'notes.mbtiles');
    writeFileSync(text, 'just some notes');
    await expect(openOfflineTiles(text)).rejects.toThrow(`Expected a PMTiles or MBTiles map file but ${text} is neither`);
    await expect(openOfflineTiles(join(dir.path, 'none.pmtiles'))).rejects.toThrow(`There is no file at ${join(dir.path, 'none.pmtiles')}`);
    const sqlite = join(dir.path, 'other.sqlite');
    new Database(sqlite).exec('CREATE TABLE t (a)').close();
    await expect(openOfflineTiles(sqlite)).rejects.toThrow(/is a SQLite file but not a readable MBTiles map \(it needs a tiles table\)/);
    const oldPm = join(dir.path, 'old.pmtiles');
    writeFileSync(oldPm, Buffer.concat([Buffer.from('PMTiles', 'latin1'), Buffer.from([2]), Buffer.alloc(200)]));
    await expect(openOfflineTiles(oldPm)).rejects.toThrow(/PMTiles file of version 2; expected version 3/);
  });
});
