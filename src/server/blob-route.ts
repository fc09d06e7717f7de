import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { TeamConnection } from '../api/team-connection.js';
import type { Core } from '../core.js';
import { servableBlob } from '../api/handlers/review-blob.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';

/**
 * `GET /api/blob/<sha256>`: a stored blob, read-only, by content hash. Media the app shows
 * (images, video) is served inline; anything else only as an opaque download, and every blob
 * response carries a sandboxing CSP, so captured HTML can never run on this origin. The blob is
 * re-hashed before it is served (see `Vault.checkBeforeServing`); a changed one gets 409.
 */
export async function serveBlob(core: Pick<Core, 'review' | 'vault'>, sha256: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let blob;
  try {
    blob = await servableBlob(core.review, sha256);
  } catch (error) {
    const status = error instanceof GoldenHourError && error.code === 'invalid-input' ? 400 : 404;
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`${errorMessage(error)}\n`);
    return;
  }
  const check = await core.vault.checkBeforeServing(blob.sha256);
  if (!check.ok) {
    response.writeHead(409, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`${check.problem}\n`);
    return;
  }
  const headers: Record<string, string | number> = {
    'Content-Type': blob.inline ? blob.mediaType : 'application/octet-stream',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, max-age=31536000, immutable',
    'Accept-Ranges': 'bytes',
    ETag: `"${blob.sha256}"`,
    // Large blobs are served while they are re-hashed; say so rather than imply they were checked.
    'X-Golden-Hour-Integrity': check.checked ? 'checked' : 'checking (large blob served while it is re-hashed)',
  };
  if (!blob.inline) headers['Content-Disposition'] = `attachment; filename="${blob.sha256}"`;
  const range = parseRange(request.headers.range, blob.size);
  if (range === 'invalid') {
    response.writeHead(416, { 'Content-Range': `bytes */${blob.size}` });
    response.end();
    return;
  }
  const status = range ? 206 : 200;
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${blob.size}`;
  headers['Content-Length'] = range ? range.end - range.start + 1 : blob.size;
  response.writeHead(status, headers);
  if (request.method === 'HEAD' || blob.size === 0) {
    response.end();
    return;
  }
  const stream = core.vault.openRead(blob.sha256, range ?? undefined);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

/** One `bytes=a-b` range (video seeking), null for none, 'invalid' when it cannot be met. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'invalid' : { start, end };
}

/** The headers of a team server's blob answer passed on to the page; the rest (cookies, its own policy) are not. */
const PASSED_ON = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'content-disposition', 'x-golden-hour-integrity'];

/**
 * `GET /api/blob/<sha256>` while the app is connected to a team server: the blob from the server's
 * vault (which re-hashes it before serving, and answers 404 for a case the user is not on),
 * streamed through with a Range passed on, under this door's own sandboxing CSP.
 */
export async function serveTeamBlob(connection: TeamConnection, sha256: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    return void response.end('Not a SHA-256\n');
  }
  let answer: Response | null;
  try {
    answer = await connection.blob(sha256, typeof request.headers.range === 'string' ? request.headers.range : null, request.method === 'HEAD' ? 'HEAD' : 'GET');
  } catch (error) {
    response.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
    return void response.end(`${errorMessage(error)}\n`);
  }
  if (!answer) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return void response.end('Not connected to a team server\n');
  }
  const headers: Record<string, string> = { 'Content-Security-Policy': "default-src 'none'; sandbox", 'Cache-Control': 'private, no-store' };
  for (const name of PASSED_ON) {
    const value = answer.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  response.writeHead(answer.status, headers);
  if (!answer.body || request.method === 'HEAD') return void response.end();
  const body = Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream);
  body.on('error', () => response.destroy());
  response.on('close', () => body.destroy());
  body.pipe(response);
}
