import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/** The demo's little web site about the incident, served on loopback only. */
export interface IncidentSite {
  origin: string;
  /** The pages the demo captures. */
  pages: string[];
  close(): Promise<void>;
}

const page = (title: string, head: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}
<style>body{font-family:Georgia,serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#222}header{border-bottom:3px solid #b00;margin-bottom:1rem}
img{max-width:100%}time{color:#666}.post{border:1px solid #ccc;border-radius:12px;padding:1rem;font-family:sans-serif}.wall{background:#f4f4f4;padding:2rem;text-align:center;font-family:sans-serif}</style>
</head><body>${body}</body></html>`;

const PAGES: Record<string, string> = {
  '/news/bridge-fire.html': page(
    'Fire breaks out under the old railway bridge — Riverside Evening Post',
    `<meta property="og:title" content="Fire breaks out under the old railway bridge">
     <meta property="og:site_name" content="Riverside Evening Post">
     <meta property="og:image" content="/media/smoke.jpg">
     <meta property="article:published_time" content="2026-03-14T09:52:00Z">
     <meta name="author" content="Staff reporter">`,
    `<header><h2>Riverside Evening Post</h2></header>
     <article><h1>Fire breaks out under the old railway bridge</h1>
     <p>By Staff reporter · <time datetime="2026-03-14T09:52:00Z">14 March 2026, 09:52</time></p>
     <img src="/media/smoke.jpg" alt="Smoke rising from under the bridge">
     <p>Smoke was seen rising from under the old railway bridge shortly before half past nine this morning. Witnesses on the south bank described a loud bang followed by thick grey smoke.</p>
     <p>This is a page of the Golden Hour demo: the place, the people and the event are fictional.</p></article>`,
  ),
  '/social/eyewitness.html': page(
    'Ria on Demo Social: "Huge smoke over the bridge right now"',
    `<meta property="og:title" content="Ria (@ria_by_the_river)">
     <meta property="og:description" content="Huge smoke over the bridge right now, everyone stay away from the footpath">
     <meta property="og:site_name" content="Demo Social">
     <meta property="article:published_time" content="2026-03-14T09:36:12Z">`,
    `<div class="post"><strong>Ria</strong> @ria_by_the_river<p>Huge smoke over the bridge right now, everyone stay away from the footpath</p>
     <img src="/media/smoke.jpg" alt="Photo attached to the post"><p><time datetime="2026-03-14T09:36:12Z">9:36 AM · 14 Mar 2026</time></p>
     <p>(Golden Hour demo: fictional post.)</p></div>`,
  ),
  '/social/members-only.html': page(
    'Log in to Demo Social',
    '<meta property="og:site_name" content="Demo Social">',
    `<div class="wall"><h1>Log in to see this post</h1><form><label>Email <input type="email" name="email"></label>
     <label>Password <input type="password" name="password"></label><button type="submit">Log in</button></form>
     <p>(Golden Hour demo: a login wall, which capture flags.)</p></div>`,
  ),
};

async function smokePicture(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="640" height="400" fill="#9cb9d6"/>
    <rect y="260" width="640" height="140" fill="#48657f"/><rect x="40" y="220" width="560" height="20" fill="#6b4f3a"/>
    ${[0, 1, 2, 3, 4, 5].map((i) => `<circle cx="${300 + i * 22}" cy="${200 - i * 30}" r="${30 + i * 12}" fill="#555" opacity="0.75"/>`).join('')}
    <text x="12" y="390" font-family="sans-serif" font-size="16" fill="#fff">Golden Hour demo image (synthetic)</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** Starts the demo site on 127.0.0.1 (a free port). */
export async function startIncidentSite(): Promise<IncidentSite> {
  const picture = await smokePicture();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/media/smoke.jpg') {
      response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': picture.length });
      response.end(picture);
      return;
    }
    const html = PAGES[path];
    if (!html) {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('Not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pages: Object.keys(PAGES).map((path) => `${origin}${path}`),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
