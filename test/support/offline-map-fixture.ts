import Database from 'better-sqlite3';
import sharp from 'sharp';

/** The yellow of the fixture's streets: a colour nothing else on the map uses, so a test can find it on screen. */
export const FIXTURE_STREET_RGB = [255, 204, 0] as const;

function tileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}

function tileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

/** A 256 px street-map tile: blocks, yellow streets with grey casings every 128 px, and street names. */
function streetTileSvg(z: number, x: number, y: number): string {
  const streets = [64, 192].map((at, i) => `
    <rect x="0" y="${at - 9}" width="256" height="18" fill="#9ca3af"/><rect x="0" y="${at - 7}" width="256" height="14" fill="#ffcc00"/>
    <rect x="${at - 9}" y="0" width="18" height="256" fill="#9ca3af"/><rect x="${at - 7}" y="0" width="14" height="256" fill="#ffcc00"/>
    <text x="${at + 14}" y="${at - 12}" font-family="sans-serif" font-size="13" fill="#1f2937">${i === 0 ? 'Nádražní' : 'Husova'} ${x % 100}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
    <rect width="256" height="256" fill="#efe9e1"/>
    <rect x="84" y="84" width="88" height="88" fill="#d6cfc4"/><rect x="4" y="84" width="44" height="88" fill="#d6cfc4"/>
    ${streets}
    <text x="96" y="134" font-family="sans-serif" font-size="11" fill="#6b7280">${z}/${x}/${y}</text>
  </svg>`;
}

/**
 * Writes a real MBTiles file (SQLite, TMS rows) of PNG street tiles drawn with sharp, covering a
 * box round a place at the given zooms: the offline map a test points the app at.
 */
export async function writeStreetMbtiles(path: string, centre: { lat: number; lon: number }, spanDeg: number, zooms: number[]): Promise<number> {
  const db = new Database(path);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);');
  const [w, s, e, n] = [centre.lon - spanDeg, centre.lat - spanDeg, centre.lon + spanDeg, centre.lat + spanDeg];
  const meta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
  for (const [name, value] of [['name', 'Test streets'], ['format', 'png'], ['bounds', `${w},${s},${e},${n}`], ['minzoom', String(Math.min(...zooms))], ['maxzoom', String(Math.max(...zooms))], ['attribution', 'Drawn by the test']]) meta.run(name, value);
  const insert = db.prepare('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
  let count = 0;
  for (const z of zooms) {
    for (let x = tileX(w, z); x <= tileX(e, z); x++) {
      for (let y = tileY(n, z); y <= tileY(s, z); y++) {
        const png = await sharp(Buffer.from(streetTileSvg(z, x, y))).png().toBuffer();
        insert.run(z, x, 2 ** z - 1 - y, png);
        count += 1;
      }
    }
  }
  db.close();
  return count;
}
