import archiver from 'archiver';
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, fdatasync, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { FIXED_ENTRY_DATE } from '../format/layout.js';
import { sha256Hex } from '../../util/canonical-json.js';

const SYNC_EVERY_BYTES = 64 * 1024 * 1024;

/** A pass-through that hashes and counts what flows through it. */
export class HashingTap extends Transform {
  readonly hash: Hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }
}

/** What was written for one entry or for the whole zip. */
export interface WrittenDigest {
  sha256: string;
  size: number;
}

/**
 * A deterministic zip writer over archiver: entries are added one at a time in the caller's
 * order, each with the same fixed date and mode, so the bytes depend only on the content.
 * The zip is hashed as it streams to disk (never read back), and each entry's content is
 * hashed as it streams in.
 */
export class DeterministicZipWriter {
  private readonly archive: archiver.Archiver;
  private readonly tap = new HashingTap();
  private readonly output: WriteStream;
  private failure: Error | null = null;
  private readonly done: Promise<void>;

  constructor(private readonly path: string) {
    this.archive = archiver('zip', { zlib: { level: 6 }, forceLocalTime: false, store: false });
    this.output = createWriteStream(path, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 });
    this.tap.on('data', (chunk: Buffer) => this.flushBehind(chunk.length));
    const fail = (error: Error) => {
      this.failure ??= error;
    };
    this.archive.on('warning', fail);
    this.archive.on('error', fail);
    this.tap.on('error', fail);
    this.done = new Promise((resolve, reject) => {
      this.output.on('close', resolve);
      this.output.on('error', (error) => {
        fail(error);
        reject(error);
      });
    });
    // Failures surface through addStream/finish; this keeps an early one from going unhandled.
    this.done.catch(() => undefined);
    this.archive.pipe(this.tap).pipe(this.output);
  }

  private unsynced = 0;
  private syncing = false;

  /**
   * Starts an fdatasync of what is written so far every {@link SYNC_EVERY_BYTES}, one at a time,
   * on libuv's thread pool: the disk writes while the main thread hashes the next bytes, instead
   * of all at once in the final fsync.
   */
  private flushBehind(bytes: number): void {
    this.unsynced += bytes;
    const fd = (this.output as unknown as { fd: number | null }).fd;
    if (this.syncing || this.unsynced < SYNC_EVERY_BYTES || typeof fd !== 'number') return;
    this.syncing = true;
    this.unsynced = 0;
    fdatasync(fd, () => {
      this.syncing = false;
    });
  }

  private entryDone(name: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const onEntry = (entry: { name: string }) => {
        if (entry.name !== name) return;
        cleanup();
        resolve();
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        this.archive.off('entry', onEntry);
        this.archive.off('error', onError);
        this.output.off('error', onError);
      };
      this.archive.on('entry', onEntry);
      this.archive.on('error', onError);
      this.output.on('error', onError);
    });
  }

  /** Adds a stream as the next entry (`store`: no deflate) and returns the digest of its content. */
  async addStream(name: string, source: NodeJS.ReadableStream, store: boolean): Promise<WrittenDigest> {
    if (this.failure) throw this.failure;
    const tap = new HashingTap();
    // archiver does not report an error of an entry's source: without this race a file that
    // cannot be read would leave the entry, and the export, waiting forever.
    const failed = new Promise<never>((_resolve, reject) => {
      source.once('error', reject);
      tap.once('error', reject);
    });
    source.on('error', (error) => tap.destroy(error));
    const finished = this.entryDone(name);
    this.archive.append(source.pipe(tap), { name, date: FIXED_ENTRY_DATE, mode: 0o644, store });
    await Promise.race([finished, failed]);
    if (this.failure) throw this.failure;
    return { sha256: tap.hash.digest('hex'), size: tap.size };
  }

  /** Adds bytes as the next entry. */
  async addBuffer(name: string, bytes: Buffer, store: boolean): Promise<WrittenDigest> {
    if (this.failure) throw this.failure;
    const finished = this.entryDone(name);
    this.archive.append(bytes, { name, date: FIXED_ENTRY_DATE, mode: 0o644, store });
    await finished;
    if (this.failure) throw this.failure;
    return { sha256: sha256Hex(bytes), size: bytes.length };
  }

  /** Writes the central directory, waits for the file to close and fsyncs it. */
  async finish(): Promise<WrittenDigest> {
    await this.archive.finalize();
    await this.done;
    if (this.failure) throw this.failure;
    const handle = await open(this.path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { sha256: this.tap.hash.digest('hex'), size: this.tap.size };
  }

  /** Stops writing after a failure (the caller removes the partial file). */
  async abort(): Promise<void> {
    this.archive.abort();
    this.output.destroy();
    await this.done.catch(() => undefined);
  }
}
