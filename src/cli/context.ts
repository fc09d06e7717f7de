import { Command } from 'commander';
import { createApi, type Api } from '../api/api.js';
import { resolveDataDir } from '../config/data-dir.js';
import { openCore, type Core } from '../core.js';
import { GoldenHourError } from '../util/errors.js';

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

let coreFactory: CoreFactory = (dataDir) => openCore({ dataDir });

/** Replaces how commands open the core (so the CLI wires in the media analyser). */
export function setCoreFactory(factory: CoreFactory): void {
  coreFactory = factory;
}

/** Opens the core for one command, runs it, and always closes the database. */
export async function withApi<T>(options: CommonOptions, run: (api: Api, core: Core) => Promise<T>): Promise<T> {
  const core = coreFactory(resolveDataDir(options.data));
  try {
    return await run(createApi(core), core);
  } finally {
    core.close();
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
