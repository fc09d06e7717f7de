import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pbf': 'application/x-protobuf',
};

/**
 * The page's Content Security Policy: only the app's own scripts run; images may come from
 * the vault (same origin) or an https tile server the investigator configures; connections to
 * the same origin, or to https map servers (a style, its tiles, place search) only once the
 * investigator turns the online map on (the map asks nothing of a server before); nothing frames it.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https:",
  "media-src 'self'",
  "connect-src 'self' https:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Vite names each file under assets/ after a hash of its content, so such a file never changes
 * under its name: the browser may keep it (and V8 the code it compiled from it) without asking
 * again. Everything else (index.html, which names the current assets) is asked for each time.
 */
function cacheControl(root: string, file: string): string {
  return file.startsWith(join(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Serves the built renderer: files under `root` only; unknown paths get the app's index.html. */
export function serveStatic(rendererDir: string, pathname: string, response: ServerResponse): void {
  const root = resolve(rendererDir);
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    relative = '';
  }
  let file = join(root, relative);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('The app is not built yet: run `npm run build`.\n');
    return;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': cacheControl(root, file) };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = RENDERER_CSP;
  response.writeHead(200, headers);
  createReadStream(file).pipe(response);
}
