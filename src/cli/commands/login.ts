import { Command } from 'commander';
import { callServer, parseServerUrl, saveSession } from '../team-client.js';
import { readPasswordFile } from '../team-options.js';
import { printJson, printLines } from '../output.js';
import { invalidInput } from '../../util/errors.js';

interface LoginOptions {
  server?: string;
  user?: string;
  passwordFile?: string;
  json?: boolean;
}

/** `goldenhour login`: signs in to a team server and keeps the session for later commands. */
export function loginCommand(): Command {
  return new Command('login')
    .description('sign in to a team server; the session is kept in your config folder (owner-only) for --server commands')
    .option('--server <url>', 'the team server (default: $GOLDENHOUR_SERVER)')
    .option('--user <name>', 'your user name on it')
    .option('--password-file <file>', 'file holding your password on one line (mode 600)')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: LoginOptions) => {
      const server = parseServerUrl(options.server);
      if (!options.user) throw invalidInput('Expected --user NAME (your user name on the team server) but received nothing');
      const password = readPasswordFile(options.passwordFile);
      const session = await callServer(server, 'session.login', { user: options.user, password }, null);
      const file = saveSession(server, { user: session.user, token: session.token, expiresAt: session.expiresAt });
      if (options.json) printJson({ server, user: session.user, admin: session.admin, expiresAt: session.expiresAt, sessionFile: file });
      else printLines([`Signed in to ${server} as ${session.user} until ${session.expiresAt} (UTC).`]);
    });
}
