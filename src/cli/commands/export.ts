import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command } from 'commander';
import type { TeamServerClient } from '../../api/team-server-client.js';
import { groupFingerprint } from '../../bundle/format/signing-key.js';
import { GoldenHourError } from '../../util/errors.js';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions } from '../context.js';
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
    const request = { caseId, from: options.from, to: options.to, items, tsa: options.tsa };
    const result = await withDoor(options, async (door) => {
      if (door.server) return exportThroughServer(door.server, request, options);
      return door.call('bundle.export', { ...request, out: options.out, operator: options.operator }, {
        emit: (event) => {
          if (!options.json && event.topic === 'bundle.progress' && process.stderr.isTTY) process.stderr.write(`\r${String(event.done)}/${String(event.total)} files...`);
        },
      });
    });
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

/**
 * `export --server`: the server seals the bundle in the user's own exports folder there (recorded
 * in the team case's ledger under the signed-in user), and it is downloaded to --out, hashed as it
 * arrives and kept only if it is the bundle the server sealed.
 */
async function exportThroughServer(client: TeamServerClient, request: { caseId: number; from?: string; to?: string; items?: number[]; tsa?: string }, options: ExportOptions) {
  if (options.operator !== undefined) throw new GoldenHourError('invalid-input', '--operator is not used with --server: the team server records every change under the signed-in user');
  const out = resolve(String(options.out));
  if (existsSync(out)) throw new GoldenHourError('conflict', `${out} already exists: a bundle is never written over another file`);
  const { path: onServer } = await client.call('export.suggestPath', { caseId: request.caseId });
  const result = await client.call('bundle.export', { ...request, out: onServer });
  await client.downloadExport(basename(result.path), out, result.sha256);
  return { ...result, path: out };
}
