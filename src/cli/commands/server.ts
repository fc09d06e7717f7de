import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApi } from '../../api/api.js';
import { openCore, startAnchorTimer } from '../../core.js';
import { AccountService, defaultLoginPolicy } from '../../team/account-service.js';
import { addCaptureWorker } from '../../capture/capture-jobs.js';
import { refuseCleartext, startTeamServer } from '../../server/team-server.js';
import { systemClock } from '../../util/clock.js';
import { errorMessage, invalidInput } from '../../util/errors.js';
import { packageRoot } from '../../version.js';
import { printJson, printLines, table } from '../output.js';
import { openTeamStore, parseDatabaseUrl, readPasswordFile, redactUrl } from '../team-options.js';
import { waitForStop } from './serve.js';

interface ServerOptions {
  db?: string;
  vault?: string;
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  sessionHours: string;
  json?: boolean;
}

/** Reads `--listen HOST:PORT` (an IPv6 host in brackets: `[::1]:8080`). */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(value.trim());
  if (!match || Number(match[2]) > 65535) {
    throw invalidInput(`Expected --listen HOST:PORT (like 127.0.0.1:8080 or [::1]:8080, port 0-65535) but received ${JSON.stringify(value.slice(0, 200))}`);
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

function readTls(options: ServerOptions): { cert: Buffer; key: Buffer } | undefined {
  if (!options.tlsCert && !options.tlsKey) return undefined;
  if (!options.tlsCert || !options.tlsKey) throw invalidInput('TLS needs both --tls-cert FILE and --tls-key FILE (PEM); only one was given');
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw invalidInput(`Could not read the TLS ${what} ${path}: ${errorMessage(error)}`);
    }
  };
  return { cert: read(options.tlsCert, 'certificate'), key: read(options.tlsKey, 'key') };
}

/** `goldenhour server`: the team server, and `server user ...`: its accounts. */
export function serverCommand(): Command {
  const server = new Command('server')
    .description('serve the app and its API to a team, on a PostgreSQL database (accounts, per-case roles)')
    .enablePositionalOptions()
    .option('--db <url>', 'the PostgreSQL database: postgres://USER@HOST/DATABASE')
    .option('--vault <dir>', 'folder for the evidence vault (and the server\'s signing key, exports and uploads)')
    .option('--listen <host:port>', 'address to listen on; not loopback only with --tls-cert and --tls-key', '127.0.0.1:8080')
    .option('--tls-cert <file>', 'PEM certificate (chain) for HTTPS')
    .option('--tls-key <file>', 'PEM private key for HTTPS')
    .option('--session-hours <n>', 'how long a sign-in lasts', '12')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: ServerOptions) => runServer(options));
  server.addCommand(userCommand());
  server.addCommand(workerTokenCommand());
  return server;
}

async function runServer(options: ServerOptions): Promise<void> {
  const dbUrl = parseDatabaseUrl(options.db);
  if (!options.vault) throw invalidInput('Expected --vault DIR (the folder for the evidence vault) but received nothing');
  const { host, port } = parseListen(options.listen);
  const sessionHours = Number(options.sessionHours);
  if (!/^\d+(\.\d+)?$/.test(options.sessionHours) || sessionHours <= 0 || sessionHours > 24 * 30) {
    throw invalidInput(`Expected --session-hours to be a number of hours above 0 and at most 720 but received ${JSON.stringify(options.sessionHours)}`);
  }
  const tls = readTls(options);
  // Refused before the database is opened; startTeamServer refuses it again for any other caller.
  refuseCleartext(host, tls !== undefined);
  const store = await openTeamStore(dbUrl);
  const core = openCore({ dataDir: resolve(options.vault), store, loginPolicy: { ...defaultLoginPolicy, sessionHours } });
  try {
    const api = createApi(core);
    const started = await startTeamServer({ api, core, host, port, tls, rendererDir: join(packageRoot, 'dist', 'renderer') });
    if ((await core.accounts.users()).length === 0) {
      process.stderr.write(`note: this server has no users yet: add one with goldenhour server user add NAME --db ${redactUrl(dbUrl)} --password-file FILE --admin\n`);
    }
    if (options.json) printJson({ url: started.url, host: started.host, port: started.port, vault: core.dataDir, tls: tls !== undefined });
    else printLines([`Golden Hour team server: ${started.url}`, `Database: ${redactUrl(dbUrl)}`, `Vault: ${core.dataDir}`, 'Press Ctrl+C to stop.']);
    const watching = core.startWatching((caseId) => api.invoke('watch.runDue', { caseId }));
    const stopAnchors = startAnchorTimer(core.anchors);
    await waitForStop();
    stopAnchors();
    await watching.stop();
    await started.close();
  } finally {
    await core.close();
  }
}

