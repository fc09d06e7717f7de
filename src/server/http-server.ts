import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Api } from '../api/api.js';
import type { TeamConnection } from '../api/team-connection.js';
import type { Core } from '../core.js';
import { errorMessage } from '../util/errors.js';
import { serveBlob, serveTeamBlob } from './blob-route.js';
import { allowedHostHeaders, hostAllowed, presentedToken, statusForError, tokenMatches } from './door-guard.js';
import { streamEvents } from './event-stream.js';
import { serveStatic } from './static-files.js';
import { receiveBundleUpload, receiveUpload } from './upload-route.js';
import { closeServer, readOperationCall, sendJson, setCommonHeaders } from './http-common.js';

export interface BrowserServerOptions {
  api: Api;
  core: Core;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The secret the page must present; a fresh random one by default. */
  token?: string;
  /**
   * "Connect to a team server": when given, the page may sign in to a team server through this
   * door (`/api/connection/status|connect|disconnect`), which then forwards its calls, events and
   * blobs there. Without it the app works on the local data folder only.
   */
  connection?: TeamConnection;
  /** The largest bundle the review screen may upload (REVIEW_UPLOAD_LIMIT_BYTES by default). */
  reviewUploadLimit?: number;
}

export interface BrowserServer {
  /** The address to open, with the token in its fragment (never sent in Referer or logs). */
  url: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Browser mode: the renderer and the API over HTTP. Every request must name this server in its
 * Host header; every API request must carry the run's token; no CORS headers are ever sent, so
 * other origins cannot read a response.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(32).toString('base64url');
  let allowed = new Set<string>();
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: errorMessage(error) } });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setCommonHeaders(response);
    if (!hostAllowed(request.headers.host, allowed)) {
      sendJson(response, 403, { ok: false, error: { code: 'unauthorized', message: `Host ${JSON.stringify(request.headers.host ?? '')} is not this server` } });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { ok: false, error: { code: 'invalid-input', message: 'Only GET is allowed here' } });
      return serveStatic(options.rendererDir, url.pathname, response);
    }
    if (!tokenMatches(presentedToken(request.headers, url), token)) {
      return sendJson(response, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token: open the address printed by `goldenhour serve`' } });
    }
    await routeApi(url, request, response);
  }

  async function routeApi(url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = url.pathname.slice('/api/'.length);
    const connection = options.connection;
    if (path.startsWith('connection/')) {
      const call = await readOperationCall(path.slice('connection/'.length), request, response);
      if (!call) return;
      // The demo's server offers no connection: its status is null, and the page shows none.
      if (!connection) {
        if (call.name === 'status') return sendJson(response, 200, { ok: true, value: null });
        return sendJson(response, 404, { ok: false, error: { code: 'unknown-operation', message: 'This app cannot connect to a team server' } });
      }
      const result = await connection.call(call.name, call.args);
      return sendJson(response, result.ok ? 200 : statusForError(result.error.code), result);
    }
    if (request.method === 'GET' && path === 'events') return streamEvents(connection ?? options.api, response);
    if ((request.method === 'GET' || request.method === 'HEAD') && path.startsWith('blob/')) {
      // While connected, the team server's vault (it checks each blob's hash before serving it).
      if (connection?.client()) return serveTeamBlob(connection, path.slice('blob/'.length), request, response);
      return serveBlob(options.core, path.slice('blob/'.length), request, response);
    }
    // Uploads always land in this machine's data folder; an import while connected sends them on.
    if (request.method === 'POST' && path === 'upload') return receiveUpload(join(options.core.dataDir, 'uploads'), url, request, response);
    if (request.method === 'POST' && path === 'upload-bundle') return receiveBundleUpload(join(options.core.dataDir, 'uploads', 'review'), request, response, options.reviewUploadLimit);
    const call = await readOperationCall(path, request, response);
    if (!call) return;
    const result = connection ? await connection.invoke(call.name, call.args) : await options.api.invoke(call.name, call.args);
    // A team server's session that ended is told apart from this page's own token being wrong.
    if (!result.ok && result.error.code === 'unauthorized' && connection?.client()) response.setHeader('X-Golden-Hour-Team-Session', 'ended');
    sendJson(response, result.ok ? 200 : statusForError(result.error.code), result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHostHeaders(host, port);
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/#token=${token}`,
    host,
    port,
    token,
    close: () => closeServer(server),
  };
}
