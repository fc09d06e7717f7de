import type { OperationName, RequestOf, ResponseOf } from '@api/contract';
import type { ApiResult } from '@api/operation';
import { plainMessage } from '../plain-message';

/** An event pushed by a running operation (ingest, capture, export progress). */
export interface AppEvent {
  topic: string;
  [key: string]: unknown;
}

/** Where the app works: this machine's data folder, or a team server as a user (the door's `connection` calls). */
export type ConnectionStatus =
  | { mode: 'local'; dataDir: string }
  | { mode: 'team'; dataDir: string; server: string; user: string; expiresAt: string; sessionEnded: boolean };

/** The door's own calls about a team server; the session token stays in the door, never in the page. */
export interface ConnectionDoor {
  /** Where the app works now; null when this door cannot connect to a team server (the demo, an older desktop shell). */
  status(): Promise<ConnectionStatus | null>;
  connect(input: { server: string; user: string; password: string }): Promise<ConnectionStatus>;
  disconnect(): Promise<ConnectionStatus>;
}

/** Said within the page when the connection may have changed (a session that ended): whoever shows it asks again. */
export const CONNECTION_CHANGED = 'goldenhour:connection-changed';

function announceConnectionChange(): void {
  window.dispatchEvent(new Event(CONNECTION_CHANGED));
}

/** What the Electron preload exposes as `window.goldenHour` (named functions only). */
export interface DesktopBridge {
  invoke(name: string, payload: unknown): Promise<ApiResult<unknown>>;
  connection?(name: string, payload: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  blobUrl(sha256: string): string;
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    goldenHour?: DesktopBridge;
  }
}

/** An API error, with its stable code. */
export class ApiCallError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The one door the renderer uses: Electron IPC when the preload is there, else browser-mode HTTP. */
export interface ApiClient {
  mode: 'desktop' | 'browser';
  /** The page a team server serves itself (signed in by its cookie, no token): every call acts as the signed-in user. */
  teamPage: boolean;
  call<K extends OperationName>(name: K, payload: RequestOf<K>): Promise<ResponseOf<K>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
  blobUrl(sha256: string): string;
  /** A dropped file's path on this machine: direct in Electron, uploaded first in browser mode (keeping `relativePath` inside a dropped folder). */
  fileToPath(file: File, batch: string, relativePath?: string): Promise<string>;
  /** "Connect to a team server". */
  connection: ConnectionDoor;
  /**
   * A bundle chosen or dropped in the page, as a path `bundle.open` can read: direct in Electron;
   * in browser mode streamed to the data folder first, reporting the bytes sent as it goes.
   */
  bundleToPath(file: File, onProgress: (sent: number, total: number) => void): Promise<string>;
}

function unwrap<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new ApiCallError(result.error.code, plainMessage(result.error.message));
  return result.value as T;
}

function desktopClient(bridge: DesktopBridge): ApiClient {
  const connection = (name: string, payload: unknown) => {
    if (!bridge.connection) throw new ApiCallError('unknown-operation', 'This app cannot connect to a team server');
    return bridge.connection(name, payload);
  };
  return {
    mode: 'desktop',
    teamPage: false,
    call: async (name, payload) => {
      const result = await bridge.invoke(name, payload);
      // The team server's session may have ended: whoever shows the connection asks again.
      if (!result.ok && result.error.code === 'unauthorized') announceConnectionChange();
      return unwrap(result);
    },
    connection: {
      status: async () => (bridge.connection ? unwrap<ConnectionStatus>(await connection('status', {})) : null),
      connect: async (input) => unwrap<ConnectionStatus>(await connection('connect', input)),
      disconnect: async () => unwrap<ConnectionStatus>(await connection('disconnect', {})),
    },
    subscribe: (listener) => bridge.onEvent(listener),
    blobUrl: (sha256) => bridge.blobUrl(sha256),
    fileToPath: async (file) => bridge.pathForFile(file),
    bundleToPath: async (file) => bridge.pathForFile(file),
  };
}

