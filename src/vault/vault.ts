import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { GoldenHourError } from '../util/errors.js';
import { diskFullError, isDiskFull } from '../util/disk-full.js';

/** What storing one blob produced. */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first bytes of the content (up to {@link HEAD_BYTES}), kept for type sniffing. */
  head: Buffer;
  /** False when identical content was already in the vault (it is stored once). */
  created: boolean;
  /**
   * For a file read from disk: set when its size or modification time at the end of the read
   * differ from those at its start (it was written to while it was read). What was stored is
   * exactly the bytes read; these say what was seen.
   */
  changedDuringRead?: ReadChange;
}

/** A file's size and modification time at the start and end of the one read that stored it. */
export interface ReadChange {
  atStart: { size: number; mtime: string };
  atEnd: { size: number; mtime: string };
  bytesRead: number;
}

/** How many leading bytes `put` keeps for media type sniffing. */
export const HEAD_BYTES = 64 * 1024;

/** Blobs up to this size are re-hashed before they are first served; larger ones in the background. */
export const SERVE_CHECK_MAX_BYTES = 256 * 1024 * 1024;

/** Whether a blob may be served: `checked: false` when it is served while its check runs. */
export type ServeCheck = { ok: true; checked: boolean } | { ok: false; checked: true; problem: string };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The evidence vault: content-addressed, write-once blob storage. Each blob is hashed while it
 * streams in (never read twice), written to a temporary file, fsynced, made read-only and then
 * linked into place under its SHA-256, so a crash leaves either the whole blob or none of it.
 */
