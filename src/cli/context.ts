import { Command } from 'commander';
import { createApi, type Api } from '../api/api.js';
import { resolveDataDir } from '../config/data-dir.js';
import { openCore, type Core } from '../core.js';
import type { OperationName, ResponseOf } from '../api/contract.js';
import type { HandlerContext } from '../api/handler-types.js';
import type { TeamServerClient } from '../api/team-server-client.js';
import { GoldenHourError, errorMessage, invalidInput } from '../util/errors.js';
import { parseServerUrl, signedInClient } from './team-client.js';
import { escapeForTerminal } from '../util/terminal-text.js';

/** Options every command takes. */
export interface CommonOptions {
  data?: string;
  server?: string;
  json?: boolean;
  operator?: string;
}

/**
 * Adds `--data DIR`, `--server URL` (unless the command works on this machine only) and `--json`
 * (and `--operator NAME` where asked) to a command.
 */
export function withCommonOptions(command: Command, { operator = false, localOnly = false } = {}): Command {
  command.option('--data <dir>', 'data directory (default: $GOLDENHOUR_DATA, else the per-user app data folder)');
  if (!localOnly) command.option('--server <url>', 'act on a team server instead (default: $GOLDENHOUR_SERVER); sign in first with goldenhour login');
  command.option('--json', 'print machine-readable JSON');
  if (operator) command.option('--operator <name>', 'who is acting (default: $GOLDENHOUR_OPERATOR, else your user name)');
  return command;
}

/** How the core is opened for a command; the media analyser etc. are plugged in here. */
export type CoreFactory = (dataDir: string) => Core;

let coreFactory: CoreFactory = (dataDir) => openCore({ dataDir, anchorTimer: false });

/** Replaces how commands open the core (so the CLI wires in the media analyser). */
export function setCoreFactory(factory: CoreFactory): void {
  coreFactory = factory;
}

/**
 * Where a command acts: the API of this machine's data folder, or a team server's over HTTP (the
 * same operations of the contract). `server` is set on a team server, for what moves files.
 */
export interface Door {
  call<K extends OperationName>(name: K, payload: unknown, context?: HandlerContext): Promise<ResponseOf<K>>;
  server: TeamServerClient | null;
}

/** The team server a command is meant for: `--server`, else `GOLDENHOUR_SERVER` unless `--data` is given. */
export function chosenServer(options: CommonOptions, env: NodeJS.ProcessEnv = process.env): string | null {
  if (options.server !== undefined && options.data !== undefined) {
    throw invalidInput('Expected --data DIR (this machine\'s data folder) or --server URL (a team server), not both');
  }
  if (options.server !== undefined) return parseServerUrl(options.server);
  if (options.data === undefined && env.GOLDENHOUR_SERVER) return parseServerUrl(undefined, env);
  return null;
}

/** Runs a command on the team server named by --server (or GOLDENHOUR_SERVER), else on the local data folder. */
export async function withDoor<T>(options: CommonOptions, run: (door: Door) => Promise<T>): Promise<T> {
  const server = chosenServer(options);
  if (server === null) return withApi(options, (api) => run({ call: (name, payload, context) => api.call(name, payload, context), server: null }));
  const client = signedInClient(server);
  return run({ call: (name, payload) => client.call(name, payload), server: client });
}

/** Opens the core for one command, runs it, and always closes the database. */
export async function withApi<T>(options: CommonOptions, run: (api: Api, core: Core) => Promise<T>): Promise<T> {
  const core = coreFactory(resolveDataDir(options.data));
  for (const note of core.notes) process.stderr.write(`note: ${escapeForTerminal(note)}\n`);
  try {
    return await run(createApi(core), core);
  } finally {
    try {
      await takeAnchors(core);
    } finally {
      await core.close();
    }
  }
}

/**
 * Before a command exits, the ledger heads it moved are anchored with the configured
 * time-stamping authorities (waiting out the one-request-per-interval spacing if need be). An
 * authority that cannot be reached leaves the anchor waiting for the next command or the app;
 * that is said on stderr, and the command's own result stands.
 */
async function takeAnchors(core: Core): Promise<void> {
  if (!core.anchors.enabled()) return;
  let outcomes;
  try {
    outcomes = await core.anchors.anchorPending({ wait: true });
  } catch (error) {
    process.stderr.write(`note: the ledger could not be anchored (${escapeForTerminal(errorMessage(error))}); it waits for the next command or the app\n`);
    return;
  }
  for (const outcome of outcomes) {
    if (outcome.state === 'failed') {
      process.stderr.write(`note: case ${outcome.caseId}'s ledger could not be anchored with ${outcome.tsaUrl} (${escapeForTerminal(outcome.message ?? 'no answer')}); it waits for the next command or the app\n`);
    }
  }
}

/** Reads a CASE argument: a positive whole number. */
export function parseCaseId(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new GoldenHourError('invalid-input', `Expected a case id (a positive whole number, see \`goldenhour case list\`) but received ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Process exit codes: 0 success, 1 a verification failed or some inputs failed, 2 usage or input error. */
export const ExitCode = { ok: 0, partial: 1, usage: 2 } as const;
