import { Command } from 'commander';
import { groupFingerprint } from '../../bundle/signing-key.js';
import { GoldenHourError } from '../../util/errors.js';
import { parseCaseId, withApi, withCommonOptions, type CommonOptions } from '../context.js';
import { formatSize, printJson, printLines } from '../output.js';

interface ExportOptions extends CommonOptions {
  out?: string;
  from?: string;
  to?: string;
  items?: string;
  tsa?: string;
}

/** Reads `--items 3,4,9`. */
export function parseItemIds(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0 || parts.some((part) => !/^\d+$/.test(part) || Number(part) < 1)) {
    throw new GoldenHourError('invalid-input', `Expected --items to be item ids separated by commas (e.g. 3,4,9) but received ${JSON.stringify(value)}`);
  }
  return [...new Set(parts.map(Number))];
}

/** `goldenhour export CASE --out FILE.zip`: a sealed bundle, recorded in the case's custody ledger. */
export function exportCommand(): Command {
  return withCommonOptions(
    new Command('export')
      .description('write a sealed evidence bundle (zip) of a case: evidence, items, manifest, SHA256SUMS, custody, timeline, map, CASE/UCO, offline report, signature')
      .argument('<case>', 'case id')
      .requiredOption('--out <file.zip>', 'the bundle to write (never overwritten)')
      .option('--from <iso>', 'only items whose event time is at or after this (ISO 8601)')
      .option('--to <iso>', 'only items whose event time is at or before this (ISO 8601)')
      .option('--items <ids>', 'only these items, e.g. 3,4,9 (a page brings its children)')
      .option('--tsa <url>', 'also get an RFC 3161 timestamp of the manifest from this time-stamping authority'),
    { operator: true },
  ).action(async (caseArg: string, options: ExportOptions) => {
    const caseId = parseCaseId(caseArg);
    const items = options.items !== undefined ? parseItemIds(options.items) : undefined;
    const result = await withApi(options, (api) =>
      api.call('bundle.export', { caseId, out: options.out, from: options.from, to: options.to, items, tsa: options.tsa, operator: options.operator }, {
        emit: (event) => {
          if (!options.json && event.topic === 'bundle.progress' && process.stderr.isTTY) process.stderr.write(`\r${String(event.done)}/${String(event.total)} files...`);
        },
      }),
    );
    if (!options.json && process.stderr.isTTY) process.stderr.write('\r');
    if (options.json) {
      printJson(result);
      return;
    }
    printLines([
      `Exported ${result.itemIds.length} item(s), ${result.files} files, to ${result.path} (${formatSize(result.size)})`,
      `  Bundle SHA-256:   ${result.sha256}`,
      `  Manifest SHA-256: ${result.manifestSha256}`,
      `  Signed with key:  ${groupFingerprint(result.fingerprint)}`,
      ...(result.timestamp ? [`  Timestamp:        ${result.timestamp.genTime} from ${result.timestamp.tsaUrl}`] : []),
      `  Recorded in the custody ledger as entry ${result.custodySeq}.`,
      `Check it with: goldenhour verify ${result.path}`,
    ]);
  });
}
