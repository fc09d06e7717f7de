import { CommanderError, type Command } from 'commander';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import { ExitCode } from './context.js';
import { createProgram } from './program.js';
import { escapeForTerminal } from '../util/terminal-text.js';

/** Makes every (sub)command throw instead of exiting, so exit codes are decided in one place. */
function exitOverrideAll(command: Command): void {
  command.exitOverride();
  command.commands.forEach(exitOverrideAll);
}

async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  exitOverrideAll(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse failure is a usage error (already printed).
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof GoldenHourError) {
      process.stderr.write(`goldenhour: ${error.message.split('\n').map(escapeForTerminal).join('\n')}\n`);
      return error.code === 'verification-failed' ? ExitCode.partial : error.code === 'internal' ? ExitCode.partial : ExitCode.usage;
    }
    process.stderr.write(`goldenhour: unexpected error: ${escapeForTerminal(errorMessage(error))}\n`);
    if (process.env.GOLDENHOUR_DEBUG) console.error(error);
    return ExitCode.partial;
  }
}

process.exitCode = await main(process.argv);