export class Vault {
  private readonly tmpDir: string;
  /** Blobs re-hashed for serving, by the identity of their file when they were (see {@link checkBeforeServing}). */
  private readonly servedChecks = new Map<string, { identity: string; verdict: ServeCheck }>();

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  /** The path a blob lives at: `vault/sha256/ab/cd/abcd...`. */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) {
      throw new GoldenHourError('invalid-input', `Expected a lowercase hex SHA-256 but received ${JSON.stringify(sha256)}`);
    }
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Stores a file from disk, read in 1 MiB chunks into one buffer that is reused: each chunk is
   * hashed and written before the next is read, so a file of any size makes 1 MiB of garbage.
   */
  async putFile(path: string | Buffer, shownAs: string = path.toString()): Promise<StoredBlob> {
    const seen: { change?: ReadChange } = {};
    try {
      const stored = await this.putStream(readChunks(path, seen));
      return seen.change ? { ...stored, changedDuringRead: seen.change } : stored;
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      const size = await stat(path).then((info) => info.size, () => null);
      throw diskFullError(this.root, size, `the file ${shownAs}`);
    }
  }

  /** Stores bytes held in memory (small artifacts such as capture records). */
  putBuffer(bytes: Uint8Array | string): Promise<StoredBlob> {
    return this.putStream(Readable.from([Buffer.from(bytes)]));
  }

  /**
   * Stores a stream, hashing it on the way through; memory stays flat whatever its size. Each
   * chunk is done with (hashed, written, its head copied) before the next is asked for.
   */
  async putStream(source: AsyncIterable<Buffer | string>): Promise<StoredBlob> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    const tmpPath = join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const handle = await open(tmpPath, 'wx', 0o600);
    try {
      // One pass: each chunk is hashed, its head kept for sniffing, and written; awaiting each
      // write is the back-pressure that keeps memory flat for a file of any size.
      for await (const piece of source) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
        hash.update(chunk);
        size += chunk.length;
        if (headLength < HEAD_BYTES) {
          const slice = chunk.subarray(0, HEAD_BYTES - headLength);
          headChunks.push(Buffer.from(slice));
          headLength += slice.length;
        }
        let offset = 0;
        while (offset < chunk.length) offset += (await handle.write(chunk, offset, chunk.length - offset)).bytesWritten;
      }
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
      throw error;
    }
    await handle.close();
    const sha256 = hash.digest('hex');
    const created = await this.commit(tmpPath, sha256);
    return { sha256, size, head: Buffer.concat(headChunks), created };
  }

  /** Moves a finished temporary file into place, unless identical content is already there. */
  private async commit(tmpPath: string, sha256: string): Promise<boolean> {
    const finalPath = this.pathOf(sha256);
    await mkdir(dirname(finalPath), { recursive: true, mode: 0o700 });
    // Owner read-only: evidence at rest is for this user alone, and never written again.
    await chmod(tmpPath, 0o400);
    let created = true;
    try {
      // link() never replaces an existing file, so a stored blob is never overwritten.
      await link(tmpPath, finalPath);
      await unlink(tmpPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        created = false;
        await unlink(tmpPath);
      } else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'ENOSYS') {
        // File systems without hard links (FAT, some network shares): rename, which is still atomic.
        if (await this.has(sha256)) {
          created = false;
          await unlink(tmpPath);
        } else {
          await rename(tmpPath, finalPath);
        }
      } else {
        throw error;
      }
    }
    await syncDirectory(dirname(finalPath));
    return created;
  }

  /** Whether a blob is present (not whether it is intact: see {@link rehash}). */
  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  /** Reads a blob as a stream. */
  openRead(sha256: string, options?: { start?: number; end?: number }): NodeJS.ReadableStream {
    return createReadStream(this.pathOf(sha256), options);
  }

  /**
   * Re-hashes a stored blob from disk: its actual SHA-256 and size, or `missing`.
   * Used by verification to catch changed, missing or extra bytes.
   */
  async rehash(sha256: string): Promise<{ state: 'missing' } | { state: 'present'; sha256: string; size: number }> {
    const path = this.pathOf(sha256);
    try {
      await stat(path);
    } catch {
      return { state: 'missing' };
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { state: 'present', sha256: hash.digest('hex'), size };
  }

  /**
   * Checks a blob before a door serves it. A blob up to {@link SERVE_CHECK_MAX_BYTES} is
   * re-hashed before its first byte goes out; a larger one (a long video, where hashing first
   * would hold playback back for seconds) is served at once with `checked: false` and hashed in
   * the background, and refused from then on if it does not match. A verdict is kept while the
   * file's inode, size and change time stay the same (ctime cannot be set back by a user), so
   * showing the same picture again costs a stat, not a hash.
   */
  async checkBeforeServing(sha256: string): Promise<ServeCheck> {
    const path = this.pathOf(sha256);
    let info;
    try {
      info = await stat(path);
    } catch {
      return { ok: false, checked: true, problem: `blob ${sha256} is missing from the vault` };
    }
    const identity = `${info.dev}:${info.ino}:${info.size}:${info.ctimeMs}:${info.mtimeMs}`;
    const known = this.servedChecks.get(sha256);
    if (known && known.identity === identity) return known.verdict;
    const judge = async (): Promise<ServeCheck> => {
      const found = await this.rehash(sha256);
      const verdict: ServeCheck = found.state === 'present' && found.sha256 === sha256
        ? { ok: true, checked: true }
        : { ok: false, checked: true, problem: `blob ${sha256} in the vault no longer matches its SHA-256: it was changed on disk (run custody --verify)` };
      this.servedChecks.set(sha256, { identity, verdict });
      return verdict;
    };
    if (info.size <= SERVE_CHECK_MAX_BYTES) return judge();
    void judge().catch(() => undefined);
    return { ok: true, checked: false };
  }

  /**
   * Every file under `vault/sha256/`, by its path relative to the vault, with the SHA-256 its
   * place names (null when the file is not where a blob of that name would live). Used to find
   * files planted in the vault that no item names.
   */
  async *listStored(): AsyncGenerator<{ path: string; sha256: string | null }> {
    const base = join(this.root, 'sha256');
    const walk = async function* (dir: string, parts: string[]): AsyncGenerator<{ path: string; sha256: string | null }> {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const here = [...parts, entry.name];
        if (entry.isDirectory()) yield* walk(join(dir, entry.name), here);
        else {
          const [a, b, name] = here;
          const placed = here.length === 3 && name !== undefined && SHA256_HEX.test(name) && a === name.slice(0, 2) && b === name.slice(2, 4);
          yield { path: ['sha256', ...here].join('/'), sha256: placed ? (name ?? null) : null };
        }
      }
    };
    yield* walk(base, []);
  }

  /**
   * Removes temporary files left by an interrupted write (they were never linked into place).
   * Only files untouched for `staleMs` go, so a write under way in another process is spared.
   */
  async removeLeftovers(staleMs = 10 * 60_000): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tmpDir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.tmpDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs >= staleMs) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}

/** Read buffers no longer in use, kept for the next file (a few: one per file stored at once). */
const spareBuffers: Buffer[] = [];
const READ_CHUNK = 1024 * 1024;

/**
 * A file's bytes, 1 MiB at a time, each chunk a view of the same buffer (valid until the next).
 * The open file's size and modification time are taken before the first read and after the last:
 * a file being written to (a recording still running, a download not finished) is named in `seen`.
 */
async function* readChunks(path: string | Buffer, seen: { change?: ReadChange }): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(READ_CHUNK);
  try {
    const atStart = await handle.stat();
    let bytesRead = 0;
    for (;;) {
      const read = await handle.read(buffer, 0, buffer.length, null);
      if (read.bytesRead === 0) break;
      bytesRead += read.bytesRead;
      yield buffer.subarray(0, read.bytesRead);
    }
    const atEnd = await handle.stat();
    if (atStart.size !== atEnd.size || atStart.mtimeMs !== atEnd.mtimeMs || bytesRead !== atStart.size) {
      const when = (info: typeof atStart) => ({ size: info.size, mtime: info.mtime.toISOString() });
      seen.change = { atStart: when(atStart), atEnd: when(atEnd), bytesRead };
    }
  } finally {
    if (spareBuffers.length < 8) spareBuffers.push(buffer);
    await handle.close();
  }
}

/** fsync a directory so a rename or link into it survives power loss (a no-op where unsupported). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
