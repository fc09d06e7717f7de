import { Command } from 'commander';
import { parseCaseId, withApi, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines, table } from '../output.js';

interface CustodyOptions extends CommonOptions {
  verify?: boolean;
}

/** `goldenhour custody CASE [--verify]`: exit 1 when verification finds problems. */
export function custodyCommand(): Command {
  return withCommonOptions(
    new Command('custody')
      .description("show a case's custody ledger; with --verify, check the chain, the database and every blob")
      .argument('<case>', 'case id')
      .option('--verify', 'walk the hash chain, compare covered rows and re-hash every blob in the vault'),
    { operator: true },
  ).action(async (caseArg: string, options: CustodyOptions) => {
    const caseId = parseCaseId(caseArg);
    if (options.verify) {
      const report = await withApi(options, (api) => api.call('custody.verify', { caseId, operator: options.operator }));
      if (options.json) printJson(report);
      else {
        printLines([
          `Case ${report.caseId}: ${report.entries} ledger entries, ${report.items} items, ${report.blobs} blobs re-hashed.`,
          report.ok ? 'Custody verified: intact.' : `Custody verification FAILED: ${report.problems.length} problem(s):`,
          ...report.problems.map((p) => `  ${p.itemId !== null ? `item ${p.itemId}` : 'case'}: ${p.problem}`),
        ]);
      }
      if (!report.ok) process.exitCode = 1;
      return;
    }
    const entries = await withApi(options, (api) => api.call('custody.list', { caseId }));
    if (options.json) printJson(entries);
    else {
      printLines(table(
        ['SEQ', 'TIME (UTC)', 'OPERATOR', 'ACTION', 'ITEM', 'HASH'],
        entries.map((e) => [String(e.seq), e.at, e.operator, e.action, e.itemId === null ? '-' : String(e.itemId), e.hash.slice(0, 16)]),
      ));
    }
  });
}