/** Reads the token from the address (`#token=...`), keeps it for this tab, and clears it from view. */
export function takeToken(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem('goldenhour.token', match[1]);
    history.replaceState(null, '', `${window.location.pathname}#/`);
    return match[1];
  }
  return sessionStorage.getItem('goldenhour.token') ?? '';
}

function browserClient(token: string): ApiClient {
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
  const listeners = new Set<(event: AppEvent) => void>();
  let source: EventSource | null = null;
  let leavingForSignIn = false;
  const ensureStream = () => {
    if (source) return;
    source = new EventSource(`api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as AppEvent;
      listeners.forEach((listener) => listener(event));
    };
  };
  return {
    mode: 'browser',
    teamPage: token === '',
    async call(name, payload) {
      const response = await fetch(`api/${name}`, { method: 'POST', headers, body: JSON.stringify(payload ?? {}) });
      if (response.status === 401 && response.headers.get('X-Golden-Hour-Team-Session') === 'ended') {
        // The team server this app connected to ended the session: say so, and the header offers to sign in again.
        announceConnectionChange();
        return unwrap(await response.json());
      }
      if (response.status === 401) {
        // A team server names its sign-in page: the session ended, so go back there.
        const signIn = response.headers.get('X-Golden-Hour-Sign-In');
        if (signIn === '/login') {
          // Several calls refused at once go there once: a second assign would abort the first.
          if (!leavingForSignIn) window.location.assign(signIn);
          leavingForSignIn = true;
          throw new ApiCallError('unauthorized', 'Your session has ended: sign in again.');
        }
        throw new ApiCallError('unauthorized', 'This page has no valid token: open the address printed by `goldenhour serve`.');
      }
      return unwrap(await response.json());
    },
    subscribe(listener) {
      ensureStream();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    blobUrl: (sha256) => `api/blob/${sha256}?token=${encodeURIComponent(token)}`,
    connection: {
      async status() {
        // A team server's own page (signed in by cookie, no token) has no connection to offer.
        if (token === '') return null;
        const response = await fetch('api/connection/status', { method: 'POST', headers, body: '{}' });
        return unwrap<ConnectionStatus | null>(await response.json());
      },
      async connect(input) {
        const response = await fetch('api/connection/connect', { method: 'POST', headers, body: JSON.stringify(input) });
        return unwrap<ConnectionStatus>(await response.json());
      },
      async disconnect() {
        const response = await fetch('api/connection/disconnect', { method: 'POST', headers, body: '{}' });
        return unwrap<ConnectionStatus>(await response.json());
      },
    },
    async fileToPath(file, batch, relativePath) {
      const response = await fetch(`api/upload?batch=${encodeURIComponent(batch)}&name=${encodeURIComponent(relativePath ?? file.name)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: file,
      });
      return unwrap<{ path: string }>(await response.json()).path;
    },
    bundleToPath(file, onProgress) {
      // XMLHttpRequest rather than fetch: it reports upload progress, and the browser streams the file from disk.
      return new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open('POST', 'api/upload-bundle');
        request.setRequestHeader('Authorization', `Bearer ${token}`);
        request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
        request.onload = () => {
          let answer: ApiResult<unknown>;
          try {
            answer = JSON.parse(request.responseText) as ApiResult<unknown>;
          } catch {
            return reject(new ApiCallError('internal', `Golden Hour did not accept the file (answer ${request.status}): choose it again.`));
          }
          try {
            resolve(unwrap<{ path: string }>(answer).path);
          } catch (error) {
            reject(error as Error);
          }
        };
        request.onerror = () => reject(new ApiCallError('unavailable', 'The upload stopped before the whole file arrived (the connection to Golden Hour was lost): nothing of it was kept. Choose the file again.'));
        request.send(file);
      });
    },
  };
}

/** The client for this window. */
export function createClient(): ApiClient {
  return window.goldenHour ? desktopClient(window.goldenHour) : browserClient(takeToken());
}
