import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Api } from '../api/api.js';
import { TeamAccess, exportFolder, uploadFolder, type Actor } from '../api/team-access.js';
import type { Core } from '../core.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import { serveBlob } from './blob-route.js';
import { serveExport } from './export-route.js';
import { isLoopbackHost, presentedToken, statusForError } from './door-guard.js';
import { streamEvents } from './event-stream.js';
import { closeServer, readJson, readOperationCall, sendJson, setCommonHeaders } from './http-common.js';
import { loginPage, readLoginForm } from './login-page.js';
import { serveStatic } from './static-files.js';
import { receiveBundleUpload, receiveUpload, refuseUpload } from './upload-route.js';
import { routeWorker } from './worker-routes.js';
import { publishJobEvents } from '../api/worker-door.js';

export const SESSION_COOKIE = 'goldenhour_session';

export interface TeamServerOptions {
  api: Api;
  core: Core;
  rendererDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM certificate chain and key: required unless the address is loopback. */
  tls?: { cert: Buffer; key: Buffer };
}

export interface TeamServer {
  /** The address to open (its sign-in page). */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The team server: the same API and UI as browser mode, for many users of one PostgreSQL case
 * database. Every request but signing in needs a session (the cookie the sign-in page sets, or
 * `Authorization: Bearer TOKEN` from the CLI); every operation passes `TeamAccess` (roles per case).
 *
 * Unlike browser mode it does not check the Host header: that check keeps a DNS-rebinding page
 * away from a server whose only secret sits in the page, while here a session cookie is bound to
 * the server's own name (SameSite=Strict, HttpOnly), so a page under another name holds none.
 */
export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const { api, core, host } = options;
  refuseCleartext(host, options.tls !== undefined);
  const access = new TeamAccess(api, core);
  const secure = options.tls !== undefined;
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: errorMessage(error) } });
      else response.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);

  const sessionCookie = (token: string, expiresAt: string) => {
    const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - core.clock.now().getTime()) / 1000));
    return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  };
  const clearCookie = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setCommonHeaders(response);
    if (secure) response.setHeader('Strict-Transport-Security', 'max-age=31536000');
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/login') return loginRoute(request, response);
    if (url.pathname === '/api/session.login') return apiLogin(request, response);
    // Capture workers present their own token; a worker token opens nothing past this.
    if (url.pathname.startsWith('/worker/')) return routeWorker(core.captureJobs, url, request, response);
    const token = sessionToken(request, url);
    const account = token ? await core.accounts.authenticate(token) : null;
    if (!token || !account) {
      if (url.pathname.startsWith('/api/')) {
        // The app's page goes back to the sign-in form when it sees this.
        response.setHeader('X-Golden-Hour-Sign-In', '/login');
        return sendJson(response, 401, { ok: false, error: { code: 'unauthorized', message: 'Sign in first: there is no session, or it has ended' } });
      }
      response.writeHead(303, { Location: '/login', 'Cache-Control': 'no-store' });
      return void response.end();
    }
    const actor: Actor = { userId: account.id, name: account.name, admin: account.admin };
    if (!url.pathname.startsWith('/api/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { ok: false, error: { code: 'invalid-input', message: 'Only GET is allowed here' } });
      return serveStatic(options.rendererDir, url.pathname, response);
    }
    await routeApi(url, request, response, actor, token);
  }

  async function routeApi(url: URL, request: IncomingMessage, response: ServerResponse, actor: Actor, token: string): Promise<void> {
    const path = url.pathname.slice('/api/'.length);
    if (request.method === 'GET' && path === 'events') return streamEvents(api, response, (event) => access.mayHear(event, actor));
    if ((request.method === 'GET' || request.method === 'HEAD') && path.startsWith('blob/')) {
      const sha256 = path.slice('blob/'.length);
      // A blob of a case the user is not on is answered as one the server does not hold.
      if (/^[0-9a-f]{64}$/.test(sha256) && !(await access.mayReadBlob(sha256, actor))) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        return void response.end(`No stored blob with SHA-256 ${sha256}\n`);
      }
      return serveBlob(core, sha256, request, response);
    }
    if (request.method === 'GET' && path.startsWith('exports/')) return serveExport(exportFolder(core.dataDir, actor.userId), path.slice('exports/'.length), response);
    if (request.method === 'POST' && path === 'upload') return receiveUpload(uploadFolder(core.dataDir, actor.userId), url, request, response);
    if (request.method === 'POST' && path === 'upload-bundle') {
      // Opening a bundle on the server is for administrators (bundle.open): nobody else's copy is kept.
      if (!actor.admin) return refuseUpload(request, response, 403, 'forbidden', 'Only an administrator of the team server may open a bundle for review on it');
      return receiveBundleUpload(join(uploadFolder(core.dataDir, actor.userId), 'review'), request, response);
    }
    const call = await readOperationCall(path, request, response);
    if (!call) return;
    const result = await access.invoke(call.name, call.args, actor, token);
    if (call.name === 'session.logout' && result.ok) response.setHeader('Set-Cookie', clearCookie);
    sendJson(response, result.ok ? 200 : statusForError(result.error.code), result);
  }

  /** `POST /api/session.login` (the CLI, scripts): the token in the answer and as a cookie. */
  async function apiLogin(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') return sendJson(response, 405, { ok: false, error: { code: 'invalid-input', message: 'Sign in with POST' } });
    const body = await readJson(request);
    if (!body.ok) return sendJson(response, body.status, { ok: false, error: { code: 'invalid-input', message: body.message } });
    const result = await api.invoke('session.login', body.value);
    if (!result.ok) return sendJson(response, statusForError(result.error.code), result);
    const session = result.value as { token: string; expiresAt: string };
    response.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt));
    sendJson(response, 200, result);
  }

  /** `GET /login`: the sign-in form (no script); `POST /login`: signs in and goes to the app. */
  async function loginRoute(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET' || request.method === 'HEAD') return loginPage(response, 200, null);
    if (request.method !== 'POST') return loginPage(response, 405, 'Sign in with the form.');
    const form = await readLoginForm(request);
    if (!form) return loginPage(response, 400, 'Give a user name and a password.');
    const result = await api.invoke('session.login', form);
    if (!result.ok) return loginPage(response, statusForError(result.error.code), result.error.message);
    const session = result.value as { token: string; expiresAt: string };
    response.writeHead(303, { Location: '/', 'Set-Cookie': sessionCookie(session.token, session.expiresAt), 'Cache-Control': 'no-store' });
    response.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const stopJobEvents = publishJobEvents(core.captureJobs, api);
  return {
    url: `${secure ? 'https' : 'http'}://${shownHost}:${port}/`, host, port,
    close: async () => {
      stopJobEvents();
      await closeServer(server);
    },
  };
}

/** Refuses a non-loopback address without TLS: passwords and session cookies would cross the network in clear. */
export function refuseCleartext(host: string, tls: boolean): void {
  if (tls || isLoopbackHost(host)) return;
  throw new GoldenHourError('invalid-input',
    `Refusing to listen on ${host} without TLS: it is not a loopback address, and passwords and session cookies would cross the network readable by anyone on it. ` +
    'Give --tls-cert FILE --tls-key FILE, or listen on 127.0.0.1 behind a TLS reverse proxy');
}

/** The session a request presents: a Bearer token (CLI) or the sign-in cookie (the app's page). */
function sessionToken(request: IncomingMessage, url: URL): string | null {
  const presented = presentedToken(request.headers, new URL(url.pathname, url));
  if (presented) return presented;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value.length > 0) return value.join('=') || null;
  }
  return null;
}
