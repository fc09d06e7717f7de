import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, linkSync, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
