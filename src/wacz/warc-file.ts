import { createHash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { WarcWriter, type WarcInfo } from './warc-writer.js';

/** A file written and hashed as it was written. */
export interface WrittenFile {
  path: string;
  size: number;
  /** Hex SHA-256 of the bytes written. */
  sha256: string;
}

/** Small writes (record headers) are gathered up to this much before going to disk; a body chunk this large goes at once. */
export const WARC_FILE_BUFFER_BYTES = 1024 * 1024;

/**
 * A WARC written to disk as its records are made, hashed as it goes: a long video's segments
 * are each on disk once their exchange is added, never gathered in memory (at most
 * WARC_FILE_BUFFER_BYTES of small writes wait for the next write). `abort()` removes the file.
 */
export class WarcFile {
  private readonly hash = createHash('sha256');
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;
  /** The first write that failed: the file may hold part of a record, so it is never finished. */
  private failure: unknown = null;
  private started: WarcWriter | null = null;

  private constructor(readonly path: string, private readonly handle: FileHandle) {}

  /** Creates `path` (it must not exist) and writes the `warcinfo` record. */
  static async create(path: string, info: WarcInfo, filename: string, now: Date): Promise<WarcFile> {
    const file = new WarcFile(path, await open(path, 'wx', 0o600));
    try {
      file.started = await WarcWriter.start(info, filename, now, (bytes) => file.write(bytes));
      return file;
    } catch (error) {
      await file.abort();
      throw error;
    }
  }

  /** Adds exchanges to the file (see WarcWriter). */
  get writer(): WarcWriter {
    return this.started!;
  }

  /** Bytes waiting in memory for the next write to disk (never more than WARC_FILE_BUFFER_BYTES). */
  get buffered(): number {
    return this.pendingBytes;
  }

  private async write(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error(`${this.path} is closed`);
    try {
      await this.gather(bytes);
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
  }

  private async gather(bytes: Uint8Array): Promise<void> {
    this.hash.update(bytes);
    this.size += bytes.length;
    if (bytes.length >= WARC_FILE_BUFFER_BYTES) {
      await this.flush();
      await this.handle.write(bytes);
      return;
    }
    // warcio may reuse nothing it hands out, but a copy keeps the gathered bytes ours.
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= WARC_FILE_BUFFER_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const out = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.write(out);
  }

  /** Writes what every exchange added so far left, closes the file and returns its size and hash. */
  async finish(): Promise<WrittenFile> {
    await this.writer.drain();
    if (this.failure) throw this.failure;
    await this.flush();
    this.closed = true;
    await this.handle.close();
    return { path: this.path, size: this.size, sha256: this.hash.digest('hex') };
  }

  /** Closes and removes the file (a failed capture leaves nothing behind). */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.path, { force: true });
  }
}
