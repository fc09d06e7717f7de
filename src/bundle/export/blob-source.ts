import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Vault } from '../../vault/vault.js';
import type { PlannedBlob } from './bundle-plan.js';

/** Blobs up to this size are read whole (and ahead); larger ones stream. */
const SMALL_BLOB_BYTES = 2 * 1024 * 1024;
/** How much may be read ahead at once, and how many blobs. */
const AHEAD_BYTES = 16 * 1024 * 1024;
const AHEAD_COUNT = 32;
const STREAM_CHUNK_BYTES = 1024 * 1024;

/**
 * The vault blobs of an export, in zip order. A case of thousands of small photos would
 * otherwise wait on open, read and close of each file in turn: small blobs are read whole, a
 * few ahead on libuv's thread pool while the zip writes the current one (bounded: at most
 * {@link AHEAD_BYTES}); large blobs stream in 1 MB chunks. Every byte is still hashed by the
 * zip writer as it goes in, against the blob's name.
 */
export class BlobSource {
  private readonly ahead = new Map<number, Promise<Buffer>>();
  private aheadBytes = 0;

  constructor(private readonly vault: Vault, private readonly blobs: PlannedBlob[]) {}

  private isSmall(index: number): boolean {
    return (this.blobs[index]?.size ?? Infinity) <= SMALL_BLOB_BYTES;
  }

  private readAhead(from: number): void {
    for (let index = from; index < this.blobs.length && index < from + AHEAD_COUNT; index += 1) {
      if (this.ahead.has(index)) continue;
      const blob = this.blobs[index] as PlannedBlob;
      if (!this.isSmall(index) || this.aheadBytes + blob.size > AHEAD_BYTES) break;
      const read = readFile(this.vault.pathOf(blob.sha256));
      read.catch(() => undefined); // consumed (and its error reported) by take(); not unhandled meanwhile
      this.ahead.set(index, read);
      this.aheadBytes += blob.size;
    }
  }

  /** Blob `index`'s content: its bytes when small, else a stream. Call in order. */
  async take(index: number): Promise<Buffer | NodeJS.ReadableStream> {
    const blob = this.blobs[index] as PlannedBlob;
    let pending = this.ahead.get(index);
    if (pending) {
      this.ahead.delete(index);
      this.aheadBytes -= blob.size;
    } else if (this.isSmall(index)) {
      pending = readFile(this.vault.pathOf(blob.sha256));
    }
    this.readAhead(index + 1);
    if (pending) return pending;
    return createReadStream(this.vault.pathOf(blob.sha256), { highWaterMark: STREAM_CHUNK_BYTES });
  }
}
