import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

const BUNDLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.zip$/;

/**
 * `GET /api/exports/<name>.zip` on a team server: a bundle the signed-in user exported, from their
 * own exports folder (`folder`), so the CLI and the app can keep it on the user's machine. Any
 * other name, or another user's bundle, is answered as one that does not exist.
 */
export function serveExport(folder: string, rawName: string, response: ServerResponse): void {
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    name = '';
  }
  const notFound = () => {
    response.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify({ ok: false, error: { code: 'not-found', message: `No bundle ${JSON.stringify(name.slice(0, 200))} among the ones you exported on this server` } }));
  };
  if (!BUNDLE_NAME.test(name)) return notFound();
  const path = join(folder, name);
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) return notFound();
    size = info.size;
  } catch {
    return notFound();
  }
  response.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Length': size,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'no-store',
  });
  const stream = createReadStream(path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
