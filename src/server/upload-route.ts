import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, linkSync, mkdirSync, renameSync, rmSync, statfsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { REVIEW_UPLOAD_LIMIT_BYTES } from '../api/contract/bundle.js';
import { errorMessage } from '../util/errors.js';

const BATCH_PATTERN = /^[a-z0-9-]{8,64}$/;

/** One path part of an uploaded name, without control characters, at most 200 characters. */
function cleanPart(part: string): string {
  return [...part].filter((ch) => ch.charCodeAt(0) >= 0x20).join('').trim().slice(0, 200);
}

/**
 * `POST /api/upload?batch=ID&name=NAME`: in browser mode a dropped file has no path the server
 * can read, so the page streams it here first. It lands in `<folder>/<batch>/` (never buffered whole
 * in memory; the folder is `<data>/uploads/`, on a team server the user's own folder in it) and is
 * then imported from there with `items.ingest` like any file.
 */
export async function receiveUpload(folder: string, url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const batch = url.searchParams.get('batch') ?? randomUUID();
  const rawName = url.searchParams.get('name') ?? '';
  // A dropped folder keeps its inner paths (a/b/c.jpg); each part is cleaned and none may climb out.
  const parts = rawName.replace(/\\/g, '/').split('/').map(cleanPart).filter((part) => part !== '' && part !== '.');
  const name = parts.join('/');
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  if (!BATCH_PATTERN.test(batch)) return reply(400, { ok: false, error: { code: 'invalid-input', message: `Expected batch to be 8-64 characters a-z, 0-9 or - but received ${JSON.stringify(batch.slice(0, 80))}` } });
  if (parts.length === 0 || parts.length > 32 || parts.includes('..')) return reply(400, { ok: false, error: { code: 'invalid-input', message: `Expected name to be a file name but received ${JSON.stringify(rawName.slice(0, 80))}` } });
  const path = join(folder, batch, ...parts);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Received under a temporary name and hashed as it arrives: an interrupted upload never leaves a
  // cut-short file under the real name, and sending the same file again (a resumed push, an
  // import run twice) finds it there and is answered with it; other bytes under that name are refused.
  const partial = `${path}.${randomUUID()}.part`;
  const hash = createHash('sha256');
  const hashing = new Transform({ transform(chunk: Buffer, _encoding, done) { hash.update(chunk); done(null, chunk); } });
  try {
    await pipeline(request, hashing, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    const sha256 = hash.digest('hex');
    try {
      linkSync(partial, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if ((await sha256Of(path)) !== sha256) throw new Error(`another file was already received as ${name} in this batch`);
    }
    reply(200, { ok: true, value: { path, sha256 } });
  } catch (error) {
    reply(409, { ok: false, error: { code: 'conflict', message: `Could not receive ${name}: ${errorMessage(error)}` } });
  } finally {
    rmSync(partial, { force: true });
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const gb = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);

/** Answers an upload with an error without reading the rest of its body: the connection closes once the answer is sent. */
export function refuseUpload(request: IncomingMessage, response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
  response.end(JSON.stringify({ ok: false, error: { code, message } }));
  response.once('finish', () => request.destroy());
}

/** Stops a stream past `limit` bytes. */
class TooLarge extends Error {}

/**
 * `POST /api/upload-bundle`: a bundle chosen in the review screen in browser mode, streamed to
 * `<folder>/<sha256>.zip` (never held whole in memory) and answered with that path, which
 * `bundle.open` then reads in place. The same bundle sent again lands on the same file. Refused
 * before a byte is written when it is larger than `maxBytes` or than the free space; a body
 * that runs past the limit anyway is cut off, and nothing of it is kept.
 */
export async function receiveBundleUpload(folder: string, request: IncomingMessage, response: ServerResponse, maxBytes = REVIEW_UPLOAD_LIMIT_BYTES): Promise<void> {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  const refuse = (status: number, code: string, message: string) => refuseUpload(request, response, status, code, message);
  const tooLarge = (size: string) => `This file is ${size}; bundles up to ${gb(maxBytes)} can be opened for review in the browser. Open it in the Golden Hour desktop app, which reads a bundle where it is.`;
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return refuse(413, 'invalid-input', tooLarge(gb(declared)));
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const free = freeBytes(folder);
  if (Number.isFinite(declared) && free !== null && declared > free) {
    return refuse(507, 'unavailable', `This file is ${gb(declared)} but the disk holding Golden Hour's data folder has ${gb(free)} free: it was not copied. Free some space and choose it again.`);
  }
  const partial = join(folder, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(request, counting, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    if (Number.isFinite(declared) && size !== declared) throw new Error('cut short');
    const sha256 = hash.digest('hex');
    // Named by its content: the same bundle chosen again replaces its earlier copy (whatever became of it) in one step.
    const path = join(folder, `${sha256}.zip`);
    renameSync(partial, path);
    reply(200, { ok: true, value: { path, sha256, size } });
  } catch (error) {
    if (error instanceof TooLarge) refuse(413, 'invalid-input', tooLarge(`larger than ${gb(maxBytes)}`));
    else if (isDiskFull(error)) refuse(507, 'unavailable', "The disk holding Golden Hour's data folder filled up while the bundle was copied: nothing of it was kept. Free some space and choose it again.");
    else if (!response.headersSent) refuse(400, 'invalid-input', 'The upload stopped before the whole file arrived (the connection was closed or the file could not be read): nothing of it was kept. Choose the file again.');
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Bytes free for this user where `folder` is, or null when it cannot be told. */
function freeBytes(folder: string): number | null {
  try {
    const info = statfsSync(folder);
    return Number(info.bavail) * Number(info.bsize);
  } catch {
    return null;
  }
}

function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
