import { Command } from 'commander';
import { tool } from '../version.js';
import { captureCommand } from './commands/capture.js';
import { caseCommand } from './commands/case.js';
import { custodyCommand } from './commands/custody.js';
import { duplicatesCommand } from './commands/duplicates.js';
import { exportCommand } from './commands/export.js';
import { ingestCommand } from './commands/ingest.js';
import { itemsCommand } from './commands/items.js';
import { itemCommand } from './commands/item.js';
import { keyCommand } from './commands/key.js';
import { settingsCommand } from './commands/settings.js';
import { demoCommand } from './commands/demo.js';
import { serveCommand } from './commands/serve.js';
import { timelineCommand } from './commands/timeline.js';
import { verifyCommand } from './commands/verify.js';
import { withdrawCommand } from './commands/withdraw.js';
import { watchCommand } from './commands/watch.js';
import { changesCommand } from './commands/changes.js';
import { serverCommand } from './commands/server.js';
import { loginCommand } from './commands/login.js';
import { pushCommand } from './commands/push.js';
import { workerCommand } from './commands/worker.js';

/** The `goldenhour` command line: each command lives in its own file under commands/. */
export function createProgram(): Command {
  const program = new Command('goldenhour')
    .description('Golden Hour: capture, seal and review online evidence around an incident scene')
    .version(tool.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // `server --db URL` and `server user add NAME --db URL`: each --db belongs to the command it follows.
    .enablePositionalOptions();
  const commands = [
    caseCommand(),
    ingestCommand(),
    captureCommand(),
    watchCommand(),
    changesCommand(),
    itemsCommand(),
    itemCommand(),
    timelineCommand(),
    duplicatesCommand(),
    withdrawCommand(),
    custodyCommand(),
    serveCommand(),
    serverCommand(),
    loginCommand(),
    pushCommand(),
    workerCommand(),
    demoCommand(),
    exportCommand(),
    verifyCommand(),
    keyCommand(),
    settingsCommand(),
  ];
  for (const command of commands) program.addCommand(command);
  return program;
}
