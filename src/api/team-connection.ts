import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Api } from './api.js';
import { contract } from './contract.js';
import type { ApiEvent, HandlerContext } from './handler-types.js';
import type { ApiResult } from './operation.js';
import { ingestThroughServer } from './remote-files.js';
import { TeamServerClient } from './team-server-client.js';
import { forgetSession, keepSession, readSessions } from './team-sessions.js';
import { GoldenHourError, errorMessage, invalidInput } from '../util/errors.js';

/**
 * "Connect to a team server" in the app (browser mode and the desktop app alike): the local door
 * holds the session and forwards the page's calls to the team server through `TeamServerClient`,
 * so the page keeps talking only to its own door (its token, its CSP, its origin checks) and never
 * sees the session token. While connected:
 * - every operation of the contract goes to the team server, but for those that read or write files
 *   on this machine: the export path is suggested here, a bundle sealed on the server is downloaded
 *   to it (and kept only if its SHA-256 is the one the server sealed), bundles are verified and
 *   reviewed here, and files to import are uploaded first (as `goldenhour ingest --server` does);
 * - events come from the server's stream (the members' changes, progress), blobs from its vault;
 * - an answer saying the session ended is remembered, and `status()` says so until the user signs in again.
 * The session is kept where `goldenhour login` keeps it (team-sessions.json, mode 600), and which
 * server the app is connected to in `connectionFile`, so a restart comes back connected.
 */
export interface TeamConnectionOptions {
  /** The local API (this machine's data folder). */
  api: Api;
  dataDir: string;
  /** team-sessions.json (shared with the CLI). */
  sessionsFile: string;
  /** Which server the app is connected to (a small JSON file beside the sessions). */
  connectionFile: string;
}

export type ConnectionStatus =
  | { mode: 'local'; dataDir: string }
  | { mode: 'team'; dataDir: string; server: string; user: string; expiresAt: string; sessionEnded: boolean };

const connectRequest = z.strictObject({
  server: z.string().trim().min(1, "give the team server's address").max(2000, 'the address is too long'),
  user: z.string().trim().min(1, 'give your user name').max(64, 'the user name is too long'),
  password: z.string().min(1, 'give your password').max(1024, 'the password is too long'),
});

/** Operations that work on this machine's files, answered by the local API even while connected. */
const LOCAL_OPERATIONS: ReadonlySet<string> = new Set(['export.suggestPath', 'bundle.verify', 'bundle.open', 'bundle.choose', 'bundle.file']);

/** Events of the local API the page still hears while connected (the desktop menu's navigation). */
const LOCAL_EVENTS_WHILE_CONNECTED: ReadonlySet<string> = new Set(['app.navigate']);

interface Connected {
  server: string;
  user: string;
  token: string;
  expiresAt: string;
  sessionEnded: boolean;
  client: TeamServerClient;
}

