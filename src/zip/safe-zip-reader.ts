import { close, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import yauzl from 'yauzl';

/** Limits that keep a hostile zip from exhausting memory, disk or time. */
export const ZIP_LIMITS = {
  /** More entries than this and the zip is refused outright. */
  maxEntries: 1_000_000,
  /** Deflate cannot shrink data more than about 1032:1; a larger claimed ratio is forged. */
  maxRatio: 1100,
  /** Above this size, a deflated entry compressing more than `suspectRatio`:1 is treated as a bomb. */
  suspectSize: 64 * 1024 * 1024,
  suspectRatio: 200,
} as const;

/** One central-directory entry, described without trusting it. */
export interface ZipEntryInfo {
  name: string;
  index: number;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  offset: number;
  /** CRC-32 the central directory gives for the content. */
  crc32: number;
  isDirectory: boolean;
  /** Why this entry must not be read (unsafe path, link, encryption, bomb), or null. */
  refusal: string | null;
  entry: yauzl.Entry;
}

/** Why a name is unsafe to use as a path, or null when it is a plain relative path. */
export function unsafeNameReason(name: string): string | null {
  if (name === '') return 'empty entry name';
  if (name.includes('\0')) return 'entry name contains a NUL byte';
  if (name.includes('\\')) return 'entry name contains a backslash (a Windows path separator)';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'absolute path: the entry would be written outside the folder it is extracted to';
  if (name.split('/').includes('..')) return "path with '..': the entry would be written outside the folder it is extracted to (zip slip)";
  return null;
}

/**
 * Why an entry of a zip someone else made must not be read, or null: an unsafe name, a link,
 * encryption, an unknown compression method, a ratio only a bomb has, or sizes that disagree.
 * The one set of rules for every zip Golden Hour reads (bundles, WACZ files).
 */
export function zipEntryRefusal(entry: yauzl.Entry, name: string): string | null {
  const unsafe = unsafeNameReason(name);
  if (unsafe) return unsafe;
  const unixMode = (entry.externalFileAttributes >>> 16) & 0o170000;
  if (unixMode === 0o120000) return 'symbolic link entry: links are refused (they can point anywhere on the machine)';
  if (entry.isEncrypted()) return 'encrypted entry: a bundle is never encrypted';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) return `unsupported compression method ${entry.compressionMethod}`;
  if (entry.compressionMethod === 8 && entry.uncompressedSize > 0) {
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (ratio > ZIP_LIMITS.maxRatio) return `zip bomb: declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed (ratio ${Math.round(ratio)}:1 is beyond what deflate can do)`;
    if (entry.uncompressedSize > ZIP_LIMITS.suspectSize && ratio > ZIP_LIMITS.suspectRatio) return `zip bomb suspected: ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed (ratio ${Math.round(ratio)}:1)`;
  }
  if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) return `stored entry whose sizes disagree (${entry.compressedSize} stored, ${entry.uncompressedSize} declared)`;
  return null;
}

/** Counts bytes and fails past a limit, whatever the entry declared. */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(new Error(`inflates beyond ${this.limit} bytes`));
    else callback(null, chunk);
  }
}

const WINDOW_BYTES = 4 * 1024 * 1024;
/** A header-sized read loads this much: enough for the next few small entries, little waste before a large one. */
const SMALL_WINDOW_BYTES = 64 * 1024;

/** An entry whose local header contradicts the central directory. */
export class LocalHeaderMismatch extends Error {}
const readAsync = promisify(read);

/**
 * Bytes `start` to `end` (exclusive) of an open file, in 1 MB reads. Not fs.createReadStream:
 * destroying one of those closes the descriptor even with `autoClose: false`, and the
 * descriptor is shared by every entry of the zip.
 */
function fdRangeStream(fd: number, start: number, end: number): Readable {
  let position = start;
  return new Readable({
    highWaterMark: 1024 * 1024,
    read() {
      const length = Math.min(1024 * 1024, end - position);
      if (length <= 0) {
        this.push(null);
        return;
      }
      const buffer = Buffer.allocUnsafe(length);
      read(fd, buffer, 0, length, position, (error, bytesRead) => {
        if (error) this.destroy(error);
        else if (bytesRead === 0) this.destroy(new Error(`the file ends at ${position}, before the entry does (truncated)`));
        else {
          position += bytesRead;
          this.push(bytesRead < length ? buffer.subarray(0, bytesRead) : buffer);
        }
      });
    },
  });
}

/**
 * yauzl's view of the file: small reads (headers, small entries, which come in file order) are
 * served from one 4 MB window read in a single call, large ranges stream straight from the file.
 * A bundle of thousands of small files then costs a few hundred reads, not several per entry.
 */