interface UserOptions {
  db?: string;
  passwordFile?: string;
  admin?: boolean;
  json?: boolean;
}

/** Runs account work on the team database (no server needed), closing it after. */
async function withAccounts<T>(options: UserOptions, work: (accounts: AccountService) => Promise<T>): Promise<T> {
  const store = await openTeamStore(parseDatabaseUrl(options.db));
  try {
    return await work(new AccountService(store, systemClock));
  } finally {
    await store.close();
  }
}

function userCommand(): Command {
  const user = new Command('user').description("the team server's accounts");
  const withDb = (command: Command) => command.option('--db <url>', 'the PostgreSQL database: postgres://USER@HOST/DATABASE').option('--json', 'print machine-readable JSON');
  user.addCommand(withDb(new Command('add'))
    .description('add an account (password hashed with scrypt)')
    .argument('<name>', 'user name: letters, digits, . _ -')
    .option('--password-file <file>', 'file holding the password on one line (at least 12 characters; mode 600)')
    .option('--admin', 'may add cases for anyone to, share any case, and use the server\'s files')
    .action(async (name: string, options: UserOptions) => {
      const password = readPasswordFile(options.passwordFile);
      const added = await withAccounts(options, (accounts) => accounts.addUser(name, password, options.admin === true));
      if (options.json) printJson(added);
      else printLines([`Added ${added.admin ? 'administrator' : 'user'} ${added.name}.`]);
    }));
  user.addCommand(withDb(new Command('password'))
    .description("set a new password (the user's sessions end, and a lock is lifted)")
    .argument('<name>', 'user name')
    .option('--password-file <file>', 'file holding the new password on one line')
    .action(async (name: string, options: UserOptions) => {
      const password = readPasswordFile(options.passwordFile);
      await withAccounts(options, (accounts) => accounts.setPassword(name, password));
      if (options.json) printJson({ user: name, changed: true });
      else printLines([`New password set for ${name}; their sessions have ended.`]);
    }));
  user.addCommand(withDb(new Command('unlock'))
    .description('lift the lock wrong passwords put on an account')
    .argument('<name>', 'user name')
    .action(async (name: string, options: UserOptions) => {
      await withAccounts(options, (accounts) => accounts.unlock(name));
      if (options.json) printJson({ user: name, unlocked: true });
      else printLines([`${name} may sign in again.`]);
    }));
  user.addCommand(withDb(new Command('list'))
    .description('list the accounts')
    .action(async (options: UserOptions) => {
      const users = await withAccounts(options, (accounts) => accounts.users());
      if (options.json) printJson(users);
      else if (users.length === 0) printLines(['No users yet: add one with goldenhour server user add NAME --db URL --password-file FILE --admin']);
      else printLines(table(['NAME', 'ADMIN', 'CREATED'], users.map((u) => [u.name, u.admin ? 'yes' : 'no', u.createdAt])));
    }));
  return user;
}

interface WorkerTokenOptions {
  db?: string;
  name?: string;
  json?: boolean;
}

/** `goldenhour server worker-token`: a token for one capture worker (shown once; stored hashed). */
function workerTokenCommand(): Command {
  return new Command('worker-token')
    .description('make a token for a capture worker (goldenhour worker --server URL --token TOKEN); shown once, stored hashed')
    .option('--db <url>', 'the PostgreSQL database: postgres://USER@HOST/DATABASE')
    .option('--name <name>', 'what the worker is called in the custody ledger (letters, digits, . _ -)')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: WorkerTokenOptions) => {
      const store = await openTeamStore(parseDatabaseUrl(options.db));
      try {
        const name = options.name ?? `worker-${(await store.read((tx) => tx.captureJobs.workers())).length + 1}`;
        const { worker, token } = await addCaptureWorker(store, systemClock, name);
        if (options.json) printJson({ name: worker.name, token, createdAt: worker.createdAt });
        else printLines([`Worker ${worker.name}: ${token}`, 'Keep this token secret: it is shown only now. Start the worker with:', `  goldenhour worker --server https://SERVER --token ${token}`]);
      } finally {
        await store.close();
      }
    });
}
