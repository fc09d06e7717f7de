import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
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
  try {
    // 'wx': an upload never overwrites a file already received.
    await pipeline(request, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    reply(200, { ok: true, value: { path } });
  } catch (error) {
    reply(409, { ok: false, error: { code: 'conflict', message: `Could not receive ${name}: ${errorMessage(error)}` } });
  }
}