class WindowedFileReader extends yauzl.RandomAccessReader {
  private window: { start: number; bytes: Buffer } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly fd: number, private readonly size: number) {
    super();
  }

  /** `length` bytes at `start` (fewer at the end of the file). */
  readAt(start: number, length: number): Promise<Buffer> {
    const next = this.queue.then(async () => {
      const end = Math.min(start + length, this.size);
      const w = this.window;
      if (!w || start < w.start || end > w.start + w.bytes.length) {
        const wanted = Math.max(end - start, end - start < 4096 ? SMALL_WINDOW_BYTES : WINDOW_BYTES);
        const bytes = Buffer.allocUnsafe(Math.max(Math.min(wanted, this.size - start), 0));
        const { bytesRead } = await readAsync(this.fd, bytes, 0, bytes.length, start);
        this.window = { start, bytes: bytes.subarray(0, bytesRead) };
      }
      const current = this.window as { start: number; bytes: Buffer };
      return current.bytes.subarray(start - current.start, Math.min(end, current.start + current.bytes.length) - current.start);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (end - start > WINDOW_BYTES / 2) return fdRangeStream(this.fd, start, end);
    const out = new PassThrough();
    // A view of the window, not a copy: a window is replaced when it moves on, never written to.
    this.readAt(start, end - start).then((bytes) => out.end(bytes), (error: Error) => out.destroy(error));
    return out;
  }

  override close(callback: (error: Error | null) => void): void {
    close(this.fd, (error) => callback(error ?? null));
  }
}

/**
 * A zip opened for checking, never for extraction: names are read raw (so a hostile name is
 * reported rather than aborting the read), every entry is judged before any is opened, and an
 * entry's content only ever streams into memory-bounded consumers.
 */
export class SafeZipReader {
  private constructor(private readonly zip: yauzl.ZipFile, private readonly reader: WindowedFileReader, readonly entries: ZipEntryInfo[], readonly structureProblems: string[]) {}

  /** Opens a zip and reads its central directory; rejects with a readable message when it is not a zip. */
  static async open(path: string): Promise<SafeZipReader> {
    const fd = await promisify(open)(path, 'r');
    let size: number;
    try {
      size = (await promisify(fstat)(fd)).size;
    } catch (error) {
      close(fd, () => undefined);
      throw error;
    }
    const reader = new WindowedFileReader(fd, size);
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, file) => {
        if (error) {
          close(fd, () => undefined);
          reject(error);
        } else resolve(file);
      });
    });
    if (zip.entryCount > ZIP_LIMITS.maxEntries) {
      zip.close();
      throw new Error(`the zip declares ${zip.entryCount} entries (limit ${ZIP_LIMITS.maxEntries})`);
    }
    try {
      const entries = await readCentralDirectory(zip);
      return new SafeZipReader(zip, reader, entries, overlapProblems(entries));
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** The content of an entry, stopped after `limit` bytes (and at the size the entry declares). */
  async openEntry(info: ZipEntryInfo, limit: number): Promise<Readable> {
    if (info.refusal) throw new Error(info.refusal);
    const mismatch = await this.localHeaderMismatch(info);
    if (mismatch) {
      info.refusal = mismatch;
      throw new LocalHeaderMismatch(mismatch);
    }
    const stream = await new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(info.entry, (error, readable) => (error ? reject(error) : resolve(readable)));
    });
    const limited = new ByteLimit(limit);
    stream.on('error', (error) => limited.destroy(error));
    return stream.pipe(limited);
  }

  /**
   * The entry's local header must agree with the central directory: tools that read one or the
   * other (streaming unzippers read local headers) would otherwise extract different files from
   * the same zip. Checked as each entry is opened, from the same window its data is read through.
   */
  private async localHeaderMismatch(info: ZipEntryInfo): Promise<string | null> {
    const raw = info.entry.fileName as unknown as Buffer;
    const header = await this.reader.readAt(info.offset, 30 + raw.length);
    if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) return 'no local header where the central directory points (damaged or forged zip)';
    const nameLength = header.readUInt16LE(26);
    // Only a disagreeing entry costs a second read, to name what the local header says.
    const localName = nameLength === raw.length ? header.subarray(30, 30 + nameLength) : await this.reader.readAt(info.offset + 30, nameLength);
    if (!localName.equals(raw)) return `the local header names it ${JSON.stringify(localName.toString('utf8'))}: the zip says two different things about this entry`;
    if (header.readUInt16LE(8) !== info.compressionMethod) return 'the local header and the central directory disagree on the compression method';
    return null;
  }

  /** Reads a (small) entry whole. */
  async readEntry(info: ZipEntryInfo, limit: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openEntry(info, limit)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  close(): void {
    this.zip.close();
  }
}

function readCentralDirectory(zip: yauzl.ZipFile): Promise<ZipEntryInfo[]> {
  return new Promise((resolve, reject) => {
    const entries: ZipEntryInfo[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      const raw = entry.fileName as unknown as Buffer;
      // Bit 11 says UTF-8; otherwise CP437, whose printable ASCII range is the same.
      const name = (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
      entries.push({ name, index: entries.length, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize,
        compressionMethod: entry.compressionMethod, offset: entry.relativeOffsetOfLocalHeader, crc32: entry.crc32, isDirectory: name.endsWith('/'),
        refusal: zipEntryRefusal(entry, name), entry });
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Entries whose data overlap (the "non-recursive zip bomb" reuses one compressed block many times). */
function overlapProblems(entries: ZipEntryInfo[]): string[] {
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  const problems: string[] = [];
  for (let i = 1; i < sorted.length; i += 1) {
    const before = sorted[i - 1] as ZipEntryInfo;
    const current = sorted[i] as ZipEntryInfo;
    if (before.offset + 30 + before.compressedSize > current.offset) {
      problems.push(`entries ${JSON.stringify(before.name)} and ${JSON.stringify(current.name)} overlap in the file (a zip bomb reuses data this way)`);
      before.refusal ??= 'overlaps another entry (zip bomb)';
      current.refusal ??= 'overlaps another entry (zip bomb)';
    }
  }
  return problems;
}
