import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The checks every browser-mode request passes before it reaches the API: the Host header
 * names this server (so a DNS-rebinding page cannot talk to it) and, for the API, the request
 * carries this run's secret token. Pure functions, so they are tested without a socket.
 */

/** Whether a bind address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** The Host header values this server answers to. */
export function allowedHostHeaders(bindHost: string, port: number): Set<string> {
  const names = new Set<string>();
  const bare = bindHost.replace(/^\[|\]$/g, '');
  names.add(isIP(bare) === 6 ? `[${bare}]` : bare);
  if (isLoopbackHost(bindHost)) ['127.0.0.1', 'localhost', '[::1]'].forEach((name) => names.add(name));
  return new Set([...names].map((name) => `${name.toLowerCase()}:${port}`));
}

/** Whether a request's Host header is one this server answers to. */
export function hostAllowed(hostHeader: string | undefined, allowed: Set<string>): boolean {
  return typeof hostHeader === 'string' && allowed.has(hostHeader.trim().toLowerCase());
}

/** The token a request presents: `Authorization: Bearer`, `X-GoldenHour-Token`, or `?token=` (for <img>, <video> and EventSource, which cannot set headers). */
export function presentedToken(headers: Record<string, string | string[] | undefined>, url: URL): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const header = headers['x-goldenhour-token'];
  if (typeof header === 'string') return header.trim();
  return url.searchParams.get('token');
}

/** Constant-time comparison of the presented token with the run's token. */
export function tokenMatches(presented: string | null, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The HTTP status for an API error code. */
export function statusForError(code: string): number {
  switch (code) {
    case 'invalid-input': return 400;
    case 'unauthorized': return 401;
    case 'forbidden': return 403;
    case 'rate-limited': return 429;
    case 'not-found':
    case 'unknown-operation': return 404;
    case 'conflict': return 409;
    case 'unavailable': return 503;
    case 'verification-failed': return 422;
    default: return 500;
  }
}
