import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { errorMessage, GoldenHourError } from '../util/errors.js';

/**
 * Where the passwords of the proxies that watches go through are kept, by name, on this machine
 * only: never in the case database (which a team may share on PostgreSQL, and which is copied
 * in backups), never in the ledger or a bundle. A watch's settings keep the proxy without its
 * password and the name it is kept under.
 */
export interface ProxyPasswords {
  get(name: string): string | null;
  set(name: string, password: string): void;
  /** Where they are kept, for messages. */
  readonly where: string;
}

const fileSchema = z.record(z.string(), z.string());

/**
 * Proxy passwords in `DATA/keys/proxy-passwords.json`: owner-only (folder 0700, file 0600, as the
 * signing key), written whole to a new file and renamed into place. The desktop shell may pass
 * another store (the OS keychain); the command line has none it can count on, so this is the default.
 */
export function fileProxyPasswords(keysDir: string): ProxyPasswords {
  const file = join(keysDir, 'proxy-passwords.json');
  const read = (): Record<string, string> => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return {};
    }
    try {
      return fileSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new GoldenHourError('invalid-input', `The proxy password file ${file} is unreadable: ${errorMessage(error)}`);
    }
  };
  return {
    where: file,
    get: (name) => read()[name] ?? null,
    set: (name, password) => {
      const all = read();
      if (all[name] === password) return;
      mkdirSync(keysDir, { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ ...all, [name]: password }, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
