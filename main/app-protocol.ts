import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { APP_CSP } from './content-policy.js';
import { appRequestPath } from './ipc-guard.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2',
  '.pbf': 'application/x-protobuf',
};

/**
 * Answers `app://goldenhour/...` from the built renderer folder only; anything that tries to
 * climb out gets 404. Every answer carries the CSP, so it holds however the page was reached.
 */
export async function answerAppRequest(url: string, rendererDir: string): Promise<Response> {
  const path = appRequestPath(url);
  if (!path) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(join(rendererDir, path));
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Security-Policy': APP_CSP, 'X-Content-Type-Options': 'nosniff' },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
