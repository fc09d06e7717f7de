import { Command } from 'commander';
import { createApi, type Api } from '../api/api.js';
import { resolveDataDir } from '../config/data-dir.js';
import { openCore, type Core } from '../core.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import { escapeForTerminal } from '../util/terminal-text.js';

/** Options every command takes. */
export interface CommonOptions {
  data?: string;
  json?: boolean;
  operator?: string;
}

/** Adds `--data DIR` and `--json` (and `--operator NAME` where asked) to a command. */
export function withCommonOptions(command: Command, { operator = false } = {}): Command {
  command.option('--data <dir>', 'data directory (default: $GOLDENHOUR_DATA, else the per-user app data folder)');
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
