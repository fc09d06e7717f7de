/**
 * The checks every IPC call from a window passes before it reaches the API, kept free of
 * Electron so they are unit-tested directly: the sender is the app's own top-level frame, the
 * operation is on the contract's list, and the payload is a plain JSON-like object of sane size.
 * (The API then validates the payload against the operation's schema.)
 */

/** The origin the app's own pages load from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'goldenhour';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The scheme vault blobs are served under, read-only, by SHA-256 (see blob-protocol.ts). */
export const BLOB_SCHEME = 'gh-blob';

/** The IPC channels the preload uses; nothing else is listened to. */
export const INVOKE_CHANNEL = 'goldenhour:invoke';
export const EVENT_CHANNEL = 'goldenhour:event';
/** The door's own calls about a team server: `status`, `connect`, `disconnect`. */
export const CONNECTION_CHANNEL = 'goldenhour:connection';

/** The calls the connection channel accepts. */
export const CONNECTION_CALLS: ReadonlySet<string> = new Set(['status', 'connect', 'disconnect']);

/** The largest payload accepted over IPC (as JSON). */
export const MAX_PAYLOAD_CHARS = 2 * 1024 * 1024;

/** What the guard needs to know about a call, taken from Electron's IpcMainInvokeEvent. */
export interface InvokeCall {
  /** The URL of the frame that sent the call, or null when the frame is gone. */
  frameUrl: string | null;
  /** Whether that frame is the window's main frame (not an iframe). */
  isMainFrame: boolean;
  name: unknown;
  payload: unknown;
}

export type GuardVerdict =
  | { ok: true; name: string; payload: unknown }
  | { ok: false; error: { code: 'unauthorized' | 'unknown-operation' | 'invalid-input'; message: string } };

/** Whether a URL is one of the app's own pages. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

function isPlainPayload(payload: unknown): boolean {
  if (payload === undefined || payload === null) return true;
  if (typeof payload !== 'object' || Array.isArray(payload)) return false;
  const proto = Object.getPrototypeOf(payload) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Decides whether an IPC call may reach the API. */
export function guardInvoke(call: InvokeCall, allowList: ReadonlySet<string>): GuardVerdict {
  if (!call.isMainFrame || !isAppUrl(call.frameUrl)) {
    return { ok: false, error: { code: 'unauthorized', message: `Calls are accepted only from the app's own top-level page, not from ${JSON.stringify(call.frameUrl ?? 'a closed frame')}` } };
  }
  if (typeof call.name !== 'string' || !allowList.has(call.name)) {
    return { ok: false, error: { code: 'unknown-operation', message: `Unknown operation ${JSON.stringify(call.name)}` } };
  }
  if (!isPlainPayload(call.payload)) {
    return { ok: false, error: { code: 'invalid-input', message: `Expected the payload of ${call.name} to be an object but received ${Array.isArray(call.payload) ? 'an array' : typeof call.payload}` } };
  }
  let size = 0;
  try {
    size = JSON.stringify(call.payload ?? {}).length;
  } catch {
    return { ok: false, error: { code: 'invalid-input', message: `The payload of ${call.name} is not JSON (cyclic or not serialisable)` } };
  }
  if (size > MAX_PAYLOAD_CHARS) return { ok: false, error: { code: 'invalid-input', message: `The payload of ${call.name} is larger than ${MAX_PAYLOAD_CHARS} characters` } };
  return { ok: true, name: call.name, payload: call.payload ?? {} };
}

/**
 * Whether a link the app shows (`target=_blank`, e.g. a captured comment's permalink) is handed to
 * the investigator's own browser: plain http(s) web addresses only, never file:, javascript: or the app's own.
 */
export function opensOutside(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/** Whether the window may navigate to a URL: only within the app itself. */
export function mayNavigate(url: string): boolean {
  return isAppUrl(url);
}

/** The path of a request under the app origin, or null if it tries to leave the renderer folder. */
export function appRequestPath(url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null; // malformed percent-encoding: not a path in the renderer folder
  }
  const parts = pathname.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.some((part) => part === '..' || part.includes('\\') || part.includes('\0'))) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}

/** The SHA-256 named by a blob URL (`gh-blob://vault/<sha256>`), or null. */
export function blobSha256(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== `${BLOB_SCHEME}:` || parsed.host !== 'vault') return null;
    const sha = parsed.pathname.replace(/^\//, '');
    return /^[0-9a-f]{64}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}
