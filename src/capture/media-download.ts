import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { BrowserContext } from 'playwright-core';
import { HEAD_BYTES } from '../vault/vault.js';
import type { WrittenFile } from '../wacz/warc-file.js';
import { guardedRequest, type AddressCheck } from './guarded-request.js';
import { streamingFormat, type StreamingMedia } from './media-candidates.js';
import type { RecordedExchange } from './network-recorder.js';
import { fetchedExchange } from './streams/stream-fetcher.js';

/** How much of a media file one request asks for: what is held in memory at a time, whatever the file's size. */
export const MEDIA_RANGE_BYTES = 8 * 1024 * 1024;

/** A media file on disk, hashed as it was written, with its first bytes for sniffing. */
export interface DownloadedFile {
  file: WrittenFile;
  head: Buffer;
  /** The address that answered (after any redirects), as the WARC records it. */
  finalUrl: string;
}

export type MediaDownload = DownloadedFile | { streaming: StreamingMedia['format'] } | { skip: string };

/**
 * Fetches one media file through the page's browser context (its cookies and proxy, every
 * address judged by `allows`) into `path`, by byte ranges of MEDIA_RANGE_BYTES: each answer is
 * hashed and written to the file, and handed to `record` (the page's WARC on disk), before the
 * next is asked for, so a long video is never held whole in memory. A server that ignores Range
 * answers the first request with the whole file, as a plain GET would have. Past `maxBytes` it
 * stops: what was fetched stays in the WARC (cut at the limit and flagged truncated), the file
 * is not kept, and the reason is returned.
 */
export async function downloadMedia(context: BrowserContext, url: string, path: string, limits: { maxBytes: number; timeoutMs: number }, record: (exchange: RecordedExchange) => Promise<void>, allows: AddressCheck | null, rangeBytes = MEDIA_RANGE_BYTES): Promise<MediaDownload> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let kept = false;
  const handle = await open(path, 'wx', 0o600);
  try {
    let at = url;
    let total: number | null = null;
    while (total === null || size < total) {
      const headers = { range: `bytes=${size}-${size + rangeBytes - 1}` };
      const requestedAt = new Date();
      // Later ranges go to the address that answered the first, so each redirect hop is judged once.
      const response = await guardedRequest(context, 'GET', at, { headers, timeout: limits.timeoutMs }, allows);
      try {
        const status = response.status();
        if (status !== 200 && status !== 206) {
          await record(fetchedExchange(response, headers, requestedAt, null));
          if (size === 0) return { skip: `HTTP ${status} when fetching it` };
          throw new Error(`HTTP ${status} when asking for ${headers.range} of ${at}`);
        }
        if (size === 0) {
          at = response.url();
          const streaming = streamingFormat(url, response.headers()['content-type'] ?? '');
          if (streaming) {
            await record(fetchedExchange(response, headers, requestedAt, await response.body()));
            return { streaming };
          }
        }
        const body = await response.body();
        const range = status === 206 ? contentRange(response.headers()['content-range']) : null;
        if (status === 206 && range?.start !== size) throw new Error(`${at} answered "${response.headers()['content-range'] ?? 'no Content-Range'}" when asked for ${headers.range}`);
        if (status === 200 && size > 0) throw new Error(`${at} stopped honouring Range at byte ${size}`);
        total = status === 200 ? body.length : (range?.total ?? (body.length < rangeBytes ? size + body.length : null));
        if (total !== null && total > limits.maxBytes && size === 0 && status === 206) {
          await record(fetchedExchange(response, headers, requestedAt, body));
          return { skip: `${total} bytes, over the per-file limit of ${limits.maxBytes}` };
        }
        if (size + body.length > limits.maxBytes) {
          await record(fetchedExchange(response, headers, requestedAt, body.subarray(0, limits.maxBytes - size), 'length'));
          return { skip: `${total ?? `more than ${limits.maxBytes}`} bytes, over the per-file limit of ${limits.maxBytes}` };
        }
        if (body.length === 0) {
          if (total !== null && size < total) throw new Error(`${at} sent nothing for ${headers.range} of ${total} bytes`);
          total = size;
        }
        hash.update(body);
        if (headLength < HEAD_BYTES) {
          const slice = body.subarray(0, HEAD_BYTES - headLength);
          head.push(Buffer.from(slice));
          headLength += slice.length;
        }
        let offset = 0;
        while (offset < body.length) offset += (await handle.write(body, offset, body.length - offset)).bytesWritten;
        size += body.length;
        await record(fetchedExchange(response, headers, requestedAt, body));
      } finally {
        await response.dispose().catch(() => undefined);
      }
    }
    kept = true;
    return { file: { path, size, sha256: hash.digest('hex') }, head: Buffer.concat(head), finalUrl: at };
  } finally {
    await handle.close().catch(() => undefined);
    if (!kept) await rm(path, { force: true });
  }
}

/** `bytes 0-99/1234` → start 0, total 1234 (null for `*`). */
function contentRange(value: string | undefined): { start: number; total: number | null } | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value?.trim() ?? '');
  return match ? { start: Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) } : null;
}

/** Bytes already in memory (the page's own response) written to `path`, hashed as they are. */
export async function writeMediaFile(path: string, body: Buffer, finalUrl: string): Promise<DownloadedFile> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(body);
  } finally {
    await handle.close();
  }
  return { file: { path, size: body.length, sha256: createHash('sha256').update(body).digest('hex') }, head: body.subarray(0, HEAD_BYTES), finalUrl };
}
