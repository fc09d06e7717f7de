import type { OperationName, ResponseOf } from '../api/contract.js';
import { keepSession, readSessions, sessionsFile, type KeptSession } from '../api/team-sessions.js';
import { TeamServerClient } from '../api/team-server-client.js';
import { GoldenHourError, invalidInput } from '../util/errors.js';

/** Where `goldenhour login` keeps session tokens, per server (owner-only). */
export { sessionsFile };

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

function readKeptSessions() {
  return readSessions(sessionsFile());
}

/** Keeps a session for a server in the user's config (file 0600, folder 0700). */
export function saveSession(server: string, session: KeptSession): string {
  return keepSession(sessionsFile(), server, session);
}

/**
 * The token `goldenhour login` kept for a server, or a clear error saying to sign in. Whether it
 * has ended is the server's to say (its clock, not this machine's): it answers 401, and the
 * message says to sign in again.
 */
export function sessionToken(server: string): string {
  const session = readKeptSessions()[server];
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
