import { request as httpRequest } from 'node:http';
import { createApi, type Api } from '../../src/api/api.js';
import { openCore, type Core } from '../../src/core.js';
import { startBrowserServer, type BrowserServer } from '../../src/server/http-server.js';
import { makeTempDir } from './temp-dir.js';

/** A real core in a temporary data dir, served in browser mode on loopback. */
export interface BrowserModeFixture {
  core: Core;
  api: Api;
  server: BrowserServer;
  dataDir: string;
  /** Base address without the token, e.g. http://127.0.0.1:1234 */
  origin: string;
  close(): Promise<void>;
}

/** Starts browser mode over a fresh data dir (rendererDir defaults to a folder that may not exist). */
export async function startBrowserMode(rendererDir = 'dist/renderer', openCoreFn: (dataDir: string) => Core = (dataDir) => openCore({ dataDir, operator: 'tester' })): Promise<BrowserModeFixture> {
  const temp = makeTempDir('goldenhour-server-');
  const core = openCoreFn(temp.path);
  const api = createApi(core);
  const server = await startBrowserServer({ api, core, rendererDir, port: 0 });
  return {
    core,
    api,
    server,
    dataDir: temp.path,
    origin: `http://127.0.0.1:${server.port}`,
    async close() {
      await server.close();
      await core.close();
      temp.remove();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (node:http lets a test send any Host header, which fetch does not). */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Calls one API operation with the token, as the page does. */
export async function callApi(fixture: BrowserModeFixture, name: string, payload: unknown): Promise<{ status: number; json: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  const response = await fetch(`${fixture.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${fixture.server.token}` },
    body: JSON.stringify(payload),
  });
  return { status: response.status, json: (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
}
