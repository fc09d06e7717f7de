import { Readable } from 'node:stream';
import { servableBlob } from '../src/api/handlers/review-blob.js';
import type { TeamConnection } from '../src/api/team-connection.js';
import type { Core } from '../src/core.js';
import { errorMessage } from '../src/util/errors.js';
import { blobSha256 } from './ipc-guard.js';

/**
 * Answers `gh-blob://vault/<sha256>`: a vault blob, read-only. Only blobs the case database
 * knows are served; images and video inline, anything else as an opaque download with a
 * sandboxing CSP, so captured HTML never runs in the app. Re-hashed before it is served
 * (`Vault.checkBeforeServing`): a blob changed on disk gets 409.
 */
export async function answerBlobRequest(core: Pick<Core, 'review' | 'vault'>, request: Request, connection?: TeamConnection): Promise<Response> {
  const sha256 = blobSha256(request.url);
  if (!sha256) return new Response('Not a blob address', { status: 400 });
  if (connection?.client()) return answerTeamBlob(connection, sha256, request);
  let blob;
  try {
    blob = await servableBlob(core.review, sha256);
  } catch (error) {
    return new Response(errorMessage(error), { status: 404 });
  }
  const check = await core.vault.checkBeforeServing(blob.sha256);
  if (!check.ok) return new Response(check.problem, { status: 409 });
  const headers: Record<string, string> = {
    'Content-Type': blob.inline ? blob.mediaType : 'application/octet-stream',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Accept-Ranges': 'bytes',
  };
  if (!blob.inline) headers['Content-Disposition'] = `attachment; filename="${blob.sha256}"`;
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.get('range') ?? '');
  if (range && blob.size > 0) {
    const start = Number(range[1]);
    const end = Math.min(range[2] ? Number(range[2]) : blob.size - 1, blob.size - 1);
    if (start > end) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${blob.size}` } });
    headers['Content-Range'] = `bytes ${start}-${end}/${blob.size}`;
    headers['Content-Length'] = String(end - start + 1);
    const stream = Readable.toWeb(core.vault.openRead(blob.sha256, { start, end }) as Readable) as ReadableStream<Uint8Array>;
    return new Response(stream, { status: 206, headers });
  }
  headers['Content-Length'] = String(blob.size);
  const stream = Readable.toWeb(core.vault.openRead(blob.sha256) as Readable) as ReadableStream<Uint8Array>;
  return new Response(blob.size === 0 ? null : stream, { status: 200, headers });
}

/** The headers of a team server's blob answer passed on to the page. */
const PASSED_ON = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'content-disposition', 'x-golden-hour-integrity'];

/**
 * While connected to a team server: the blob from its vault (it re-hashes each before serving it and
 * answers 404 for a case the user is not on), a Range passed on, under the app's own sandboxing CSP.
 */
async function answerTeamBlob(connection: TeamConnection, sha256: string, request: Request): Promise<Response> {
  let answer: Response | null;
  try {
    answer = await connection.blob(sha256, request.headers.get('range'));
  } catch (error) {
    return new Response(errorMessage(error), { status: 502 });
  }
  if (!answer) return new Response('Not connected to a team server', { status: 404 });
  const headers: Record<string, string> = { 'Content-Security-Policy': "default-src 'none'; sandbox", 'X-Content-Type-Options': 'nosniff' };
  for (const name of PASSED_ON) {
    const value = answer.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return new Response(answer.body, { status: answer.status, headers });
}
