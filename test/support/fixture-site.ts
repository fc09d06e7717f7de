import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/fixtures, wherever the checkout is. */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SITE_DIR = join(FIXTURES_DIR, 'site');

/** A path under test/fixtures. */
export function fixturePath(relative: string): string {
  return join(FIXTURES_DIR, relative);
}

/** The sha256 of a file the fixture site serves from test/fixtures/site. */
export function servedSha256(sitePath: string): string {
  return createHash('sha256').update(readFileSync(join(SITE_DIR, sitePath))).digest('hex');
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.jpg': 'image/jpeg', '.png': 'image/png', '.mp4': 'video/mp4', '.m3u8': 'application/vnd.apple.mpegurl',
};

/** The local fixture site on 127.0.0.1, and how to stop it. */
export interface FixtureSite {
  origin: string;
  url(path: string): string;
  /** How many times each path was requested (to check retries and scrolling). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

let rateLimitedHits = 0;

/** Dynamic routes: redirect chains and loops, slow and never-ending responses, errors, downloads. */
const routes: Route[] = [
  (_req, res, url) => {
    const chain = /^\/redirect\/(\d+)$/.exec(url.pathname);
    if (!chain) return false;
    const left = Number(chain[1]);
    res.writeHead(left === 1 ? 301 : 302, { location: left === 1 ? '/article.html' : `/redirect/${left - 1}` }).end();
    return true;
  },
  (req, res, url) => {
    // Sends the browser to this server's own loopback address (as a public site could, to reach an intranet).
    if (url.pathname !== '/to-loopback') return false;
    res.writeHead(302, { location: `http://${req.headers.host ?? '127.0.0.1'}/article.html` }).end();
    return true;
  },
  (_req, res, url) => {
    if (!url.pathname.startsWith('/loop/')) return false;
    res.writeHead(302, { location: url.pathname === '/loop/a' ? '/loop/b' : '/loop/a' }).end();
    return true;
  },
  (_req, res, url) => {
    if (url.pathname !== '/slow.html') return false;
    setTimeout(() => serveFile(res, 'article.html'), Number(url.searchParams.get('ms') ?? 1200));
    return true;
  },
  (_req, res, url) => {
    // Never answers: the connection stays open until the server closes.
    if (!url.pathname.startsWith('/hang/')) return false;
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.write(Buffer.from([0xff, 0xd8, 0xff]));
    return true;
  },
  (_req, res, url) => {
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (!status) return false;
    const code = Number(status[1]);
    const body = `<!doctype html><html><head><title>Error ${code}</title></head><body><h1>${code === 404 ? 'This post was deleted' : 'Server error'}</h1></body></html>`;
    res.writeHead(code, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    return true;
  },
  (_req, res, url) => {
    if (url.pathname !== '/download.bin') return false;
    const body = readFileSync(join(SITE_DIR, 'files/report.bin'));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="report.bin"', 'content-length': body.length });
    res.end(body);
    return true;
  },
  (_req, res, url) => {
    // Shaped like X, for captures through the test proxy (which serves this site as x.com and pbs.twimg.com).
    if (url.pathname === '/harbourwatch/status/1') serveFile(res, 'platforms/x-status.html');
    // The account's profile, and the posts its timeline lists (the status page of each, by its number).
    else if (url.pathname === '/harbourwatch') serveFile(res, 'platforms/x-profile.html');
    else if (/^\/(harbourwatch|cityfloodteam)\/status\/\d+$/.test(url.pathname)) {
      const [, handle, , id] = url.pathname.split('/');
      const body = readFileSync(join(SITE_DIR, 'platforms/x-status.html'), 'utf8').replaceAll('/harbourwatch/status/1', `/${handle}/status/${id}`).replaceAll('@harbourwatch', `@${handle}`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    } else if (url.pathname === '/media/GhArbour1') serveFile(res, url.searchParams.get('name') === 'orig' ? 'media/large.jpg' : 'media/small.jpg');
    else return false;
    return true;
  },
  (_req, res, url) => {
    // Shaped like t.me (through the test proxy): a post's landing page and, in its frame, the post widget.
    if (url.pathname !== '/harbouralerts/512') return false;
    const page = url.searchParams.has('embed') ? 'telegram__post-embed.html' : 'telegram__post-page.html';
    // The saved landing page names its widget over https; the test proxy speaks plain http.
    const body = readFileSync(join(FIXTURES_DIR, 'pages', page), 'utf8').replaceAll('https://t.me/', 'http://t.me/');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    return true;
  },
  (_req, res, url) => {
    if (url.pathname !== '/media/lazy-photo.jpg') return false;
    setTimeout(() => serveFile(res, 'media/yosemite.jpg'), Number(url.searchParams.get('ms') ?? 0));
    return true;
  },
  (_req, res, url) => {
    // A feed's next batch of entries (slow-feed.html), after `ms`.
    if (url.pathname !== '/batch') return false;
    const n = Number(url.searchParams.get('n'));
    const body = JSON.stringify([`Batch ${n}, entry 1`, `Batch ${n}, entry 2`]);
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body), Number(url.searchParams.get('ms') ?? 0));
    return true;
  },
  (_req, res, url) => {
    if (url.pathname !== '/media/stream.m3u8') return false;
    res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nsegment0.ts\n');
    return true;
  },
  (_req, res, url) => {
    // Busy the first time (429 with Retry-After: 1), fine afterwards: for retry and backoff.
    if (url.pathname !== '/rate-limited.html') return false;
    rateLimitedHits += 1;
    if (rateLimitedHits === 1) res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
    else serveFile(res, 'article.html');
    return true;
  },
  (_req, res, url) => {
    if (url.pathname !== '/' ) return false;
    res.writeHead(302, { location: '/post.html' }).end();
    return true;
  },
];

function serveFile(res: ServerResponse, relative: string): void {
  const path = normalize(join(SITE_DIR, relative));
  if (!path.startsWith(SITE_DIR)) {
    res.writeHead(403).end();
    return;
  }
  let body: Buffer;
  try {
    body = readFileSync(path);
  } catch {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Not found</title><h1>Not found</h1>');
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
}

/** Starts the fixture site on a free port of 127.0.0.1 (with `tls`, over HTTPS with a self-signed certificate). */
export async function startFixtureSite(options: { tls?: boolean } = {}): Promise<FixtureSite> {
  const hits = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  rateLimitedHits = 0;
  const handler: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    if (!routes.some((route) => route(req, res, url))) serveFile(res, decodeURIComponent(url.pathname).replace(/^\/+/, ''));
  };
  const server: Server = options.tls
    ? (createTlsServer({ key: readFileSync(join(SITE_DIR, 'tls/key.pem')), cert: readFileSync(join(SITE_DIR, 'tls/cert.pem')) }, handler) as unknown as Server)
    : createServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: import('node:net').Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    hits,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
