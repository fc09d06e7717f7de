import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultUserDataDir } from '../config/data-dir.js';

/**
 * Where team-server sessions are kept on this machine: `team-sessions.json` in the user's config
 * folder (file 0600, folder 0700), one session per server. `goldenhour login` and the app's
 * "Connect to a team server" share it, so either signs the other in.
 */
export function sessionsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultUserDataDir(process.platform, env), 'team-sessions.json');
}

/** A session kept for a server. */
export interface KeptSession {
  user: string;
  token: string;
  expiresAt: string;
}

export type Sessions = Record<string, KeptSession>;

/** The kept sessions (none when the file is missing or unreadable). */
export function readSessions(file: string): Sessions {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Sessions;
  } catch {
    return {};
  }
}

function writeSessions(file: string, sessions: Sessions): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(sessions, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/** Keeps a session for a server (file 0600, folder 0700); returns the file. */
export function keepSession(file: string, server: string, session: KeptSession): string {
  writeSessions(file, { ...readSessions(file), [server]: session });
  return file;
}

/** Forgets the session kept for a server. */
export function forgetSession(file: string, server: string): void {
  const sessions = readSessions(file);
  if (!(server in sessions)) return;
  delete sessions[server];
  writeSessions(file, sessions);
}

/** Where the app notes which team server it is connected to (beside the sessions, mode 600). */
export function appConnectionFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultUserDataDir(process.platform, env), 'app-team-server.json');
}
