import { deflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

/** One entry of a hand-made zip; every field can lie, which is the point. */
export interface RawEntry {
  name: string;
  data: Buffer;
  /** Deflate the data (method 8) instead of storing it. */
  deflate?: boolean;
  /** Uncompressed size written in the headers (defaults to the real one). */
  declaredSize?: number;
  /** Unix mode for the external attributes (e.g. 0o120777 for a symbolic link). */
  unixMode?: number;
  /** Point the central directory at another entry's local header (overlap). */
  reuseOffsetOf?: number;
  /** A different name in the local header than in the central directory. */
  localName?: string;
  /** A CRC-32 other than the content's. */
  crc?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Writes a zip byte by byte, so tests can make what archiver refuses to: names with `..` or a
 * leading `/`, links, duplicate names, sizes that lie, overlapping entries.
 */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((entry) => {
    const name = Buffer.from(entry.name, 'utf8');
    const localName = Buffer.from(entry.localName ?? entry.name, 'utf8');
    const body = entry.deflate ? deflateRawSync(entry.data) : entry.data;
    const size = entry.declaredSize ?? entry.data.length;
    const crc = entry.crc ?? crc32(entry.data);
    const method = entry.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0x00210000, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(localName.length, 26);
    offsets.push(offset);
    locals.push(local, localName, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(entry.reuseOffsetOf !== undefined ? (offsets[entry.reuseOffsetOf] as number) : offset, 42);
    centrals.push(central, name);
    offset += 30 + localName.length + body.length;
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Reads every entry of a (trusted, test-made) zip into memory, in order. */
export function readZipEntries(path: string): Promise<{ name: string; data: Buffer; stored: boolean; time: number }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const out: { name: string; data: Buffer; stored: boolean; time: number }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks), stored: entry.compressionMethod === 0, time: entry.lastModFileTime + entry.lastModFileDate * 65536 });
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** A copy of a bundle with its entries changed (null drops one), written as a plain stored zip. */
export async function rewriteZip(path: string, change: (name: string, data: Buffer) => Buffer | null, extra: RawEntry[] = []): Promise<Buffer> {
  const entries = await readZipEntries(path);
  const kept: RawEntry[] = [];
  for (const entry of entries) {
    const data = change(entry.name, entry.data);
    if (data !== null) kept.push({ name: entry.name, data, deflate: !entry.stored });
  }
  return rawZip([...kept, ...extra]);
}
