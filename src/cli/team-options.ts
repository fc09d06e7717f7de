import { readFileSync, statSync } from 'node:fs';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import type { Store } from '../store/repositories.js';
import { systemClock } from '../util/clock.js';
import { GoldenHourError, errorMessage, invalidInput } from '../util/errors.js';

/** Reads `--db`: a PostgreSQL connection URL. */
export function parseDatabaseUrl(value: string | undefined): string {
  if (!value) throw invalidInput('Expected --db postgres://USER@HOST/DATABASE (the team server\'s PostgreSQL database) but received nothing');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidInput(`Expected --db to be a URL like postgres://USER@HOST/DATABASE but received ${JSON.stringify(value.slice(0, 200))}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw invalidInput(`Expected --db to start with postgres:// but received ${JSON.stringify(`${url.protocol}//...`)}`);
  }
  if (url.pathname.length <= 1) throw invalidInput(`Expected --db to name a database (postgres://USER@HOST/DATABASE) but ${JSON.stringify(redactUrl(value))} names none`);
  return value;
}

/** The URL without its password, for messages. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}

/** Connects to the team database and brings its schema up to date, or says why it could not. */
export async function openTeamStore(dbUrl: string): Promise<Store> {
  try {
    return await PostgresStore.open(dbUrl, systemClock);
  } catch (error) {
    if (error instanceof GoldenHourError) throw error;
    // pg's words when the server wants a password and none was given.
    const noPassword = /password must be a string/.test(errorMessage(error));
    throw new GoldenHourError('unavailable', noPassword
      ? `The PostgreSQL database ${redactUrl(dbUrl)} asks for a password: set PGPASSWORD (or write it in the URL)`
      : `Could not open the PostgreSQL database ${redactUrl(dbUrl)}: ${errorMessage(error)}`);
  }
}

/**
 * Reads a password from a file (its one line; a final line break is not part of it). A file
 * others may read is refused: the password would not be the user's alone.
 */
export function readPasswordFile(path: string | undefined): string {
  if (!path) throw invalidInput('Expected --password-file FILE (a file holding the password on one line) but received nothing');
  let text: string;
  try {
    const mode = statSync(path).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw invalidInput(`The password file ${path} may be read by other users (mode ${(mode & 0o777).toString(8)}): make it yours alone with chmod 600 ${path}`);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof GoldenHourError) throw error;
    throw invalidInput(`Could not read the password file ${path}: ${errorMessage(error)}`);
  }
  const password = text.replace(/\r?\n$/, '');
  if (password.includes('\n')) throw invalidInput(`The password file ${path} holds more than one line: put only the password in it`);
  if (password === '') throw invalidInput(`The password file ${path} is empty`);
  return password;
}
