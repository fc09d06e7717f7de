import { writeFileSync } from 'node:fs';
import { zxyToTileId } from 'pmtiles';

function varints(values: number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return out;
}

/**
 * Writes a PMTiles version 3 archive as the specification lays it out (header, one root
 * directory, JSON metadata, tile data; nothing compressed), so the app's reader is tested against
 * a real file rather than the library's own writer (the `pmtiles` package only reads).
 */
export function writePmtiles(path: string, tiles: { z: number; x: number; y: number; data: Buffer }[], options: { tileType: number; bounds: [number, number, number, number]; metadata: object }): void {
  const entries = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  let offset = 0;
  const placed = entries.map((e) => {
    const at = offset;
    offset += e.data.length;
    return { ...e, offset: at };
  });
  const dir = Buffer.from(varints([
    placed.length,
    ...placed.map((e, i) => e.id - (i === 0 ? 0 : placed[i - 1]!.id)),
    ...placed.map(() => 1),
    ...placed.map((e) => e.data.length),
    ...placed.map((e) => e.offset + 1),
  ]));
  const metadata = Buffer.from(JSON.stringify(options.metadata));
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => header.writeBigUInt64LE(BigInt(v), at);
  u64(8, 127); u64(16, dir.length);
  u64(24, 127 + dir.length); u64(32, metadata.length);
  u64(40, 127 + dir.length + metadata.length); u64(48, 0);
  u64(56, 127 + dir.length + metadata.length); u64(64, offset);
  u64(72, placed.length); u64(80, placed.length); u64(88, placed.length);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(options.tileType, 99);
  const zooms = tiles.map((t) => t.z);
  header.writeUInt8(Math.min(...zooms), 100);
  header.writeUInt8(Math.max(...zooms), 101);
  const [w, s, e, n] = options.bounds;
  [w, s, e, n].forEach((v, i) => header.writeInt32LE(Math.round(v * 1e7), 102 + i * 4));
  header.writeUInt8(Math.min(...zooms), 118);
  header.writeInt32LE(Math.round(((w + e) / 2) * 1e7), 119);
  header.writeInt32LE(Math.round(((s + n) / 2) * 1e7), 123);
  writeFileSync(path, Buffer.concat([header, dir, metadata, ...placed.map((p) => p.data)]));
}
