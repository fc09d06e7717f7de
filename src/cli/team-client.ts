import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OperationName, ResponseOf } from '../api/contract.js';
import { defaultUserDataDir } from '../config/data-dir.js';
import { TeamServerClient } from '../api/team-server-client.js';
import { GoldenHourError, invalidInput } from '../util/errors.js';

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

/**
 * The token `goldenhour login` kept for a server, or a clear error saying to sign in. Whether it
 * has ended is the server's to say (its clock, not this machine's): it answers 401, and the
 * message says to sign in again.
 */
export function sessionToken(server: string): string {
  const session = readSessions()[server];
  if (!session) throw new GoldenHourError('unauthorized', `Not signed in to ${server}: run goldenhour login --server ${server} --user NAME --password-file FILE`);
  return session.token;
}

/** A client of a team server with the session `goldenhour login` kept for it. */
export function signedInClient(server: string): TeamServerClient {
  return new TeamServerClient(server, sessionToken(server), `log in again: goldenhour login --server ${server} --user NAME --password-file FILE`);
}

/** Calls one API operation on a team server; its error comes back as a GoldenHourError with the server's message. */
export async function callServer<K extends OperationName>(server: string, name: K, payload: unknown, token: string | null): Promise<ResponseOf<K>> {
  return new TeamServerClient(server, token, `log in again: goldenhour login --server ${server} --user NAME --password-file FILE`).call(name, payload);
}
