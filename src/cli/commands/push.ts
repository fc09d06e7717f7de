import { Command } from 'commander';
import { pushThroughServer } from '../../api/push-sender.js';
import { invalidInput } from '../../util/errors.js';
import { parseCaseId, withApi } from '../context.js';
import { printJson, printLines } from '../output.js';
import { parseServerUrl, signedInClient } from '../team-client.js';

interface PushOptions {
  data?: string;
  server?: string;
  toCase?: string;
  json?: boolean;
}

/**
 * `goldenhour push LOCAL_CASE --data DIR --server URL --to-case N`: a case captured offline goes
 * into a team case, each item as it stands locally (its files, attached files, record and the page
 * it belongs to), checked against the local ledger and re-hashed on arrival (src/api/push-sender.ts).
 */
export function pushCommand(): Command {
  return new Command('push')
    .description('send a case captured on this machine into a case of a team server (its ledger verified and kept, every file re-hashed there)')
    .argument('<local-case>', 'case id in the local data folder')
    .option('--data <dir>', 'the local data directory (default: $GOLDENHOUR_DATA, else the per-user app data folder)')
    .option('--server <url>', 'the team server (default: $GOLDENHOUR_SERVER); sign in first with goldenhour login')
    .option('--to-case <id>', 'the case on the team server to push into (you must be its lead or an investigator)')
    .option('--json', 'print machine-readable JSON')
    .action(async (caseArg: string, options: PushOptions) => {
      const localCaseId = parseCaseId(caseArg);
      if (options.toCase === undefined) throw invalidInput('Expected --to-case N (the case on the team server to push into) but received nothing');
      const teamCaseId = parseCaseId(options.toCase);
      const client = signedInClient(parseServerUrl(options.server));
      const report = await withApi({ data: options.data }, (_api, core) => pushThroughServer(core, client, localCaseId, teamCaseId, (sent, of) => {
        if (!options.json) process.stderr.write(`${sent} of ${of} items sent\n`);
      }));
      if (options.json) printJson(report);
      else {
        printLines([
          `Pushed local case ${report.localCase} (ledger up to entry ${report.headSeq}, ${report.headHash.slice(0, 16)}) into case ${report.teamCase} on ${report.server}:`,
          `  ${report.added} item(s) added, ${report.alreadyPresent} already there, ${report.failed.length} failed`,
          report.recorded ? '  Recorded in the team case\'s ledger as received from it, with its ledger kept.' : '  This ledger head was already recorded there: nothing more to add.',
        ]);
        for (const failure of report.failed) process.stderr.write(`failed: ${failure.path}: ${failure.error}\n`);
      }
      if (report.failed.length > 0) process.exitCode = 1;
    });
}
