import { resolve } from 'node:path';
import { Command } from 'commander';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import { readFileSync } from 'node:fs';
import { parseCaseId, withApi, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines, table } from '../output.js';

interface CustodyOptions extends CommonOptions {
  verify?: boolean;
  against?: string[];
  tsaCa?: string;
}

/** `goldenhour custody CASE [--verify]`: exit 1 when verification finds problems. */
export function custodyCommand(): Command {
  return withCommonOptions(
    new Command('custody')
      .description("show a case's custody ledger; with --verify, check the chain, the database and every blob")
      .argument('<case>', 'case id')
      .option('--verify', 'walk the hash chain, compare covered rows and re-hash every blob in the vault')
      .option('--against <bundle>', 'with --verify: an earlier bundle whose ledger the case must still contain (repeatable)',
        (value: string, previous: string[] = []) => [...previous, value])
      .option('--tsa-ca <file>', "with --verify: PEM roots the anchors' time-stamping authorities must chain to"),
    { operator: true },
  ).action(async (caseArg: string, options: CustodyOptions) => {
    const caseId = parseCaseId(caseArg);
    if ((options.against || options.tsaCa) && !options.verify) throw new GoldenHourError('invalid-input', `${options.against ? '--against BUNDLE.zip' : '--tsa-ca'} is used during --verify: add --verify`);
    if (options.verify) {
      const against = options.against?.map((path) => resolve(path));
      const tsaCaPem = options.tsaCa !== undefined ? readPemFile(options.tsaCa) : undefined;
      const report = await withApi(options, (api) => api.call('custody.verify', { caseId, operator: options.operator, ...(against ? { against } : {}), ...(tsaCaPem ? { tsaCaPem } : {}) }));
      if (options.json) printJson(report);
      else {
        printLines([
          `Case ${report.caseId}: ${report.entries} ledger entries, ${report.items} items, ${report.blobs} blobs re-hashed.`,
          ...(report.anchors.count > 0 ? [`Anchors: ${report.anchors.intact} of ${report.anchors.count} hold.`] : []),
          ...report.witnesses.map((w) => `Against ${w.name} (exported ${w.exportedAt}, ledger up to entry ${w.headSeq}): ${w.ok ? 'the ledger still holds every entry it recorded.' : 'DIFFERS.'}`),
          report.ok ? 'Custody verified: intact.' : `Custody verification FAILED: ${report.problems.length} problem(s):`,
          ...report.problems.map((p) => `  ${p.itemId !== null ? `item ${p.itemId}` : 'case'}: ${p.problem}`),
          ...report.notes.map((note) => `note: ${note}`),
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

function readPemFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new GoldenHourError('invalid-input', `Expected --tsa-ca to name a readable PEM file but ${file} could not be read: ${errorMessage(error)}`);
  }
}