/** Whether a host name is this machine (where a plain http:// team server may listen). */
function isLoopbackAddress(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** Reads the address typed in the app: a team server's origin, https (http only on this machine). */
export function parseTeamAddress(given: string): string {
  const text = given.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalidInput(`"${text.slice(0, 200)}" is not an address: give the team server's address, like https://team.example:8443`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidInput(`"${text.slice(0, 200)}" is not a web address: give the team server's address, like https://team.example:8443`);
  }
  if (url.username || url.password) throw invalidInput('Give the address without a user name or password in it: they go in their own fields');
  if (url.protocol === 'http:' && !isLoopbackAddress(url.hostname)) {
    throw invalidInput(`${url.origin} is a plain http:// address: your password and the case data would cross the network unencrypted. Use the team server's https:// address`);
  }
  return url.origin;
}

export class TeamConnection {
  private connected: Connected | null = null;
  private readonly teamListeners = new Set<(event: ApiEvent) => void>();
  private relay: AbortController | null = null;

  constructor(private readonly options: TeamConnectionOptions) {
    this.restore();
  }

  /** Where the app works now: this machine's data folder, or a team server as a user. */
  status(): ConnectionStatus {
    const c = this.connected;
    if (!c) return { mode: 'local', dataDir: this.options.dataDir };
    return { mode: 'team', dataDir: this.options.dataDir, server: c.server, user: c.user, expiresAt: c.expiresAt, sessionEnded: c.sessionEnded };
  }

  /** The client of the connected server, or null when working on local data. */
  client(): TeamServerClient | null {
    return this.connected?.client ?? null;
  }

  /** The door's own calls (`status`, `connect`, `disconnect`), as API results. */
  async call(name: string, payload: unknown): Promise<ApiResult<ConnectionStatus>> {
    try {
      if (name === 'status') return { ok: true, value: this.status() };
      if (name === 'connect') return { ok: true, value: await this.connect(payload) };
      if (name === 'disconnect') return { ok: true, value: await this.disconnect() };
      return { ok: false, error: { code: 'unknown-operation', message: `Unknown connection call ${JSON.stringify(String(name).slice(0, 80))}` } };
    } catch (error) {
      return { ok: false, error: { code: error instanceof GoldenHourError ? error.code : 'internal', message: errorMessage(error) } };
    }
  }

  /** Signs in to a team server and works there from now on. */
  async connect(payload: unknown): Promise<ConnectionStatus> {
    const parsed = connectRequest.safeParse(payload ?? {});
    if (!parsed.success) throw invalidInput(parsed.error.issues.map((issue) => issue.message).join('; '));
    const server = parseTeamAddress(parsed.data.server);
    const client = new TeamServerClient(server, null, 'sign in again', '');
    const answer = await client.invoke('session.login', { user: parsed.data.user, password: parsed.data.password });
    if (!answer.ok) throw new GoldenHourError(answer.error.code === 'unknown-operation' ? 'unavailable' : answer.error.code, loginRefusal(server, answer.error.code, answer.error.message));
    const session = answer.value as { user?: unknown; token?: unknown; expiresAt?: unknown };
    if (typeof session.token !== 'string' || typeof session.user !== 'string' || typeof session.expiresAt !== 'string') {
      throw new GoldenHourError('unavailable', `${server} answered the sign-in, but not as a Golden Hour team server does: check the address.`);
    }
    if (this.connected) await this.disconnect();
    keepSession(this.options.sessionsFile, server, { user: session.user, token: session.token, expiresAt: session.expiresAt });
    mkdirSync(dirname(this.options.connectionFile), { recursive: true, mode: 0o700 });
    writeFileSync(this.options.connectionFile, `${JSON.stringify({ server })}\n`, { mode: 0o600 });
    this.use(server, session.user, session.token, session.expiresAt);
    return this.status();
  }

  /** Signs out of the team server (ending the session there when it answers) and works on local data again. */
  async disconnect(): Promise<ConnectionStatus> {
    const c = this.connected;
    this.connected = null;
    this.relay?.abort();
    this.relay = null;
    rmSync(this.options.connectionFile, { force: true });
    if (c) {
      forgetSession(this.options.sessionsFile, c.server);
      if (!c.sessionEnded) await c.client.invoke('session.logout', {}).catch(() => undefined);
    }
    return this.status();
  }

  /** Stops listening to the server's events (the door is closing); the connection stays kept for next time. */
  close(): void {
    this.relay?.abort();
    this.relay = null;
  }

  /** Runs an operation where the app works now: the local API, or the team server. */
  async invoke(name: string, payload: unknown, context?: HandlerContext): Promise<ApiResult<unknown>> {
    const c = this.connected;
    // The door's own capabilities (the desktop app's open dialog) reach local operations only.
    if (!c || LOCAL_OPERATIONS.has(name)) return this.options.api.invoke(name, payload, context);
    try {
      if (name === 'items.ingest') return await this.ingest(c, payload);
      if (name === 'bundle.export') return await this.exportBundle(c, payload);
    } catch (error) {
      return this.failure(c, error);
    }
    const result = await c.client.invoke(name, payload);
    if (!result.ok && result.error.code === 'unauthorized') return this.sessionEnded(c);
    return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
  }

  /**
   * The page's events: the local API's while working locally; the team server's stream (the
   * members' changes, progress) while connected, followed for as long as there are listeners.
   */
  subscribe(listener: (event: ApiEvent) => void): () => void {
    const unsubscribeLocal = this.options.api.subscribe((event) => {
      if (!this.connected || LOCAL_EVENTS_WHILE_CONNECTED.has(event.topic)) listener(event);
    });
    this.teamListeners.add(listener);
    this.followServerEvents();
    return () => {
      unsubscribeLocal();
      this.teamListeners.delete(listener);
    };
  }

  /**
   * A blob of the team server's vault (`GET /api/blob/SHA` there, a Range passed on), or null when
   * working locally. The server checks the blob's hash before it serves it, as the local door does.
   */
  async blob(sha256: string, range: string | null, method: 'GET' | 'HEAD' = 'GET'): Promise<Response | null> {
    const c = this.connected;
    if (!c) return null;
    const response = await c.client.fetchRaw(`/api/blob/${sha256}`, { method, headers: range ? { Range: range } : {} });
    if (response.status === 401) this.markEnded(c);
    return response;
  }

  private restore(): void {
    let server: string;
    try {
      if (!existsSync(this.options.connectionFile)) return;
      server = (JSON.parse(readFileSync(this.options.connectionFile, 'utf8')) as { server?: unknown }).server as string;
      if (typeof server !== 'string') return;
    } catch {
      return;
    }
    const session = readSessions(this.options.sessionsFile)[server];
    if (session) this.use(server, session.user, session.token, session.expiresAt);
  }

  private use(server: string, user: string, token: string, expiresAt: string): void {
    this.connected = { server, user, token, expiresAt, sessionEnded: false, client: new TeamServerClient(server, token, 'sign in again', '') };
    if (this.teamListeners.size > 0) this.followServerEvents();
  }

  private markEnded(c: Connected): void {
    c.sessionEnded = true;
  }

  private sessionEnded(c: Connected): ApiResult<never> {
    this.markEnded(c);
    return { ok: false, error: { code: 'unauthorized', message: `Your session on ${c.server} has ended: sign in again with your password.` } };
  }

  private failure(c: Connected, error: unknown): ApiResult<never> {
    if (error instanceof GoldenHourError && error.code === 'unauthorized') return this.sessionEnded(c);
    return { ok: false, error: { code: error instanceof GoldenHourError ? error.code : 'internal', message: errorMessage(error) } };
  }

  /**
   * Files to import are on this machine (typed paths, a dropped file's path, or the browser-mode
   * upload folder): each is uploaded to the user's upload folder on the server, then imported
   * there (re-hashed as it is stored), and the result names the paths on this machine.
   */
  private async ingest(c: Connected, payload: unknown): Promise<ApiResult<unknown>> {
    const parsed = contract['items.ingest'].request.safeParse(payload ?? {});
    if (!parsed.success) return c.client.invoke('items.ingest', payload);
    return { ok: true, value: await ingestThroughServer(c.client, parsed.data.caseId, parsed.data.paths, () => undefined) };
  }

  /**
   * The bundle is sealed on the server (in the user's own exports folder there, recorded under the
   * user) and downloaded to the path chosen on this machine, hashed as it arrives.
   */
  private async exportBundle(c: Connected, payload: unknown): Promise<ApiResult<unknown>> {
    const parsed = contract['bundle.export'].request.safeParse(payload ?? {});
    if (!parsed.success) return c.client.invoke('bundle.export', payload);
    const { out, operator: _operator, ...request } = parsed.data as typeof parsed.data & { operator?: string };
    const local = resolve(out);
    if (existsSync(local)) throw new GoldenHourError('conflict', `${local} already exists: a bundle is never written over another file`);
    mkdirSync(dirname(local), { recursive: true });
    const { path: onServer } = await c.client.call('export.suggestPath', { caseId: request.caseId });
    const result = await c.client.call('bundle.export', { ...request, out: onServer });
    await c.client.downloadExport(basename(result.path), local, result.sha256);
    return { ok: true, value: { ...result, path: local } };
  }

  /** Follows the server's event stream while connected and listened to, starting again after a drop. */
  private followServerEvents(): void {
    const c = this.connected;
    if (!c || this.relay || this.teamListeners.size === 0) return;
    const controller = new AbortController();
    this.relay = controller;
    void (async () => {
      while (!controller.signal.aborted && this.connected === c && this.teamListeners.size > 0) {
        try {
          const response = await c.client.fetchRaw('/api/events', { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
          if (response.status === 401) {
            this.markEnded(c);
            break;
          }
          if (response.ok && response.body) await this.readEvents(response.body, controller.signal);
        } catch {
          // The server went away or the stream was cut: try again shortly.
        }
        if (controller.signal.aborted) break;
        await new Promise<void>((done) => {
          const timer = setTimeout(done, 2000);
          timer.unref();
          controller.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            done();
          }, { once: true });
        });
      }
      if (this.relay === controller) this.relay = null;
    })();
  }

  private async readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      if (signal.aborted) return;
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length)).join('\n');
        if (!data) continue;
        let event: ApiEvent;
        try {
          event = JSON.parse(data) as ApiEvent;
        } catch {
          continue;
        }
        this.teamListeners.forEach((listener) => listener(event));
      }
    }
  }
}

/** Why the server refused a sign-in, in words. */
function loginRefusal(server: string, code: string, message: string): string {
  if (code === 'unavailable') return message;
  if (/^Missing or wrong token/.test(message)) return `${server} is a Golden Hour app running in browser mode on someone's machine, not a team server: check the address.`;
  if (code === 'unauthorized') return `${server} refused the sign-in: ${message}.`;
  return `${server} refused the sign-in: ${message}`;
}
