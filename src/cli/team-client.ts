import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OperationName, ResponseOf } from '../api/contract.js';
import { defaultUserDataDir } from '../config/data-dir.js';
import { GoldenHourError, errorMessage, invalidInput, type ErrorCode } from '../util/errors.js';

/** Where `goldenhour login` keeps session tokens, per server (owner-only). */
export function sessionsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultUserDataDir(process.platform, env), 'team-sessions.json');
}

/** Reads `--server` (else `GOLDENHOUR_SERVER`): the team server's address, as its origin. */
export function parseServerUrl(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const given = value ?? env.GOLDENHOUR_SERVER;
  if (!given) throw invalidInput('Expected --server URL (or GOLDENHOUR_SERVER), the team server\'s address like https://team.example:8443, but received nothing');
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw invalidInput(`Expected --server to be an address like https://team.example:8443 but received ${JSON.stringify(given.slice(0, 200))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidInput(`Expected --server to start with https:// (or http:// for a loopback server) but received ${JSON.stringify(given.slice(0, 200))}`);
  return url.origin;
}

type Sessions = Record<string, { user: string; token: string; expiresAt: string }>;

function readSessions(): Sessions {
  const file = sessionsFile();
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Sessions;
  } catch {
    return {};
  }
}

/** Keeps a session for a server in the user's config (file 0600, folder 0700). */
export function saveSession(server: string, session: { user: string; token: string; expiresAt: string }): string {
  const file = sessionsFile();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const sessions = { ...readSessions(), [server]: session };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(sessions, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return file;
}

/** The token `goldenhour login` kept for a server, or a clear error saying to sign in. */
export function sessionToken(server: string): string {
  const session = readSessions()[server];
  if (!session) throw new GoldenHourError('unauthorized', `Not signed in to ${server}: run goldenhour login --server ${server} --user NAME --password-file FILE`);
  return session.token;
}

/** Calls one API operation on a team server; its error comes back as a GoldenHourError with the server's message. */
export async function callServer<K extends OperationName>(server: string, name: K, payload: unknown, token: string | null): Promise<ResponseOf<K>> {
  let response: Response;
  try {
    response = await fetch(`${server}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(payload),
    });
  } catch (error) {
    const reason = errorMessage((error as { cause?: unknown }).cause ?? error);
    const hint = /certificate/i.test(reason) ? ' (to trust the server\'s own certificate, run with NODE_EXTRA_CA_CERTS=CERT.pem)' : '';
    throw new GoldenHourError('unavailable', `Could not reach the team server ${server}: ${reason}${hint}`);
  }
  let body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GoldenHourError('unavailable', `${server} answered ${response.status} without the JSON a Golden Hour team server sends: is it one?`);
  }
  if (body.ok) return body.value as ResponseOf<K>;
  const code = (body.error?.code === 'unknown-operation' ? 'invalid-input' : body.error?.code ?? 'internal') as ErrorCode;
  const hint = code === 'unauthorized' && name !== 'session.login' ? `; sign in again with goldenhour login --server ${server}` : '';
  throw new GoldenHourError(code, `${server}: ${body.error?.message ?? `status ${response.status}`}${hint}`);
}
